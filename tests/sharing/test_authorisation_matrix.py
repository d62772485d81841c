"""The authorisation matrix over HTTP, on SQLite and PostgreSQL: every role of the owner,
recipient and third-party agencies, at each distribution level, for each action. A
refused cell must not show any field of the record anywhere in the answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from liaison.api.app import create_app
from liaison.services import matching, records, sharing
from liaison.services.sharing import DistributionSpec
from liaison.settings import load_settings
from tests.sharing.conftest import (
    AGENCIES,
    ROLES,
    SECRET_DOC,
    SECRET_NAME,
    Nations,
    make_subject,
)
from tests.sharing.test_distribution import READERS, TARGETS

# Every field of the record a refused caller must never see.
SECRETS = (SECRET_NAME, "Sokhasecretname", SECRET_DOC, "1979-11-23", "KH-S-1")


@pytest.fixture
def client(nations: Nations) -> Iterator[TestClient]:
    app = create_app(load_settings(), nations.store)
    with TestClient(app, raise_server_exceptions=False) as the_client:
        yield the_client


def _h(nations: Nations, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {nations.tokens[who]}", "X-Purpose": "matrix test"}


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def _check(answer: Any, allowed: bool, ok: int, refused: set[int], cell: str) -> None:
    if allowed:
        assert answer.status_code == ok, (cell, answer.status_code, answer.text)
    else:
        assert answer.status_code in refused, (cell, answer.status_code, answer.text)
        assert _leaks(answer.text) == [], (cell, answer.text)


@pytest.mark.parametrize("level", list(READERS))
def test_matrix(nations: Nations, client: TestClient, level: str) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    coordinator = nations["US-AGIA/coordinator"]
    sharing.create_group(store, coordinator, "ASEANAPOL", "ASEANAPOL members")
    for member in ("TW-CIB", "TH-RTP"):
        sharing.set_group_member(store, coordinator, "ASEANAPOL", member, member=True)
    subject = make_subject(store, owner)
    sharing.set_distribution(
        store, owner, subject["id"], DistributionSpec(level=level, targets=TARGETS[level])
    )
    sid = subject["id"]
    for _, agency, _ in AGENCIES:
        for role in ROLES:
            who = f"{agency}/{role}"
            cell = f"{level} {who}"
            own = agency == "KH-CNP"
            readable = own or agency in READERS[level]
            headers = _h(nations, who)
            # read
            _check(
                client.get(f"/api/v1/subjects/{sid}", headers=headers), readable, 200, {404}, cell
            )
            # list: the record and its total
            listed = client.get("/api/v1/subjects", headers=headers)
            assert listed.status_code == 200
            ids = [item["id"] for item in listed.json()["items"]]
            assert (sid in ids) == readable, cell
            if not readable:
                assert listed.json()["total"] == 0 and _leaks(listed.text) == [], cell
            # search: a readable record is a candidate; an unreadable one at most a hit
            found = client.post(
                "/api/v1/match",
                json={"name": SECRET_NAME, "birth_date": "1979-11-23"},
                headers=headers,
            )
            assert found.status_code == 200, found.text
            candidates = [c["id"] for c in found.json()["candidates"]]
            assert (sid in candidates) == readable, cell
            if not readable:
                body = found.json()
                assert _leaks(found.text.replace(SECRET_NAME, "").replace("1979-11-23", "")) == []
                assert sid not in found.text, cell
                for hit in body["hits"]:
                    assert set(hit) == {"hit", "band", "owner", "reference"}, cell
            # export
            exported = [r["id"] for r in records.iter_records(store, nations[who], "subject")]
            assert (sid in exported) == readable, cell
            # xref: the subjects the agency's batch cross-matching compares against
            with store.transaction() as conn:
                scope = matching._readable(conn, nations[who], matching.Action.READ)
                profiles = {p.id for p in matching._readable_profiles(conn, scope)}
            assert (sid in profiles) == readable, cell
            # update: the owner's writers only
            patched = client.patch(
                f"/api/v1/subjects/{sid}", json={"gender": "male"}, headers=headers
            )
            _check(patched, own, 200, {403} if readable else {404}, cell)
            # delete: refused cells only (an allowed one would end the matrix)
            if not (own and role in {"supervisor", "admin"}):
                gone = client.delete(f"/api/v1/subjects/{sid}", headers=headers)
                _check(gone, False, 204, {403} if readable else {404}, cell)
            # share onward: never by anyone but the owner
            if not own:
                widened = client.put(
                    f"/api/v1/records/{sid}/distribution",
                    json={"level": "all_members"},
                    headers=headers,
                )
                _check(widened, False, 200, {403} if readable else {404}, cell)
    gone = client.delete(f"/api/v1/subjects/{sid}", headers=_h(nations, "KH-CNP/supervisor"))
    assert gone.status_code == 204


def test_a_bilateral_case_is_invisible_to_other_nations_admin_and_coordinator(
    nations: Nations, client: TestClient
) -> None:
    store, owner = nations.store, nations["KH-CNP/analyst"]
    subject = make_subject(store, owner)
    case = records.create_record(
        store,
        owner,
        "case",
        {"ref": "KH-TW-1", "title": "Bilateral", "subject_ids": [subject["id"]]},
    )
    sharing.set_distribution(store, owner, case["id"], DistributionSpec("nations", ["TW"]))
    tw = _h(nations, "TW-CIB/analyst")
    assert client.get(f"/api/v1/cases/{case['id']}", headers=tw).status_code == 200
    assert client.get(f"/api/v1/subjects/{subject['id']}", headers=tw).status_code == 200
    for who in ("TH-RTP/admin", "US-AGIA/coordinator", "TH-RTP/coordinator", "US-AGIA/admin"):
        headers = _h(nations, who)
        for path in (f"/api/v1/cases/{case['id']}", f"/api/v1/subjects/{subject['id']}"):
            answer = client.get(path, headers=headers)
            assert answer.status_code == 404 and _leaks(answer.text) == [], who
        listed = client.get("/api/v1/cases", headers=headers)
        assert listed.json()["total"] == 0 and "Bilateral" not in listed.text
        assert (
            client.get(f"/api/v1/records/{case['id']}/distribution", headers=headers).status_code
            == 404
        )
