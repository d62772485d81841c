"""Four-eyes, handling codes with consent, and hit/no-hit with disclosure."""

from __future__ import annotations

from dataclasses import replace

import pytest

from liaison.domain.access import Action
from liaison.errors import Forbidden, NotFound
from liaison.services import matching, records, sharing
from liaison.services.matching import MatchQuery
from liaison.services.sharing import DistributionSpec
from tests.sharing.conftest import SECRET_DOC, SECRET_NAME, Nations, make_subject


def test_four_eyes_holds_sharing_until_another_supervisor_approves(nations: Nations) -> None:
    store, analyst = nations.store, nations["KH-CNP/analyst"]
    tw = nations["TW-CIB/analyst"]
    sharing.set_policy(store, nations["KH-CNP/admin"], "KH-CNP", requires_approval=True)
    subject = make_subject(store, analyst)
    pending = sharing.set_distribution(
        store, analyst, subject["id"], DistributionSpec("nations", ["TW"])
    )
    assert pending["state"] == "pending_approval"
    with pytest.raises(NotFound):
        records.get_record(store, tw, "subject", subject["id"])
    # Neither the analyst who asked nor the recipient may approve.
    with pytest.raises(Forbidden):
        sharing.decide(store, analyst, pending["request_id"], approve=True)
    with pytest.raises(NotFound):
        sharing.decide(store, tw, pending["request_id"], approve=True)
    decided = sharing.decide(
        store, nations["KH-CNP/supervisor"], pending["request_id"], approve=True, note="ok"
    )
    assert decided["state"] == "approved" and decided["decided_by"] == "kh-cnp.supervisor"
    assert records.get_record(store, tw, "subject", subject["id"])["id"] == subject["id"]
    # Narrowing needs no approval: it takes effect at once.
    done = sharing.set_distribution(store, analyst, subject["id"], DistributionSpec())
    assert done["state"] == "in_force"
    with pytest.raises(NotFound):
        records.get_record(store, tw, "subject", subject["id"])


def test_a_refused_approval_shares_nothing(nations: Nations) -> None:
    store, analyst = nations.store, nations["KH-CNP/analyst"]
    sharing.set_policy(store, nations["KH-CNP/admin"], "KH-CNP", requires_approval=True)
    subject = make_subject(store, analyst)
    pending = sharing.set_distribution(
        store, analyst, subject["id"], DistributionSpec("all_members")
    )
    sharing.decide(store, nations["KH-CNP/admin"], pending["request_id"], approve=False)
    with pytest.raises(NotFound):
        records.get_record(store, nations["TW-CIB/analyst"], "subject", subject["id"])


def test_handling_codes_travel_with_the_record_and_bind_export(nations: Nations) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    tw = replace(nations["TW-CIB/analyst"], purpose="prosecution of the Red Dragon boss")
    subject = make_subject(store, owner)
    spec = DistributionSpec(
        "nations", ["TW"], no_onward=True, no_judicial=True, restrictions="Police use only"
    )
    sharing.set_distribution(store, owner, subject["id"], spec)
    shown = records.get_record(store, tw, "subject", subject["id"])
    assert shown["handling"] == {
        "no_onward": True,
        "no_judicial": True,
        "restrictions": "Police use only",
    }
    # No onward dissemination: TW's export leaves it out; KH's own export keeps it.
    assert [r["id"] for r in records.iter_records(store, tw, "subject")] == []
    owned = list(records.iter_records(store, owner, "subject"))
    assert owned[0]["handling"]["restrictions"] == "Police use only"
    judicial = records.iter_records(store, tw, "subject", use=Action.JUDICIAL_USE)
    assert list(judicial) == []
    # TW asks for consent to pass it on; KH refuses, then TW asks again and KH approves.
    first = sharing.request_consent(store, tw, subject["id"], use="onward", to_agency="TH-RTP")
    refused = sharing.decide(store, nations["KH-CNP/supervisor"], first["id"], approve=False)
    assert refused["state"] == "refused"
    with pytest.raises(NotFound):
        records.get_record(store, nations["TH-RTP/analyst"], "subject", subject["id"])
    again = sharing.request_consent(store, tw, subject["id"], use="onward", to_agency="TH-RTP")
    sharing.decide(store, nations["KH-CNP/supervisor"], again["id"], approve=True)
    assert records.get_record(store, nations["TH-RTP/analyst"], "subject", subject["id"])
    assert [r["id"] for r in records.iter_records(store, tw, "subject")] == [subject["id"]]
    # Judicial use still needs its own consent.
    assert list(records.iter_records(store, tw, "subject", use=Action.JUDICIAL_USE)) == []
    judicial_ok = sharing.request_consent(store, tw, subject["id"], use="judicial")
    sharing.decide(store, nations["KH-CNP/admin"], judicial_ok["id"], approve=True)
    assert len(list(records.iter_records(store, tw, "subject", use=Action.JUDICIAL_USE))) == 1
    # Withdrawal takes back what the consent gave too.
    sharing.withdraw(store, owner, subject["id"])
    with pytest.raises(NotFound):
        records.get_record(store, nations["TH-RTP/analyst"], "subject", subject["id"])


def test_hit_no_hit_notification_and_disclosure(nations: Nations) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    subject = make_subject(store, owner)
    tw = replace(nations["TW-CIB/analyst"], purpose="wanted for fraud in Taipei")
    found = matching.search(store, tw, MatchQuery(SECRET_NAME, birth_date="1979-11-23"))
    assert found.candidates == []
    assert len(found.hits) == 1
    hit = found.hits[0]
    assert set(hit) == {"hit", "band", "owner", "reference"}
    assert hit["owner"] == "KH-CNP" and hit["band"] in {"strong", "probable", "possible"}
    assert subject["id"] not in str(found) and SECRET_DOC not in str(found)
    # The owner sees who searched, when and why.
    notes = sharing.hit_notifications(store, nations["KH-CNP/analyst"])
    assert notes[0]["reference"] == hit["reference"] and notes[0]["record_id"] == subject["id"]
    assert notes[0]["searcher"] == "tw-cib.analyst"
    assert notes[0]["purpose"] == "wanted for fraud in Taipei"
    # Disclosure request from the hit; until approved TW sees only its reference.
    asked = sharing.request_disclosure(store, tw, hit["reference"])
    assert asked["record_id"] is None
    mine = sharing.list_requests(store, tw)
    assert mine[0]["record_id"] is None and subject["id"] not in str(mine)
    th = replace(nations["TH-RTP/analyst"], purpose="curious")
    with pytest.raises(NotFound):
        sharing.request_disclosure(store, th, hit["reference"])
    sharing.decide(store, nations["KH-CNP/supervisor"], asked["id"], approve=True)
    again = matching.search(store, tw, MatchQuery(SECRET_NAME, birth_date="1979-11-23"))
    assert [c["id"] for c in again.candidates] == [subject["id"]] and again.hits == []


def test_a_covert_record_never_hits(nations: Nations) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    subject = make_subject(store, owner)
    sharing.set_distribution(store, owner, subject["id"], DistributionSpec(hit_opt_out=True))
    tw = nations["TW-CIB/analyst"]
    found = matching.search(store, tw, MatchQuery(SECRET_NAME, birth_date="1979-11-23"))
    assert found.candidates == [] and found.hits == []
    assert sharing.hit_notifications(store, owner) == []
