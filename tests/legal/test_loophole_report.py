"""The loophole report over an agency's open cases: best routes, blocked routes, the
deportation-to-a-third-state pattern and deadlines at risk."""

from __future__ import annotations

import datetime as dt

from liaison.legal.loading import baseline_knowledge_base
from liaison.legal.loopholes import no_route_matrix
from liaison.services import legal
from liaison.services.records import create_record
from tests.legal.conftest import LegalWorld

TODAY = dt.date(2025, 6, 1)


def _subject(legal_world: LegalWorld, name: str, nationality: str) -> str:
    w = legal_world.world
    record = create_record(
        w.store,
        w.tw_analyst.actor,
        "subject",
        {"names": [{"value": name}], "nationalities": [nationality]},
    )
    return str(record["id"])


def test_the_report_flags_deportation_to_a_third_state_and_gives_best_routes(
    legal_world: LegalWorld,
) -> None:
    w = legal_world.world
    fugitive = _subject(legal_world, "陳志明", "TW")
    worker = _subject(legal_world, "林美玲", "TW")
    create_record(
        w.store,
        w.tw_analyst.actor,
        "operation",
        {
            "name": "Sweep reported by Cambodia",
            "start_date": "2025-03-01",
            "country": "KH",
            "subjects": [
                {
                    "subject_id": fugitive,
                    "outcome": "deported",
                    "to_country": "CN",
                    "date": "2025-04-01",
                },
            ],
        },
    )
    create_record(
        w.store,
        w.tw_analyst.actor,
        "case",
        {
            "ref": "TW-2025-7",
            "title": "Telecom fraud ring",
            "offences": ["online_scam"],
            "subject_ids": [fugitive, worker],
        },
    )
    legal.set_subject_status(
        w.store, w.tw_analyst.actor, worker, located_in="KH", victim_status="flagged"
    )
    report = legal.legal_report(w.store, w.tw_analyst.actor, today=TODAY, include_matrix=False)
    by_subject = {e["subject"]: e for e in report["wanted"]}
    assert set(by_subject) == {"陳志明", "林美玲"}
    assert by_subject["林美玲"]["best_route"] is None
    assert by_subject["林美玲"]["problem"] == "no route: a loophole"
    assert any(
        "screening outcome is recorded" in reason
        for blocked in by_subject["林美玲"]["blocked"]
        for reason in blocked["because"]
    )
    [flag] = report["deportation_flags"]
    assert flag["subject"] == "陳志明"
    assert flag["held_in"] == "KH"
    assert flag["deportation_to"] == "CN"
    assert flag["pattern"] == "third_state"
    assert flag["notify"] == ["TW"]
    # Another agency's report holds none of Taiwan's cases.
    other = legal.legal_report(w.store, w.kh_analyst.actor, today=TODAY, include_matrix=False)
    assert other["wanted"] == [] and other["deportation_flags"] == []


def test_the_matrix_lists_pairs_without_any_legal_route() -> None:
    cells = no_route_matrix(baseline_knowledge_base(), TODAY)
    # The United States extradites only under a treaty or convention; it has no treaty
    # with Taiwan and Taiwan is party to no UN convention: nothing is extraditable.
    tw_us = {c["family"] for c in cells if c["wanted_by"] == "TW" and c["located_in"] == "US"}
    assert {"fraud", "violence", "drugs", "exploitation"} <= tw_us
    # China and Cambodia have a treaty in force.
    assert not [c for c in cells if c["wanted_by"] == "CN" and c["located_in"] == "KH"]
