"""Records over HTTP: every kind, every verb, bad input, and who must not see what."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import auth
from tests.conftest import World

SUBJECT = {
    "ref": "KH-2024-017",
    "names": [
        {"value": "ចេន ជីមីង", "kind": "primary"},
        {"value": "Chen Zhiming", "kind": "romanisation", "family": "Chen", "given": "Zhiming"},
    ],
    "birth_date": "~1985",
    "gender": "male",
    "nationalities": ["CN"],
    "documents": [{"type": "passport", "number": "EA1234567", "issuing_country": "CN"}],
    "phones": [{"number": "+855 12 345 678"}],
    "addresses": [{"text": "Street 271, Phnom Penh", "city": "Phnom Penh", "country": "KH"}],
    "source_reliability": "B",
    "information_accuracy": "2",
}


def _create(client: TestClient, token: str, plural: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(f"/api/v1/{plural}", json=body, headers=auth(token))
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _graph(client: TestClient, token: str) -> dict[str, dict[str, Any]]:
    person = _create(client, token, "subjects", SUBJECT)
    brother = _create(
        client, token, "subjects", {"names": [{"value": "陳志強"}], "ref": "KH-2024-018"}
    )
    gang = _create(
        client,
        token,
        "organisations",
        {"name": "紅龍幫", "aliases": ["Red Dragon"], "countries": ["TW", "KH"]},
    )
    membership = _create(
        client,
        token,
        "relations",
        {
            "type": "membership",
            "subject_id": person["id"],
            "target_id": gang["id"],
            "role": "boss",
            "start": "2019",
        },
    )
    family = _create(
        client,
        token,
        "relations",
        {
            "type": "family",
            "subject_id": person["id"],
            "target_id": brother["id"],
            "role": "brother",
        },
    )
    sweep = _create(
        client,
        token,
        "operations",
        {
            "name": "Sihanoukville sweep",
            "start_date": "2019-08-01",
            "end_date": "2019-08-03",
            "place": "Sihanoukville",
            "country": "KH",
            "agencies": ["KH-CNP", "TW-CIB"],
            "arrests": 235,
            "rescued_victims": 40,
            "seizures": [{"item": "methamphetamine", "quantity": 12.5, "unit": "kg"}],
            "subjects": [
                {
                    "subject_id": person["id"],
                    "outcome": "deported",
                    "to_country": "CN",
                    "date": "2019-09-10",
                }
            ],
        },
    )
    case = _create(
        client,
        token,
        "cases",
        {
            "ref": "CNP/2019/0042",
            "title": "Red Dragon online scam compound",
            "offences": ["online_scam", "human_trafficking"],
            "subject_ids": [person["id"], brother["id"]],
            "organisation_ids": [gang["id"]],
            "operation_ids": [sweep["id"]],
        },
    )
    return {
        "person": person,
        "brother": brother,
        "gang": gang,
        "membership": membership,
        "family": family,
        "sweep": sweep,
        "case": case,
    }


def test_every_kind_is_created_read_and_listed(client: TestClient, world: World) -> None:
    token = world.kh_analyst.token
    graph = _graph(client, token)
    person = client.get(f"/api/v1/subjects/{graph['person']['id']}", headers=auth(token)).json()
    assert person["names"][0] == {
        "value": "ចេន ជីមីង",
        "script": "Khmr",
        "kind": "primary",
        "given": None,
        "family": None,
    }
    assert person["birth_date"] == "~1985"
    assert person["phones"][0]["e164"] == "+85512345678"
    assert person["agency"] == "KH-CNP"
    assert person["version"] == 1
    for plural, expected in [
        ("subjects", 2),
        ("organisations", 1),
        ("relations", 2),
        ("operations", 1),
        ("cases", 1),
    ]:
        page = client.get(f"/api/v1/{plural}", headers=auth(token)).json()
        assert page["total"] == expected, plural
    sweep = client.get(f"/api/v1/operations/{graph['sweep']['id']}", headers=auth(token)).json()
    assert sweep["subjects"][0]["to_country"] == "CN"
    assert sweep["seizures"][0]["quantity"] == 12.5


def test_list_filters_and_pages(client: TestClient, world: World) -> None:
    token = world.kh_analyst.token
    _graph(client, token)
    by_name = client.get("/api/v1/subjects", params={"q": "chen zhi"}, headers=auth(token)).json()
    assert [s["ref"] for s in by_name["items"]] == ["KH-2024-017"]
    by_script = client.get(
        "/api/v1/organisations", params={"q": "red dragon"}, headers=auth(token)
    ).json()
    assert by_script["total"] == 1
    by_country = client.get(
        "/api/v1/subjects", params={"country": "CN"}, headers=auth(token)
    ).json()
    assert by_country["total"] == 1
    first = client.get("/api/v1/subjects", params={"limit": 1}, headers=auth(token)).json()
    second = client.get(
        "/api/v1/subjects", params={"limit": 1, "offset": 1}, headers=auth(token)
    ).json()
    assert first["total"] == second["total"] == 2
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {
        s["id"] for s in client.get("/api/v1/subjects", headers=auth(token)).json()["items"]
    }
    by_ref = client.get(
        "/api/v1/cases", params={"ref": "CNP/2019/0042"}, headers=auth(token)
    ).json()
    assert by_ref["items"][0]["title"] == "Red Dragon online scam compound"


def test_update_patch_replace_and_version_check(client: TestClient, world: World) -> None:
    token = world.kh_analyst.token
    person = _create(client, token, "subjects", SUBJECT)
    url = f"/api/v1/subjects/{person['id']}"
    patched = client.patch(
        url,
        json={"gender": "unknown", "birth_date": "1985-03-02"},
        headers={**auth(token), "If-Match": "1"},
    )
    assert patched.status_code == 200
    assert patched.json()["version"] == 2
    assert patched.json()["names"][1]["value"] == "Chen Zhiming"
    stale = client.patch(url, json={"gender": "male"}, headers={**auth(token), "If-Match": "1"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    replaced = client.put(
        url, json={"names": [{"value": "Chen Chih-ming"}]}, headers=auth(token)
    ).json()
    assert [n["value"] for n in replaced["names"]] == ["Chen Chih-ming"]
    assert replaced["birth_date"] is None
    assert replaced["created_at"] == person["created_at"]


def test_delete_needs_supervisor_and_no_references(client: TestClient, world: World) -> None:
    graph = _graph(client, world.kh_analyst.token)
    gang_url = f"/api/v1/organisations/{graph['gang']['id']}"
    by_analyst = client.delete(gang_url, headers=auth(world.kh_analyst.token))
    assert by_analyst.status_code == 403
    in_use = client.delete(gang_url, headers=auth(world.kh_supervisor.token))
    assert in_use.status_code == 409
    assert graph["membership"]["id"] in in_use.json()["message"]
    assert graph["case"]["id"] in in_use.json()["message"]
    for kind, key in [("cases", "case"), ("relations", "membership")]:
        gone = client.delete(
            f"/api/v1/{kind}/{graph[key]['id']}", headers=auth(world.kh_supervisor.token)
        )
        assert gone.status_code == 204
    assert client.delete(gang_url, headers=auth(world.kh_supervisor.token)).status_code == 204
    assert client.get(gang_url, headers=auth(world.kh_supervisor.token)).status_code == 404


def test_another_agency_sees_nothing_of_it(client: TestClient, world: World) -> None:
    graph = _graph(client, world.kh_analyst.token)
    outsiders = [world.tw_analyst.token, world.tw_admin.token, world.coordinator.token]
    secrets = ["ចេន ជីមីង", "Chen Zhiming", "EA1234567", "紅龍幫", "CNP/2019/0042", "KH-2024-017"]
    plural = {
        "person": "subjects",
        "gang": "organisations",
        "membership": "relations",
        "sweep": "operations",
        "case": "cases",
    }
    for token in outsiders:
        for key, kind in plural.items():
            record_id = graph[key]["id"]
            answers = [
                client.get(f"/api/v1/{kind}/{record_id}", headers=auth(token)),
                client.patch(
                    f"/api/v1/{kind}/{record_id}", json={"notes": "x"}, headers=auth(token)
                ),
                client.put(f"/api/v1/{kind}/{record_id}", json={"notes": "x"}, headers=auth(token)),
                client.delete(f"/api/v1/{kind}/{record_id}", headers=auth(token)),
                client.get(f"/api/v1/{kind}", params={"q": "chen"}, headers=auth(token)),
                client.get(f"/api/v1/{kind}", headers=auth(token)),
            ]
            for answer in answers[:4]:
                assert answer.status_code == 404
            for answer in answers[4:]:
                assert answer.json()["total"] == 0
            for answer in answers:
                assert not any(secret in answer.text for secret in secrets)
    owner_view = client.get(
        f"/api/v1/subjects/{graph['person']['id']}", headers=auth(world.kh_analyst.token)
    )
    assert owner_view.json()["notes"] == ""


def test_cannot_link_to_a_record_of_another_agency(client: TestClient, world: World) -> None:
    theirs = _create(client, world.tw_analyst.token, "subjects", {"names": [{"value": "陳志明"}]})
    answer = client.post(
        "/api/v1/cases",
        json={"ref": "C-1", "title": "t", "subject_ids": [theirs["id"]]},
        headers=auth(world.kh_analyst.token),
    )
    assert answer.status_code == 422
    assert answer.json()["details"] == [
        {"field": "subject_ids", "message": f"no subject with id {theirs['id']!r}"}
    ]


BAD_BODIES = [
    ("subjects", {"names": "Chen"}, "names", "Input should be a valid list"),
    ("subjects", {}, "names", "Field required"),
    (
        "subjects",
        {"names": []},
        "names",
        "List should have at least 1 item after validation, not 0",
    ),
    ("subjects", {"names": [{"value": "!!!"}]}, "names.0.value", "'!!!' contains no letter"),
    (
        "subjects",
        {"names": [{"value": "x" * 501}]},
        "names.0.value",
        "String should have at most 500 characters",
    ),
    (
        "subjects",
        {"names": [{"value": "Sok"}], "nationalities": ["Atlantis"]},
        "nationalities.0",
        "'Atlantis' is not an ISO 3166-1 alpha-2 nation code",
    ),
    (
        "subjects",
        {"names": [{"value": "Sok"}], "birth_date": "31/12/1985"},
        "birth_date",
        "'31/12/1985' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, optionally prefixed by ~ for approximate)",
    ),
    (
        "subjects",
        {"names": [{"value": "Sok"}], "birth_date": "1985-02-30"},
        "birth_date",
        "'1985-02-30': day 30 does not exist in that month",
    ),
    (
        "subjects",
        {"names": [{"value": "Sok"}], "gender": "yes"},
        "gender",
        "Input should be 'male', 'female', 'other' or 'unknown'",
    ),
    (
        "subjects",
        {"names": [{"value": "Sok"}], "source_reliability": "E"},
        "source_reliability",
        "Input should be 'A', 'B', 'C' or 'X'",
    ),
    ("subjects", {"names": [{"value": "Sok"}], "colour": "red"}, "colour", "unknown field"),
    (
        "subjects",
        {"names": [{"value": "Sok"}], "retention_review": "soon"},
        "retention_review",
        "'soon' is not a full date (expected YYYY-MM-DD)",
    ),
    (
        "subjects",
        {"names": [{"value": "Sok"}], "notes": "x" * 20001},
        "notes",
        "String should have at most 20000 characters",
    ),
    ("organisations", {"name": 12}, "name", "Input should be a valid string"),
    (
        "relations",
        {"type": "enemy", "subject_id": "a", "target_id": "b"},
        "type",
        "Input should be 'membership', 'associate' or 'family'",
    ),
    (
        "relations",
        {"type": "associate", "subject_id": "a", "target_id": "b", "start": "2020", "end": "2019"},
        "(record)",
        "end 2019 is before start 2020",
    ),
    (
        "operations",
        {"name": "Sweep", "start_date": "2019-08-01", "country": "ZZ"},
        "country",
        "'ZZ' is not an ISO 3166-1 alpha-2 nation code",
    ),
    (
        "operations",
        {"name": "Sweep", "start_date": "2019-08-01", "country": "KH", "arrests": -1},
        "arrests",
        "Input should be greater than or equal to 0",
    ),
    (
        "operations",
        {
            "name": "Sweep",
            "start_date": "2019-08-01",
            "country": "KH",
            "subjects": [{"subject_id": "a", "outcome": "deported"}],
        },
        "subjects.0",
        "outcome 'deported' needs to_country",
    ),
    (
        "operations",
        {"name": "Sweep", "start_date": 1700000000, "country": "KH"},
        "start_date",
        "expected a date written YYYY-MM-DD, not a int",
    ),
    (
        "operations",
        {"name": "Sweep", "start_date": "2023", "country": "KH"},
        "start_date",
        "'2023' is not a full date (expected YYYY-MM-DD)",
    ),
    ("cases", {"title": "No reference"}, "ref", "Field required"),
    (
        "cases",
        {"ref": "C-1", "title": "t", "offences": ["jaywalking"]},
        "offences.0",
        "'jaywalking' is not an offence code of the taxonomy (docs/offences.md)",
    ),
]


@pytest.mark.parametrize(("plural", "body", "field", "message"), BAD_BODIES)
def test_bad_input_is_refused_with_the_field_and_nothing_is_written(
    client: TestClient, world: World, plural: str, body: dict[str, Any], field: str, message: str
) -> None:
    token = world.kh_analyst.token
    answer = client.post(f"/api/v1/{plural}", json=body, headers=auth(token))
    assert answer.status_code == 422, answer.text
    payload = answer.json()
    assert payload["code"] == "validation_failed"
    assert {"field": field, "message": message} in payload["details"]
    assert client.get(f"/api/v1/{plural}", headers=auth(token)).json()["total"] == 0


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 422, "validation_failed"),
        (b"[1, 2]", "application/json", 422, "validation_failed"),
        ("名前".encode("utf-16"), "application/json", 422, "validation_failed"),
        (b"names=x", "application/x-www-form-urlencoded", 422, "validation_failed"),
        (
            json.dumps({"names": [{"value": "x" * 6_000_000}]}).encode(),
            "application/json",
            413,
            "request_too_large",
        ),
    ],
)
def test_malformed_bodies_get_a_json_error_not_a_crash(
    client: TestClient, world: World, content: bytes, content_type: str, status: int, code: str
) -> None:
    answer = client.post(
        "/api/v1/subjects",
        content=content,
        headers={**auth(world.kh_analyst.token), "content-type": content_type},
    )
    assert answer.status_code == status
    assert answer.json()["code"] == code
    assert "Traceback" not in answer.text


def test_paging_bounds_and_bad_query_values(client: TestClient, world: World) -> None:
    token = world.kh_analyst.token
    for params, field in [
        ({"limit": 501}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"country": "KHM"}, "country"),
        ({"updated_since": "yesterday"}, "updated_since"),
    ]:
        answer = client.get("/api/v1/subjects", params=params, headers=auth(token))
        assert answer.status_code == 422, params
        assert answer.json()["details"][0]["field"] == field
    assert client.get("/api/v1/subjects/does-not-exist", headers=auth(token)).status_code == 404
    assert (
        client.patch(
            "/api/v1/subjects/x", json={}, headers={**auth(token), "If-Match": "abc"}
        ).status_code
        == 422
    )
