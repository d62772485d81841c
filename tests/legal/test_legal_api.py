"""The legal API: routes by GET and POST, knowledge-base edits, requests only the two
agencies see, alerts and the loophole report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from liaison.api.app import create_app
from liaison.settings import load_settings
from tests.api.conftest import auth
from tests.legal.conftest import LegalWorld

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def api(legal_world: LegalWorld) -> Iterator[TestClient]:
    app = create_app(load_settings(), legal_world.world.store)
    app.state.clock = lambda: TODAY
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_routes_by_get_and_post_agree(api: TestClient, legal_world: LegalWorld) -> None:
    headers = auth(legal_world.world.kh_analyst.token)
    got = api.get(
        "/api/v1/legal/routes",
        params={
            "wanted_by": "US",
            "located_in": "KH",
            "nationality": "CN",
            "offence": "drug_trafficking",
            "penalty_years": 10,
        },
        headers=headers,
    )
    assert got.status_code == 200, got.text
    posted = api.post(
        "/api/v1/legal/routes",
        json={
            "wanted_by": "US",
            "located_in": "KH",
            "nationalities": ["CN"],
            "offences": ["drug_trafficking"],
            "penalty_years": 10,
        },
        headers=headers,
    )
    assert posted.status_code == 200
    assert got.json() == posted.json()
    body = got.json()
    assert body["best_route"]["instrument"] == "untoc-2000"
    assert body["question"]["on_date"] == "2025-06-01"
    assert "must verify" in body["disclaimer"]
    assert body["steps"][1]["source"]["citation"].startswith("U.S. Department of State")


def test_bad_route_questions_get_422_with_the_field(
    api: TestClient, legal_world: LegalWorld
) -> None:
    headers = auth(legal_world.world.kh_analyst.token)
    answer = api.post(
        "/api/v1/legal/routes",
        json={
            "wanted_by": "US",
            "located_in": "KH",
            "nationalities": ["CN"],
            "offences": ["jaywalking"],
        },
        headers=headers,
    )
    assert answer.status_code == 422
    assert answer.json()["details"][0]["field"] == "offence"
    assert api.get("/api/v1/legal/routes", params={"wanted_by": "US"}).status_code == 401


def test_knowledge_edits_through_the_api(api: TestClient, legal_world: LegalWorld) -> None:
    officer = auth(legal_world.legal_officer.token)
    entry = api.get("/api/v1/legal/knowledge/offence_law/fraud/TH", headers=officer)
    assert entry.status_code == 200
    body = entry.json()["body"]
    body["max_penalty"] = 0.5
    refused = api.put(
        "/api/v1/legal/knowledge/offence_law/fraud/TH",
        json={"body": body, "reason": "test"},
        headers=auth(legal_world.world.kh_analyst.token),
    )
    assert refused.status_code == 403
    changed = api.put(
        "/api/v1/legal/knowledge/offence_law/fraud/TH",
        json={"body": body, "reason": "test: a misdemeanour"},
        headers=officer,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 1
    routes = api.get(
        "/api/v1/legal/routes",
        params={"wanted_by": "US", "located_in": "TH", "nationality": "US", "offence": "fraud"},
        headers=officer,
    ).json()
    treaty = next(r for r in routes["routes"] if r["instrument"] == "th-us-extradition-1983")
    assert treaty["status"] == "blocked"
    bad = api.put(
        "/api/v1/legal/knowledge/offence_law/fraud/TH",
        json={"body": {**body, "criminal": "perhaps"}, "reason": "x"},
        headers=officer,
    )
    assert bad.status_code == 422
    assert bad.json()["details"][0]["field"] == "offences.fraud.TH.criminal"
    history = api.get("/api/v1/legal/knowledge-changes", headers=officer).json()
    assert [h["key"] for h in history] == ["fraud/TH"]


def _draft(api: TestClient, token: str) -> dict[str, object]:
    answer = api.post(
        "/api/v1/legal/requests",
        json={
            "kind": "provisional_arrest",
            "to_agency": "TW-CIB",
            "title": "Provisional arrest of a scam-compound manager",
            "particulars": {
                "nationalities": ["TW"],
                "offences": ["online_scam"],
                "subject_ref": "S-1",
            },
        },
        headers=auth(token),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_third_agency_sees_no_field_of_a_request(
    api: TestClient, legal_world: LegalWorld
) -> None:
    request = _draft(api, legal_world.world.kh_analyst.token)
    path = f"/api/v1/legal/requests/{request['id']}"
    assert api.get(path, headers=auth(legal_world.world.kh_analyst.token)).status_code == 200
    assert api.get(path, headers=auth(legal_world.world.tw_analyst.token)).status_code == 200
    for outsider in (legal_world.us_analyst.token, legal_world.world.coordinator.token):
        answer = api.get(path, headers=auth(outsider))
        assert answer.status_code == 404
        assert "scam" not in answer.text and "S-1" not in answer.text
        assert api.get("/api/v1/legal/requests", headers=auth(outsider)).json() == []
        for sub in ("/messages", ""):
            post = api.post(
                path + (sub or "/events"),
                json={"event": "acknowledge"} if not sub else {"body": "hello"},
                headers=auth(outsider),
            )
            assert post.status_code == 404, post.text


def test_report_json_and_printable_page(api: TestClient, legal_world: LegalWorld) -> None:
    headers = auth(legal_world.world.kh_analyst.token)
    data = api.get("/api/v1/legal/report", params={"matrix": "false"}, headers=headers)
    assert data.status_code == 200
    assert data.json()["summary"]["wanted_subjects"] == 0
    page = api.get("/api/v1/legal/report.html", headers=headers)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Loophole report — KH-CNP" in page.text
    assert "must verify" in page.text
