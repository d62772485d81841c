"""Distribution levels, case sharing with exclusions, narrowing and withdrawal."""

from __future__ import annotations

import pytest

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.services import records, sharing
from liaison.services.records import RecordFilter
from liaison.services.sharing import DistributionSpec
from tests.sharing.conftest import Nations, make_subject

READERS = {
    "own_agency": set(),
    "own_nation": {"KH-PP"},
    "nations": {"TW-CIB"},
    "agencies": {"TH-RTP"},
    "group": {"TW-CIB", "TH-RTP"},
    "all_members": {"KH-PP", "TW-CIB", "TH-RTP", "US-AGIA"},
}
TARGETS = {
    "own_agency": [],
    "own_nation": [],
    "nations": ["TW"],
    "agencies": ["TH-RTP"],
    "group": ["ASEANAPOL"],
    "all_members": [],
}
OTHERS = ("KH-PP", "TW-CIB", "TH-RTP", "US-AGIA")


def _listed(nations: Nations, who: str) -> set[str]:
    page = records.list_records(
        nations.store, nations[who], "subject", RecordFilter(), limit=50, offset=0
    )
    return {item["id"] for item in page["items"]}


@pytest.mark.parametrize("level", list(READERS))
def test_each_level_reaches_exactly_its_recipients(nations: Nations, level: str) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    coordinator = nations["US-AGIA/coordinator"]
    sharing.create_group(store, coordinator, "ASEANAPOL", "ASEANAPOL members")
    for member in ("TW-CIB", "TH-RTP"):
        sharing.set_group_member(store, coordinator, "ASEANAPOL", member, member=True)
    subject = make_subject(store, owner)
    answer = sharing.set_distribution(
        store, owner, subject["id"], DistributionSpec(level=level, targets=TARGETS[level])
    )
    assert answer["state"] == "in_force"
    for agency in OTHERS:
        reader = nations[f"{agency}/analyst"]
        if agency in READERS[level]:
            assert records.get_record(store, reader, "subject", subject["id"])["id"]
            assert subject["id"] in _listed(nations, f"{agency}/analyst")
        else:
            with pytest.raises(NotFound):
                records.get_record(store, reader, "subject", subject["id"])
            assert subject["id"] not in _listed(nations, f"{agency}/analyst")


def test_withdrawal_takes_effect_at_once(nations: Nations) -> None:
    store, owner, tw = nations.store, nations["KH-CNP/analyst"], nations["TW-CIB/analyst"]
    subject = make_subject(store, owner)
    sharing.set_distribution(store, owner, subject["id"], DistributionSpec("nations", ["TW"]))
    assert records.get_record(store, tw, "subject", subject["id"])["id"] == subject["id"]
    sharing.withdraw(store, owner, subject["id"])
    with pytest.raises(NotFound):
        records.get_record(store, tw, "subject", subject["id"])
    assert _listed(nations, "TW-CIB/analyst") == set()


def test_narrowing_drops_the_recipients_left_out(nations: Nations) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    subject = make_subject(store, owner)
    sharing.set_distribution(store, owner, subject["id"], DistributionSpec("nations", ["TW", "TH"]))
    assert subject["id"] in _listed(nations, "TH-RTP/analyst")
    sharing.set_distribution(store, owner, subject["id"], DistributionSpec("nations", ["TW"]))
    assert subject["id"] not in _listed(nations, "TH-RTP/analyst")
    assert subject["id"] in _listed(nations, "TW-CIB/analyst")


def test_sharing_a_case_shares_its_records_except_the_excluded(nations: Nations) -> None:
    store, owner, tw = nations.store, nations["KH-CNP/analyst"], nations["TW-CIB/analyst"]
    shared = make_subject(store, owner, ref="S-1")
    kept = make_subject(store, owner, ref="S-2", name="Kept Back")
    case = records.create_record(
        store,
        owner,
        "case",
        {"ref": "C-1", "title": "Scam compound", "subject_ids": [shared["id"], kept["id"]]},
    )
    sharing.set_distribution(
        store, owner, case["id"], DistributionSpec("nations", ["TW"], excluded=[kept["id"]])
    )
    assert records.get_record(store, tw, "case", case["id"])["id"] == case["id"]
    assert records.get_record(store, tw, "subject", shared["id"])["id"] == shared["id"]
    with pytest.raises(NotFound):
        records.get_record(store, tw, "subject", kept["id"])
    # A subject linked later is shared with the case; withdrawing the case withdraws it.
    later = make_subject(store, owner, ref="S-3", name="Linked Later")
    records.update_record(
        store,
        owner,
        "case",
        case["id"],
        {"subject_ids": [shared["id"], kept["id"], later["id"]]},
        replace=False,
    )
    assert records.get_record(store, tw, "subject", later["id"])["id"] == later["id"]
    sharing.withdraw(store, owner, case["id"])
    for record_id in (case["id"], shared["id"], later["id"]):
        with pytest.raises(NotFound):
            records.get_record(
                store, tw, "subject" if record_id != case["id"] else "case", record_id
            )


def test_only_the_owner_sets_distribution(nations: Nations) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    subject = make_subject(store, owner)
    sharing.set_distribution(store, owner, subject["id"], DistributionSpec("nations", ["TW"]))
    # A recipient, even its admin, cannot widen it; a third party does not see it at all.
    with pytest.raises(Forbidden):
        sharing.set_distribution(
            store, nations["TW-CIB/admin"], subject["id"], DistributionSpec("all_members")
        )
    with pytest.raises(NotFound):
        sharing.set_distribution(
            store, nations["TH-RTP/admin"], subject["id"], DistributionSpec("all_members")
        )
    with pytest.raises(NotFound):
        records.get_record(store, nations["US-AGIA/coordinator"], "subject", subject["id"])


def test_bad_targets_are_refused_and_change_nothing(nations: Nations) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    subject = make_subject(store, owner)
    for spec in (
        DistributionSpec("nations", ["XX"]),
        DistributionSpec("agencies", ["NOPE"]),
        DistributionSpec("group", ["NO-GROUP"]),
        DistributionSpec("nations", []),
        DistributionSpec("sideways"),
    ):
        with pytest.raises(ValidationFailed):
            sharing.set_distribution(store, owner, subject["id"], spec)
    assert sharing.get_distribution(store, owner, subject["id"])["level"] == "own_agency"
