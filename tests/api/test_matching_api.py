"""POST /match, candidates and judgements over HTTP: what a client sees, and does not."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import auth
from tests.conftest import World


def _subject(client: TestClient, token: str, body: dict[str, object]) -> str:
    answer = client.post("/api/v1/subjects", json=body, headers=auth(token))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_match_ranks_the_same_person_first_across_scripts(client: TestClient, world: World) -> None:
    token = world.tw_analyst.token
    chen = _subject(client, token, {"names": [{"value": "陳志明"}], "birth_date": "1985-03-12"})
    _subject(client, token, {"names": [{"value": "陳志強"}], "birth_date": "1987-07-01"})
    answer = client.post(
        "/api/v1/match",
        json={"name": "Chen Chih-ming", "birth_date": "1985", "limit": 5},
        headers=auth(token),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    top = body["candidates"][0]
    assert top["id"] == chen
    assert top["score"] >= body["default_threshold"]
    assert "name" in top["explanation_text"]
    assert all(c["score"] < body["default_threshold"] for c in body["candidates"][1:])


def test_match_never_reveals_another_agencys_subject(client: TestClient, world: World) -> None:
    _subject(
        client,
        world.kh_analyst.token,
        {"names": [{"value": "Sok Phal"}], "birth_date": "1970-01-02", "ref": "KH-SECRET"},
    )
    for member in (world.tw_analyst, world.tw_admin, world.coordinator):
        answer = client.post("/api/v1/match", json={"name": "Sok Phal"}, headers=auth(member.token))
        assert answer.status_code == 200
        assert answer.json()["candidates"] == []
        assert "KH-SECRET" not in answer.text and "1970" not in answer.text


def test_match_refuses_bad_input_naming_the_field(client: TestClient, world: World) -> None:
    headers = auth(world.tw_analyst.token)
    for body, field in (
        ({"name": "!!!"}, "name"),
        ({"name": "Chen", "birth_date": "12/31/1985"}, "birth_date"),
        ({"name": "Chen", "limit": 0}, "limit"),
        ({"name": "x" * 10_000}, "name"),
    ):
        answer = client.post("/api/v1/match", json=body, headers=headers)
        assert answer.status_code == 422, body
        assert field in answer.text
    assert client.post("/api/v1/match", json={"name": "Chen"}).status_code == 401


def test_judgements_over_http(client: TestClient, world: World) -> None:
    token = world.tw_analyst.token
    a = _subject(client, token, {"names": [{"value": "陳志明"}], "birth_date": "1985-03-12"})
    b = _subject(client, token, {"names": [{"value": "Chen Zhiming"}], "birth_date": "1985"})
    listed = client.get(f"/api/v1/subjects/{a}/candidates", headers=auth(token)).json()
    assert [c["id"] for c in listed["candidates"]] == [b]
    judged = client.post(
        "/api/v1/judgements",
        json={"left_id": a, "right_id": b, "verdict": "not_same", "note": "twins"},
        headers=auth(token),
    )
    assert judged.status_code == 201, judged.text
    listed = client.get(f"/api/v1/subjects/{a}/candidates", headers=auth(token)).json()
    assert listed["candidates"] == []
    kept = client.get("/api/v1/judgements", headers=auth(token)).json()
    assert [(k["verdict"], k["note"]) for k in kept] == [("not_same", "twins")]
    # Another agency neither judges these subjects nor sees the verdicts.
    other = auth(world.kh_analyst.token)
    refused = client.post(
        "/api/v1/judgements", json={"left_id": a, "right_id": b, "verdict": "same"}, headers=other
    )
    assert refused.status_code == 404
    assert client.get("/api/v1/judgements", headers=other).json() == []
    hidden = client.get(f"/api/v1/subjects/{a}/candidates", headers=other)
    assert hidden.status_code == 404 and "Chen" not in hidden.text
