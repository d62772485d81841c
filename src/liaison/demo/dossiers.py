"""The agencies' files built from the cast: subjects, gangs, relations, operations, cases.

Every link (a membership's gang, an operation's subjects, a case's records) points at a
record of the same agency, because an agency can only link what it can read. Ids are
``uuid5`` of the seed and a counter, so a seed always gives the same ids.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from liaison.demo.cast import LEADS, Appearance, Character
from liaison.demo.dataset import KINDS, DemoRecord
from liaison.demo.story import CaseSpec, Gang, Story
from liaison.demo.subjects import subject_record
from liaison.domain.offences import offence_taxonomy

# Fixed namespace of the demo's record ids (uuid5 of the seed and a counter).
ID_NAMESPACE = uuid.UUID("6f1c2a4e-3b0d-5c8e-9a71-2d4b6e8f0a13")

# Which of a gang's names an agency writes first, by the agency's style.
_GANG_NAME_ORDER = {
    "khmer": ("en", "km", "hans", "hant"),
    "mainland": ("hans", "en", "hant"),
    "taiwan": ("hant", "en", "hans"),
    "thai": ("th", "en", "hans"),
    "vietnamese": ("vi", "en", "hans"),
    "us": ("en", "hant", "vi"),
}
_TO_LEADER = ("reports to", "recruited by", "paid by")
_TO_MEMBER = ("co-accused with", "shares a phone with", "travelled with", "shares a room with")


class Dossiers:
    """Each agency's records, built kind by kind."""

    def __init__(self, rng: random.Random, story: Story, seed: int) -> None:
        self.rng, self.story, self.seed = rng, story, seed
        self.records: dict[str, dict[str, list[DemoRecord]]] = {
            a.code: {kind: [] for kind in KINDS} for a in story.agencies
        }
        self.organisations: dict[tuple[str, str], str] = {}  # (agency, gang) -> id
        self.operations: dict[str, str] = {}  # operation key -> id
        self._made = 0

    def _add(self, agency: str, kind: str, data: dict[str, Any]) -> str:
        self._made += 1
        record_id = str(uuid.uuid5(ID_NAMESPACE, f"{self.seed}/{kind}/{self._made}"))
        self.records[agency][kind].append(DemoRecord(record_id, data))
        return record_id

    def _ref(self, agency: str, kind: str, year: int) -> str:
        spec = self.story.agency(agency)
        serial = len(self.records[agency][kind]) + 1
        label = {"subject": "", "organisation": "ORG-", "operation": "OP-", "case": "CASE-"}[kind]
        if kind == "organisation":
            return f"{spec.ref_prefix}-{label}{serial:03d}"
        return f"{spec.ref_prefix}-{label}{spec.year(year)}-{serial:05d}"

    def subjects(self, characters: list[Character]) -> None:
        """One subject record per appearance, in cast order."""
        for character in characters:
            for seen in character.appearances:
                ref = self._ref(seen.agency, "subject", seen.date.year)
                data = subject_record(self.rng, self.story, character, seen, ref)
                seen.record_id = self._add(seen.agency, "subject", data)

    def gangs(self, characters: list[Character]) -> None:
        """A record of each gang in every agency that holds a member or a case about it."""
        known: set[tuple[str, str]] = set()
        for character in characters:
            if character.gang:
                known.update((s.agency, character.gang.key) for s in character.appearances)
        known.update((case.owner, gang) for case in self.story.cases for gang in case.gangs)
        for agency in self.story.agencies:
            for gang in self.story.gangs:
                if (agency.code, gang.key) in known:
                    data = self._gang_record(gang, agency.code)
                    self.organisations[(agency.code, gang.key)] = self._add(
                        agency.code, "organisation", data
                    )

    def _gang_record(self, gang: Gang, agency: str) -> dict[str, Any]:
        order = _GANG_NAME_ORDER[self.story.agency(agency).style]
        names = [gang.names[k] for k in order if k in gang.names]
        aliases = list(dict.fromkeys([*names[1:], *gang.aliases]))
        labels = ", ".join(offence_taxonomy()[o].label.lower() for o in gang.offences)
        return {
            "ref": self._ref(agency, "organisation", 0),
            "name": names[0],
            "aliases": [a for a in aliases if a != names[0]],
            "type": "gang",
            "countries": list(gang.countries),
            "source_reliability": "B",
            "information_accuracy": "2",
            "notes": f"Suspected of {labels}.",
        }

    def relations(self, characters: list[Character]) -> None:
        """Memberships, associates (to leaders and fellow members) and families."""
        rng = self.rng
        first: dict[tuple[str, str], str] = {}  # (person, agency) -> first record there
        for character in characters:
            for seen in character.appearances:
                first.setdefault((character.person.id, seen.agency), seen.record_id)
        crews: dict[tuple[str, str], list[tuple[Character, str]]] = {}
        for character in characters:
            gang = character.gang
            if gang is None:
                continue
            for seen in _first_per_agency(character).values():
                org = self.organisations.get((seen.agency, gang.key))
                crews.setdefault((seen.agency, gang.key), []).append((character, seen.record_id))
                if org and rng.random() < 0.85:
                    joined = rng.randint(max(2008, seen.date.year - 8), seen.date.year)
                    start = f"{joined}"
                    if rng.random() < 0.4:
                        last = seen.date.month if joined == seen.date.year else 12
                        start += f"-{rng.randint(1, last):02d}"
                    self._relation(
                        seen.agency, "membership", seen.record_id, org, character.part, start
                    )
        for (agency, _), crew in crews.items():
            leads = [record for member, record in crew if member.part in LEADS]
            pairs: set[tuple[str, str]] = set()
            for member, record in crew:
                if leads and member.part not in LEADS and rng.random() < 0.35:
                    self._associate(
                        agency, record, rng.choice(leads), rng.choice(_TO_LEADER), pairs
                    )
                if len(crew) > 1 and rng.random() < 0.15:
                    other = rng.choice(crew)[1]
                    self._associate(agency, record, other, rng.choice(_TO_MEMBER), pairs)
        for character in characters:
            for kin, kinship in character.kin:
                if character.person.id > kin.person.id:
                    continue  # one relation per pair
                for seen in _first_per_agency(character).values():
                    relative = first.get((kin.person.id, seen.agency))
                    if relative:
                        self._relation(seen.agency, "family", seen.record_id, relative, kinship)

    def _associate(
        self, agency: str, source: str, target: str, role: str, pairs: set[tuple[str, str]]
    ) -> None:
        pair = (min(source, target), max(source, target))
        if source != target and pair not in pairs:
            pairs.add(pair)
            self._relation(agency, "associate", source, target, role)

    def _relation(
        self, agency: str, kind: str, source: str, target: str, role: str, start: str | None = None
    ) -> None:
        data: dict[str, Any] = {
            "type": kind,
            "subject_id": source,
            "target_id": target,
            "role": role,
        }
        if start:
            data["start"] = start
        self._add(agency, "relation", data)

    def operations_of(self, characters: list[Character]) -> None:
        """Each operation of the story with the subjects involved and what became of them."""
        involved: dict[str, list[dict[str, Any]]] = {key: [] for key in self.story.operations}
        for character in characters:
            for seen in character.appearances:
                op = self.story.operations.get(seen.operation or "")
                if op and op.owner == seen.agency:
                    involved[op.key].extend(_involvement(seen))
        for op in self.story.operations.values():
            subjects = involved[op.key]
            arrested = {s["subject_id"] for s in subjects if s["outcome"] != "rescued"}
            rescued = {s["subject_id"] for s in subjects if s["outcome"] == "rescued"}
            extra = op.sweep.unrecorded_victims if op.sweep else 0  # rescued, not on file
            data: dict[str, Any] = {
                "ref": self._ref(op.owner, "operation", op.start.year),
                "name": op.name,
                "start_date": op.start.isoformat(),
                "place": op.place,
                "country": op.country,
                "agencies": list(op.agencies),
                "arrests": len(arrested),
                "rescued_victims": len(rescued) + extra,
                "seizures": [{"item": i, "quantity": q, "unit": u} for i, q, u in op.seizures],
                "subjects": subjects,
                "source_reliability": "A",
                "information_accuracy": "1",
            }
            if op.end:
                data["end_date"] = op.end.isoformat()
            self.operations[op.key] = self._add(op.owner, "operation", data)

    def cases(self, characters: list[Character]) -> None:
        """The story's cases, then small everyday cases of each agency's other subjects."""
        for spec in self.story.cases:
            self._story_case(spec, characters)
        everyday: dict[str, list[Appearance]] = {}
        for character in characters:
            for seen in character.appearances:
                if seen.context == "background" and self.rng.random() < 0.6:
                    everyday.setdefault(seen.agency, []).append(seen)
        for agency in self.story.agencies:
            waiting = everyday.get(agency.code, [])
            while waiting:
                size = self.rng.randint(1, 5)
                group, waiting = waiting[:size], waiting[size:]
                self._everyday_case(agency.code, group)

    def _story_case(self, spec: CaseSpec, characters: list[Character]) -> None:
        subjects: list[str] = []
        for character in characters:
            seen = next((s for s in character.appearances if s.agency == spec.owner), None)
            if seen is not None:
                member = character.gang is not None and character.gang.key in spec.gangs
                victim = any(o.outcome == "rescued" for o in seen.outcomes)
                in_op = seen.operation in spec.operations and (spec.victims or not victim)
                if in_op or member:
                    subjects.append(seen.record_id)
        self._add(
            spec.owner,
            "case",
            {
                "ref": self._ref(spec.owner, "case", spec.opened.year),
                "title": spec.title,
                "offences": list(spec.offences),
                "status": spec.status,
                "opened": spec.opened.isoformat(),
                "subject_ids": subjects,
                "organisation_ids": [
                    self.organisations[(spec.owner, g)]
                    for g in spec.gangs
                    if (spec.owner, g) in self.organisations
                ],
                "operation_ids": [
                    self.operations[o]
                    for o in spec.operations
                    if self.story.operations[o].owner == spec.owner
                ],
                "source_reliability": "A",
                "information_accuracy": "2",
            },
        )

    def _everyday_case(self, agency: str, group: list[Appearance]) -> None:
        opened = min(seen.date for seen in group)
        offence = group[0].offence or "theft"
        place = group[0].place.city if group[0].place else self.story.agency(agency).name
        closed = opened < dt.date(2022, 1, 1) and self.rng.random() < 0.7
        self._add(
            agency,
            "case",
            {
                "ref": self._ref(agency, "case", opened.year),
                "title": f"{offence_taxonomy()[offence].label}, {place} ({opened.year})",
                "offences": [offence],
                "status": "closed" if closed else "open",
                "opened": opened.isoformat(),
                "subject_ids": [seen.record_id for seen in group],
            },
        )


def _first_per_agency(character: Character) -> dict[str, Appearance]:
    seen: dict[str, Appearance] = {}
    for appearance in character.appearances:
        seen.setdefault(appearance.agency, appearance)
    return seen


def _involvement(seen: Appearance) -> list[dict[str, Any]]:
    entries = []
    for outcome in seen.outcomes:
        entry: dict[str, Any] = {
            "subject_id": seen.record_id,
            "outcome": outcome.outcome,
            "date": outcome.date.isoformat(),
        }
        if outcome.to_country:
            entry["to_country"] = outcome.to_country
        entries.append(entry)
    return entries
