"""Loading the demo into a real store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from liaison.demo import demo_tokens, generate_demo, load_demo
from liaison.demo.dataset import KINDS
from liaison.errors import Conflict
from liaison.services import directory
from liaison.services.records import RecordFilter, get_record, list_records
from liaison.storage.database import Store


def test_load_demo_creates_agencies_users_and_every_record(store: Store) -> None:
    data = generate_demo(seed=5, subjects=300)
    tokens = load_demo(store, data)
    assert set(tokens) == {u.username for u in data.users}
    for user in data.users:
        actor = directory.authenticate(store, tokens[user.username])
        assert (actor.username, actor.agency_code, actor.role) == (
            user.username,
            user.agency,
            user.role,
        )
        for kind in KINDS:
            page = list_records(store, actor, kind, RecordFilter(), limit=1, offset=0)
            assert page["total"] == len(data.records[user.agency][kind]), (user.agency, kind)
    assert directory.get_agency(store, "KH-PP-PHNOMPENH").parent == "KH-CNP"
    # Records keep the generator's ids and fields, so the truth file applies to the store.
    analyst = directory.authenticate(store, tokens["kh-cnp.analyst"])
    first = data.records["KH-CNP"]["subject"][0]
    stored = get_record(store, analyst, "subject", first.record_id)
    assert stored["ref"] == first.data["ref"]
    assert [n["value"] for n in stored["names"]] == [n["value"] for n in first.data["names"]]


def test_loading_twice_is_refused_and_changes_nothing(store: Store) -> None:
    data = generate_demo(seed=5, subjects=50)
    tokens = load_demo(store, data)
    with pytest.raises(Conflict):
        load_demo(store, data)
    actor = directory.authenticate(store, tokens["kh-cnp.analyst"])
    page = list_records(store, actor, "subject", RecordFilter(), limit=1, offset=0)
    assert page["total"] == len(data.records["KH-CNP"]["subject"])


def test_demo_tokens_issues_fresh_tokens_for_a_loaded_demo(store: Store) -> None:
    assert demo_tokens(store) == {}  # no demo loaded: nobody to issue for
    first = load_demo(store, generate_demo(seed=5, subjects=50))
    again = demo_tokens(store)
    assert set(again) == set(first)
    agency, token = again["us-agia.coordinator"]
    assert agency == "US-AGIA" and token != first["us-agia.coordinator"]
    for username in ("us-agia.coordinator", "kh-cnp.analyst"):
        assert directory.authenticate(store, again[username][1]).username == username
        assert directory.authenticate(store, first[username]).username == username
