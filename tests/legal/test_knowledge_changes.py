"""Coordinators and legal officers change the knowledge base; changes are checked whole,
versioned, audited, and change what the engine answers."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from liaison.errors import Forbidden, ValidationFailed
from liaison.legal.routes import RouteKind, RouteQuestion, RouteStatus
from liaison.services import legal
from liaison.storage.legal_tables import legal_knowledge_changes
from tests.legal.conftest import LegalWorld

US_KH = RouteQuestion("US", "KH", ("CN",), ("fraud",), on_date=dt.date(2025, 6, 1))


def _treaty_body() -> dict[str, object]:
    return {
        "kind": "extradition_treaty",
        "title": "Hypothetical US-Cambodia treaty (test)",
        "parties": ["US", "KH"],
        "signed": "2024-01-10",
        "in_force": "2024-06-01",
        "status": "in_force",
        "covers": ["extradition"],
        "provisions": {"min_penalty_years": 1, "provisional_arrest_days": 60},
        "sources": [{"citation": "test fixture"}],
    }


def _count(legal_world: LegalWorld) -> int:
    with legal_world.world.store.transaction() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(legal_knowledge_changes)).scalar()
            or 0
        )


def test_a_legal_officer_adds_a_treaty_and_the_engine_uses_it(legal_world: LegalWorld) -> None:
    store, officer = legal_world.world.store, legal_world.legal_officer.actor
    # The recorded absence of a treaty must go first: the two would contradict each other.
    with pytest.raises(ValidationFailed, match="recorded without a treaty"):
        legal.change_knowledge(store, officer, "instrument", "kh-us-test", _treaty_body(), "new")
    assert _count(legal_world) == 0
    legal.change_knowledge(store, officer, "no_treaty", "KH-US", None, "treaty signed (test)")
    result = legal.change_knowledge(
        store, officer, "instrument", "kh-us-test", _treaty_body(), "signed and ratified (test)"
    )
    assert result["version"] == 1
    analysis = legal.legal_routes(store, officer, US_KH)
    assert analysis.best is not None
    assert analysis.best.instrument == "kh-us-test"
    assert analysis.best.kind is RouteKind.EXTRADITION_TREATY
    assert analysis.best.status is RouteStatus.AVAILABLE


def test_changes_are_versioned_and_audited(legal_world: LegalWorld) -> None:
    store = legal_world.world.store
    coordinator = legal_world.world.coordinator.actor
    body = dict(legal.knowledge_entry(store, coordinator, "offence_law", "fraud/KH")["body"])
    body["max_penalty"] = 10
    legal.change_knowledge(store, coordinator, "offence_law", "fraud/KH", body, "Art. 378")
    body["max_penalty"] = 5
    second = legal.change_knowledge(store, coordinator, "offence_law", "fraud/KH", body, "undo")
    assert second["version"] == 2
    entry = legal.knowledge_entry(store, coordinator, "offence_law", "fraud/KH")
    assert [h["version"] for h in entry["history"]] == [1, 2]
    assert entry["history"][0]["by"] == "agia.coordinator"
    assert entry["history"][0]["reason"] == "Art. 378"
    changes = legal.knowledge_changes(store, coordinator)
    assert [c["version"] for c in changes] == [2, 1]


def test_a_bad_change_names_the_field_and_stores_nothing(legal_world: LegalWorld) -> None:
    store, officer = legal_world.world.store, legal_world.legal_officer.actor
    body = _treaty_body()
    body["parties"] = ["KH"]
    with pytest.raises(ValidationFailed) as caught:
        legal.change_knowledge(store, officer, "instrument", "bad", body, "test")
    assert caught.value.details[0]["field"] == "instruments.bad.parties"
    assert caught.value.details[0]["file"] == "change of instrument bad"
    body = _treaty_body()
    body["in_force"] = "2023-01-01"
    with pytest.raises(ValidationFailed, match="before it was signed"):
        legal.change_knowledge(store, officer, "instrument", "bad", body, "test")
    assert _count(legal_world) == 0


@pytest.mark.parametrize("who", ["kh_analyst", "kh_supervisor", "kh_admin"])
def test_only_coordinators_and_legal_officers_change_it(legal_world: LegalWorld, who: str) -> None:
    actor = getattr(legal_world.world, who).actor
    with pytest.raises(Forbidden):
        legal.change_knowledge(legal_world.world.store, actor, "no_treaty", "KH-US", None, "no")
    assert _count(legal_world) == 0
