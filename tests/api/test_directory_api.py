"""Nations, agencies, users and tokens over HTTP, with who may and may not manage them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import auth
from tests.conftest import World


def test_requests_without_a_valid_token_are_refused(client: TestClient, world: World) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer lia_" + "x" * 43},
    ):
        answer = client.get("/api/v1/subjects", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["code"] == "unauthenticated"
    assert client.get("/api/v1/health").json()["status"] == "ok"


def test_me_names_the_user_agency_and_role(client: TestClient, world: World) -> None:
    me = client.get("/api/v1/me", headers=auth(world.tw_analyst.token)).json()
    assert me == {"username": "tw.analyst", "role": "analyst", "agency": "TW-CIB", "nation": "TW"}


def test_coordinator_registers_agencies_and_analyst_may_not(
    client: TestClient, world: World
) -> None:
    body = {"code": "TH-RTP", "name": "Royal Thai Police", "nation": "TH"}
    refused = client.post("/api/v1/agencies", json=body, headers=auth(world.kh_admin.token))
    assert refused.status_code == 403
    created = client.post("/api/v1/agencies", json=body, headers=auth(world.coordinator.token))
    assert created.status_code == 201
    assert created.json()["nation"] == "TH"
    again = client.post("/api/v1/agencies", json=body, headers=auth(world.coordinator.token))
    assert again.status_code == 409
    listed = client.get(
        "/api/v1/agencies", params={"nation": "TH"}, headers=auth(world.kh_analyst.token)
    ).json()
    assert [a["code"] for a in listed] == ["TH-RTP"]
    unknown = client.post(
        "/api/v1/agencies",
        json={**body, "code": "XX-1", "nation": "XX"},
        headers=auth(world.coordinator.token),
    )
    assert unknown.status_code == 422
    assert unknown.json()["message"] == "'XX' is not an ISO 3166-1 alpha-2 nation code"


def test_taiwan_hong_kong_and_macao_are_nations(client: TestClient, world: World) -> None:
    for code in ("TW", "HK", "MO"):
        answer = client.post(
            "/api/v1/nations", json={"code": code}, headers=auth(world.coordinator.token)
        )
        assert answer.status_code == 201, code
    names = {
        n["code"]: n["name"]
        for n in client.get("/api/v1/nations", headers=auth(world.kh_analyst.token)).json()
    }
    assert names["TW"] == "Taiwan"
    assert names["HK"] == "Hong Kong"


def test_admin_manages_users_of_own_agency_only(client: TestClient, world: World) -> None:
    body = {"username": "kh.new", "role": "analyst"}
    created = client.post(
        "/api/v1/agencies/KH-CNP/users", json=body, headers=auth(world.kh_admin.token)
    )
    assert created.status_code == 201
    token = created.json()["token"]
    assert client.get("/api/v1/me", headers=auth(token)).json()["username"] == "kh.new"
    for other in (world.tw_admin.token, world.kh_analyst.token, world.coordinator.token):
        answer = client.post(
            "/api/v1/agencies/KH-CNP/users",
            json={"username": "intruder", "role": "admin"},
            headers=auth(other),
        )
        assert answer.status_code == 403
        listing = client.get("/api/v1/agencies/KH-CNP/users", headers=auth(other))
        assert listing.status_code == 403
        assert "kh.new" not in listing.text
    bad_role = client.post(
        "/api/v1/agencies/KH-CNP/users",
        json={"username": "x.y", "role": "boss"},
        headers=auth(world.kh_admin.token),
    )
    assert bad_role.status_code == 422
    assert bad_role.json()["details"] == [
        {
            "field": "role",
            "message": "role 'boss' is not one of analyst, supervisor, admin, coordinator, legal_officer",
        }
    ]


def test_revoked_token_is_refused_at_once(client: TestClient, world: World) -> None:
    new = client.post(
        "/api/v1/users/kh.analyst/tokens",
        json={"label": "laptop"},
        headers=auth(world.kh_analyst.token),
    )
    assert new.status_code == 201
    second = new.json()["token"]
    tokens = client.get("/api/v1/users/kh.analyst/tokens", headers=auth(second)).json()
    assert [t["label"] for t in tokens] == ["first token", "laptop"]
    assert all(second not in str(t) for t in tokens)
    laptop = tokens[1]["id"]
    stranger = client.delete(f"/api/v1/tokens/{laptop}", headers=auth(world.tw_admin.token))
    assert stranger.status_code == 403
    assert (
        client.delete(f"/api/v1/tokens/{laptop}", headers=auth(world.kh_admin.token)).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=auth(second)).status_code == 401
    assert client.get("/api/v1/me", headers=auth(world.kh_analyst.token)).status_code == 200


def test_tokens_are_stored_hashed(world: World) -> None:
    import sqlalchemy as sa

    from liaison.storage.tables import api_tokens

    with world.store.transaction() as conn:
        stored = [row.token_hash for row in conn.execute(sa.select(api_tokens))]
    assert world.kh_analyst.token not in stored
    assert all(len(h) == 64 for h in stored)


def test_openapi_document_is_served_and_names_every_record_model(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/subjects",
        "/api/v1/subjects/{record_id}",
        "/api/v1/cases",
        "/api/v1/agencies",
    } <= set(document["paths"])
    schemas = document["components"]["schemas"]
    assert {
        "SubjectIn",
        "OrganisationIn",
        "RelationIn",
        "OperationIn",
        "CaseIn",
        "Name",
        "Document",
    } <= set(schemas)
    assert document["paths"]["/api/v1/subjects"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"] == {"$ref": "#/components/schemas/SubjectIn"}
