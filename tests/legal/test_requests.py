"""Requests between two agencies: four-eyes approval, the state machine, statutory clocks
from the governing instrument, alerts fired once each, and expiry recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.errors import Conflict, Forbidden, NotFound
from liaison.services import legal
from liaison.services.legal_requests import (
    act_on_request,
    check_clocks,
    draft_request,
    get_request,
    list_alerts,
    list_messages,
    post_message,
)
from tests.legal.conftest import LegalWorld

ARREST = dt.date(2025, 3, 3)


def _provisional_arrest(legal_world: LegalWorld, instrument: str | None = None) -> int:
    w = legal_world.world
    request = draft_request(
        w.store,
        w.kh_analyst.actor,
        kind="provisional_arrest",
        to_agency="TW-CIB",
        title="Provisional arrest, scam compound manager",
        particulars={"nationalities": ["TW"], "offences": ["online_scam"]},
        instrument=instrument,
        today=ARREST,
    )
    return int(request["id"])


def _to_review(legal_world: LegalWorld, request_id: int) -> None:
    w = legal_world.world
    act_on_request(w.store, w.kh_supervisor.actor, request_id, "approve", today=ARREST)
    act_on_request(w.store, w.kh_analyst.actor, request_id, "send", today=ARREST)
    act_on_request(w.store, w.tw_analyst.actor, request_id, "acknowledge", today=ARREST)
    act_on_request(w.store, w.tw_analyst.actor, request_id, "review", today=ARREST)


def _set_taiwan_arrest_days(legal_world: LegalWorld, days: int) -> None:
    # Taiwan's limit is not in the shipped data; a legal officer records it (test value).
    store, officer = legal_world.world.store, legal_world.legal_officer.actor
    body = dict(legal.knowledge_entry(store, officer, "nation", "TW")["body"])
    body["provisional_arrest_days"] = {"value": days, "source": {"citation": "test value"}}
    legal.change_knowledge(store, officer, "nation", "TW", body, "test")


def test_four_eyes_the_drafter_cannot_approve(legal_world: LegalWorld) -> None:
    w = legal_world.world
    request_id = _provisional_arrest(legal_world)
    with pytest.raises(Forbidden):
        act_on_request(w.store, w.kh_analyst.actor, request_id, "approve")
    with pytest.raises(Forbidden):  # a supervisor of the other agency
        act_on_request(w.store, w.tw_admin.actor, request_id, "approve")
    draft = draft_request(
        w.store, w.kh_supervisor.actor, kind="information", to_agency="TW-CIB", title="Who is X?"
    )
    with pytest.raises(Forbidden, match="four-eyes"):
        act_on_request(w.store, w.kh_supervisor.actor, int(draft["id"]), "approve")
    approved = act_on_request(w.store, w.kh_supervisor.actor, request_id, "approve")
    assert approved["state"] == "approved"
    assert approved["approved_by"] == "kh.supervisor"


def test_the_state_machine_refuses_skips_and_the_wrong_side(legal_world: LegalWorld) -> None:
    w = legal_world.world
    request_id = _provisional_arrest(legal_world)
    with pytest.raises(Conflict, match="send: not possible for a request that is draft"):
        act_on_request(w.store, w.kh_analyst.actor, request_id, "send")
    act_on_request(w.store, w.kh_supervisor.actor, request_id, "approve")
    act_on_request(w.store, w.kh_analyst.actor, request_id, "send")
    with pytest.raises(Forbidden, match="only the requested agency"):
        act_on_request(w.store, w.kh_analyst.actor, request_id, "acknowledge")
    view = act_on_request(w.store, w.tw_analyst.actor, request_id, "acknowledge")
    assert view["state"] == "acknowledged"
    assert [e["event"] for e in view["events"]] == ["draft", "approve", "send", "acknowledge"]
    assert view["next_events"] == ["review"]
    withdrawn = act_on_request(w.store, w.kh_analyst.actor, request_id, "withdraw")
    assert withdrawn["state"] == "withdrawn"
    assert withdrawn["next_events"] == []


def test_provisional_arrest_clock_alerts_once_each_and_expires(legal_world: LegalWorld) -> None:
    w = legal_world.world
    _set_taiwan_arrest_days(legal_world, 40)
    request_id = _provisional_arrest(legal_world)
    _to_review(legal_world, request_id)
    act_on_request(w.store, w.tw_analyst.actor, request_id, "grant", today=ARREST)
    view = act_on_request(
        w.store, w.tw_analyst.actor, request_id, "execute", occurred_on=ARREST, today=ARREST
    )
    [deadline] = view["deadlines"]
    assert deadline["kind"] == "formal_request"
    assert deadline["due_on"] == "2025-04-12"  # 40 days after the arrest
    assert deadline["days_left"] == 40
    assert "test value" in deadline["basis"]

    assert check_clocks(w.store, dt.date(2025, 4, 4)) == []  # 8 days left
    fired = check_clocks(w.store, dt.date(2025, 4, 5))  # 7 days left
    assert sorted((f["kind"], f["agency_id"]) for f in fired) == [
        ("ahead_7", w.kh_analyst.actor.agency_id),
        ("ahead_7", w.tw_analyst.actor.agency_id),
    ]
    assert check_clocks(w.store, dt.date(2025, 4, 6)) == []  # fired once
    assert {f["kind"] for f in check_clocks(w.store, dt.date(2025, 4, 10))} == {"ahead_2"}
    assert check_clocks(w.store, dt.date(2025, 4, 12)) == []  # the last day itself
    expired = check_clocks(w.store, dt.date(2025, 4, 13))
    assert {f["kind"] for f in expired} == {"expired"}
    assert check_clocks(w.store, dt.date(2025, 4, 20)) == []
    alerts = list_alerts(w.store, w.kh_analyst.actor)
    assert [a["kind"] for a in alerts] == ["expired", "ahead_2", "ahead_7"]
    assert "passed on 2025-04-12" in alerts[0]["message"]
    after = get_request(w.store, w.tw_analyst.actor, request_id, dt.date(2025, 4, 20))
    assert after["deadlines"][0]["status"] == "expired"
    assert after["events"][-1]["event"] == "deadline_expired"
    assert list_alerts(w.store, legal_world.us_analyst.actor) == []


def test_the_formal_request_in_time_stops_the_clock(legal_world: LegalWorld) -> None:
    w = legal_world.world
    _set_taiwan_arrest_days(legal_world, 40)
    request_id = _provisional_arrest(legal_world)
    _to_review(legal_world, request_id)
    act_on_request(w.store, w.tw_analyst.actor, request_id, "grant", today=ARREST)
    act_on_request(w.store, w.tw_analyst.actor, request_id, "execute", today=ARREST)
    formal = draft_request(
        w.store,
        w.kh_analyst.actor,
        kind="extradition",
        to_agency="TW-CIB",
        title="Extradition request",
        follows=request_id,
    )
    act_on_request(w.store, w.kh_supervisor.actor, int(formal["id"]), "approve")
    sent_on = dt.date(2025, 4, 1)
    act_on_request(w.store, w.kh_analyst.actor, int(formal["id"]), "send", today=sent_on)
    view = get_request(w.store, w.kh_analyst.actor, request_id, sent_on)
    assert view["deadlines"][0]["status"] == "met"
    assert check_clocks(w.store, dt.date(2025, 4, 20)) == []


def test_the_governing_instruments_days_win(legal_world: LegalWorld) -> None:
    w = legal_world.world
    # A provisional arrest asked of Taiwan under no instrument and no recorded limit:
    request_id = _provisional_arrest(legal_world)
    _to_review(legal_world, request_id)
    act_on_request(w.store, w.tw_analyst.actor, request_id, "grant", today=ARREST)
    view = act_on_request(w.store, w.tw_analyst.actor, request_id, "execute", today=ARREST)
    assert view["deadlines"] == []
    assert "no statutory limit is recorded" in view["deadline_notes"][0]


def test_messages_between_the_two_agencies_only(legal_world: LegalWorld) -> None:
    w = legal_world.world
    request_id = _provisional_arrest(legal_world)
    post_message(w.store, w.kh_analyst.actor, request_id, "Warrant attached by courier.")
    post_message(w.store, w.tw_analyst.actor, request_id, "Received, thank you.")
    thread = list_messages(w.store, w.tw_analyst.actor, request_id)
    assert [(m["agency"], m["body"]) for m in thread] == [
        ("KH-CNP", "Warrant attached by courier."),
        ("TW-CIB", "Received, thank you."),
    ]
    with pytest.raises(NotFound):
        list_messages(w.store, legal_world.us_analyst.actor, request_id)
    with pytest.raises(NotFound):
        post_message(w.store, legal_world.us_analyst.actor, request_id, "hello")
    with pytest.raises(NotFound):
        get_request(w.store, w.coordinator.actor, request_id)
