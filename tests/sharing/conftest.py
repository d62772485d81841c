"""A sharing world: five agencies of four nations and a record factory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from liaison.domain.access import Actor
from liaison.services import directory, records
from liaison.storage.database import Store


@dataclass(frozen=True)
class Nations:
    """KH owns the records; TW is the bilateral partner; TH a third nation; US-AGIA the
    coordinator's association; KH-PP a second agency of the owner's nation."""

    store: Store
    actors: dict[str, Actor]
    tokens: dict[str, str]

    def __getitem__(self, name: str) -> Actor:
        return self.actors[name]


AGENCIES = (
    ("KH", "KH-CNP", "Cambodian National Police"),
    ("KH", "KH-PP", "Phnom Penh Police"),
    ("TW", "TW-CIB", "Criminal Investigation Bureau"),
    ("TH", "TH-RTP", "Royal Thai Police"),
    ("US", "US-AGIA", "Asian Gang Investigators Association"),
)
ROLES = ("analyst", "supervisor", "admin", "coordinator")


@pytest.fixture
def nations(store: Store) -> Nations:
    """Every agency with a user of every role, named ``<agency>/<role>``."""
    operator = Actor.operator()
    actors: dict[str, Actor] = {}
    tokens: dict[str, str] = {}
    for nation, code, name in AGENCIES:
        directory.add_agency(store, operator, nation=nation, code=code, name=name)
        for role in ROLES:
            username = f"{code.lower()}.{role}"
            _, token = directory.add_user(
                store, operator, agency=code, username=username, role=role
            )
            actors[f"{code}/{role}"] = directory.authenticate(store, token)
            tokens[f"{code}/{role}"] = token
    return Nations(store, actors, tokens)


SECRET_NAME = "Sokhasecretname Vanndarith"
SECRET_DOC = "ZX9988776"


def subject_body(name: str = SECRET_NAME, ref: str = "KH-S-1") -> dict[str, Any]:
    """A subject whose every field is distinctive enough to spot in any response."""
    return {
        "ref": ref,
        "names": [{"value": name}],
        "birth_date": "1979-11-23",
        "nationalities": ["KH"],
        "documents": [{"type": "passport", "number": SECRET_DOC, "issuing_country": "KH"}],
        "source_reliability": "B",
        "information_accuracy": "2",
    }


def make_subject(store: Store, owner: Actor, **kwargs: Any) -> dict[str, Any]:
    """Create a subject owned by ``owner``'s agency."""
    return records.create_record(store, owner, "subject", subject_body(**kwargs))
