"""Records through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from liaison.errors import Conflict, ImportRejected, NotFound, ValidationFailed
from liaison.services import records
from liaison.services.records import ImportRow, RecordFilter
from tests.conftest import World

CHEN = {
    "ref": "KH-2024-001",
    "names": [
        {"value": "陳志明", "kind": "primary"},
        {"value": "Chen Zhiming", "kind": "romanisation"},
    ],
    "birth_date": "1985-03",
    "nationalities": ["CN"],
    "phones": [{"number": "012 345 678", "country": "KH"}],
    "documents": [{"type": "passport", "number": "e 1234-567", "issuing_country": "CN"}],
}


def test_subject_keeps_names_as_written_and_normalises_phone(world: World) -> None:
    created = records.create_record(world.store, world.kh_analyst.actor, "subject", CHEN)
    fetched = records.get_record(world.store, world.kh_analyst.actor, "subject", created["id"])
    assert [n["value"] for n in fetched["names"]] == ["陳志明", "Chen Zhiming"]
    assert [n["script"] for n in fetched["names"]] == ["Hani", "Latn"]
    assert fetched["phones"][0] == {
        "number": "012 345 678",
        "country": "KH",
        "e164": "+85512345678",
    }
    assert fetched["documents"][0]["number"] == "e 1234-567"
    assert fetched["documents"][0]["number_normalised"] == "E1234567"
    assert fetched["agency"] == "KH-CNP"
    assert fetched["source_reliability"] == "X" and fetched["information_accuracy"] == "4"


def test_other_agency_cannot_read_update_or_delete(world: World) -> None:
    created = records.create_record(world.store, world.kh_analyst.actor, "subject", CHEN)
    for call in (
        lambda: records.get_record(world.store, world.tw_admin.actor, "subject", created["id"]),
        lambda: records.update_record(
            world.store,
            world.tw_admin.actor,
            "subject",
            created["id"],
            {"notes": "x"},
            replace=False,
        ),
        lambda: records.delete_record(world.store, world.tw_admin.actor, "subject", created["id"]),
    ):
        with pytest.raises(NotFound) as caught:
            call()
        assert "陳志明" not in str(caught.value)
    listed = records.list_records(
        world.store, world.tw_admin.actor, "subject", RecordFilter(), limit=10, offset=0
    )
    assert listed["total"] == 0 and listed["items"] == []
    coordinator_view = records.list_records(
        world.store, world.coordinator.actor, "subject", RecordFilter(q="chen"), limit=10, offset=0
    )
    assert coordinator_view["total"] == 0


def test_invalid_subject_names_each_problem_and_writes_nothing(world: World) -> None:
    bad = {"names": [{"value": "..."}], "birth_date": "1985-13-01", "nationalities": ["XX"]}
    with pytest.raises(ValidationFailed) as caught:
        records.create_record(world.store, world.kh_analyst.actor, "subject", bad)
    fields = {p["field"]: p["message"] for p in caught.value.details}
    assert fields == {
        "names.0.value": "'...' contains no letter",
        "birth_date": "'1985-13-01': month 13 does not exist",
        "nationalities.0": "'XX' is not an ISO 3166-1 alpha-2 nation code",
    }
    listed = records.list_records(
        world.store, world.kh_analyst.actor, "subject", RecordFilter(), limit=10, offset=0
    )
    assert listed["total"] == 0


def test_import_is_all_or_nothing(world: World) -> None:
    rows = [
        ImportRow(2, {"ref": "A", "names": [{"value": "Sok Phal"}]}),
        ImportRow(3, {"ref": "B", "names": [{"value": "ចេន ជីមីង"}], "birth_date": "85"}),
        ImportRow(4, {"ref": "A", "names": [{"value": "Lim Ah Kow"}]}),
    ]
    with pytest.raises(ImportRejected) as caught:
        records.import_records(world.store, world.kh_analyst.actor, "subject", rows)
    assert caught.value.details == [
        {
            "row": 3,
            "field": "birth_date",
            "message": "'85' is not a date (expected YYYY, YYYY-MM "
            "or YYYY-MM-DD, optionally prefixed by ~ for approximate)",
        },
        {"row": 4, "field": "ref", "message": "ref 'A' appears already in row 2"},
    ]
    listed = records.list_records(
        world.store, world.kh_analyst.actor, "subject", RecordFilter(), limit=10, offset=0
    )
    assert listed["total"] == 0


def test_linked_record_cannot_be_deleted_until_unlinked(world: World) -> None:
    actor = world.kh_supervisor.actor
    person = records.create_record(world.store, actor, "subject", CHEN)
    gang = records.create_record(world.store, actor, "organisation", {"name": "Red Dragon"})
    member = records.create_record(
        world.store,
        actor,
        "relation",
        {"type": "membership", "subject_id": person["id"], "target_id": gang["id"], "role": "boss"},
    )
    with pytest.raises(Conflict) as caught:
        records.delete_record(world.store, actor, "organisation", gang["id"])
    assert member["id"] in str(caught.value)
    records.delete_record(world.store, actor, "relation", member["id"])
    records.delete_record(world.store, actor, "organisation", gang["id"])
    with pytest.raises(NotFound):
        records.get_record(world.store, actor, "organisation", gang["id"])


def test_relation_to_another_agencys_record_is_refused(world: World) -> None:
    theirs = records.create_record(world.store, world.tw_analyst.actor, "subject", CHEN)
    mine = records.create_record(world.store, world.kh_analyst.actor, "subject", CHEN)
    with pytest.raises(ValidationFailed) as caught:
        records.create_record(
            world.store,
            world.kh_analyst.actor,
            "relation",
            {"type": "associate", "subject_id": mine["id"], "target_id": theirs["id"]},
        )
    assert caught.value.details == [
        {"field": "target_id", "message": f"no subject with id {theirs['id']!r}"}
    ]


def test_stale_version_is_refused(world: World) -> None:
    actor = world.kh_analyst.actor
    created = records.create_record(world.store, actor, "subject", CHEN)
    records.update_record(
        world.store,
        actor,
        "subject",
        created["id"],
        {"gender": "male"},
        replace=False,
        expected_version=1,
    )
    with pytest.raises(Conflict):
        records.update_record(
            world.store,
            actor,
            "subject",
            created["id"],
            {"gender": "female"},
            replace=False,
            expected_version=1,
        )
    assert records.get_record(world.store, actor, "subject", created["id"])["gender"] == "male"


def test_analyst_may_not_delete(world: World) -> None:
    created = records.create_record(world.store, world.kh_analyst.actor, "subject", CHEN)
    with pytest.raises(Exception, match="may not record delete"):
        records.delete_record(world.store, world.kh_analyst.actor, "subject", created["id"])
