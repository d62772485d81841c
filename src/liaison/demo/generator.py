"""``generate_demo``: the story of the seed document as records of many agencies.

Pure and deterministic: one ``random.Random(seed)`` drives every choice, ids are
``uuid5`` of the seed and a counter, and nothing iterates a hash-ordered set, so the same
seed and size give byte-identical data on any machine and any ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import random

from liaison.demo.cast import DEFAULT_SUBJECTS, cast_story
from liaison.demo.dataset import DemoAgency, DemoData, DemoUser, TruthRecord
from liaison.demo.dossiers import Dossiers
from liaison.demo.story import Story, demo_story
from liaison.demo.tables import name_tables
from liaison.errors import ValidationFailed

DEFAULT_SEED = 2026


def demo_agencies(story: Story) -> list[DemoAgency]:
    """The agencies of the story, parents before their units."""
    return [DemoAgency(a.code, a.nation, a.name, a.parent) for a in story.agencies]


def demo_users(story: Story) -> list[DemoUser]:
    """One user per role of each agency, named ``<agency code>.<role>`` in lower case."""
    return [
        DemoUser(f"{a.code.lower()}.{role}", a.code, role, display_name)
        for a in story.agencies
        for role, display_name in a.users
    ]


def generate_demo(seed: int = DEFAULT_SEED, subjects: int = DEFAULT_SUBJECTS) -> DemoData:
    """The demo for a seed, with at least ``subjects`` subject records over all agencies.

    The same seed and size always give the same data, record ids included.
    """
    if subjects < 1:
        raise ValidationFailed(f"the demo needs at least 1 subject, not {subjects}")
    rng = random.Random(seed)
    story = demo_story()
    characters = cast_story(rng, name_tables(), story, subjects)
    files = Dossiers(rng, story, seed)
    files.subjects(characters)
    files.gangs(characters)
    files.relations(characters)
    files.operations_of(characters)
    files.cases(characters)
    refs = {
        r.record_id: str(r.data["ref"])
        for kinds in files.records.values()
        for r in kinds["subject"]
    }
    truth: dict[str, list[TruthRecord]] = {}
    for character in characters:
        for seen in character.appearances:
            truth.setdefault(character.person.id, []).append(
                TruthRecord(seen.record_id, seen.agency, refs[seen.record_id])
            )
    return DemoData(seed, demo_agencies(story), demo_users(story), files.records, truth)
