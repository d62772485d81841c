"""Whatever a client sends, the answer is a JSON error with a code, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import auth
from tests.conftest import World

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(
    [
        "names",
        "name",
        "ref",
        "birth_date",
        "nationalities",
        "documents",
        "phones",
        "type",
        "subject_id",
        "target_id",
        "start_date",
        "country",
        "subjects",
        "title",
        "offences",
        "retention_review",
        "source_reliability",
        "aliases",
        "seizures",
        "agencies",
    ]
)
BODIES = st.dictionaries(FIELDS, JSON, max_size=6) | JSON
PLURALS = st.sampled_from(["subjects", "organisations", "relations", "operations", "cases"])


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plural=PLURALS, body=BODIES, verb=st.sampled_from(["post", "put", "patch"]))
def test_random_bodies_get_a_coded_answer(
    client: TestClient, world: World, plural: str, body: Any, verb: str
) -> None:
    url = f"/api/v1/{plural}" if verb == "post" else f"/api/v1/{plural}/missing-id"
    answer = client.request(verb.upper(), url, json=body, headers=auth(world.kh_analyst.token))
    assert answer.status_code in {201, 404, 409, 422}, answer.text
    if answer.status_code != 201:
        assert set(answer.json()) >= {"code", "message"}


DIRECTORY_BAD = [
    (
        "/api/v1/agencies",
        {"code": "TH-RTP", "name": "Royal Thai Police"},
        "nation",
        "Field required",
    ),
    (
        "/api/v1/agencies",
        {"code": "TH-RTP", "name": "x", "nation": 66},
        "nation",
        "Input should be a valid string",
    ),
    (
        "/api/v1/agencies",
        {"code": "th rtp!", "name": "x", "nation": "TH"},
        "code",
        "agency code 'TH RTP!' must be 2-50 of A-Z, 0-9, '-' or '_' (e.g. KH-CNP)",
    ),
    (
        "/api/v1/agencies",
        {"code": "TH-RTP", "name": "x" * 301, "nation": "TH"},
        "name",
        "String should have at most 300 characters",
    ),
    (
        "/api/v1/agencies",
        {"code": "TH-RTP", "name": "x", "nation": "TH", "colour": 1},
        "colour",
        "unknown field",
    ),
    ("/api/v1/nations", {"code": "XY"}, "nation", "'XY' is not an ISO 3166-1 alpha-2 nation code"),
    ("/api/v1/nations", {"code": "THA"}, "code", "String should have at most 2 characters"),
]


@pytest.mark.parametrize(("url", "body", "field", "message"), DIRECTORY_BAD)
def test_bad_directory_input_names_the_field(
    client: TestClient, world: World, url: str, body: dict[str, Any], field: str, message: str
) -> None:
    answer = client.post(url, json=body, headers=auth(world.coordinator.token))
    assert answer.status_code == 422, answer.text
    assert {"field": field, "message": message} in answer.json()["details"]
    agencies = client.get("/api/v1/agencies", headers=auth(world.coordinator.token)).json()
    assert {a["code"] for a in agencies} == {"KH-CNP", "TW-CIB", "US-AGIA"}


def test_bad_user_input_names_the_field(client: TestClient, world: World) -> None:
    for body, field in [
        ({"role": "analyst"}, "username"),
        ({"username": "Sok Phal!", "role": "analyst"}, "username"),
    ]:
        answer = client.post(
            "/api/v1/agencies/KH-CNP/users", json=body, headers=auth(world.kh_admin.token)
        )
        assert answer.status_code == 422
        assert answer.json()["details"][0]["field"] == field
    users = client.get("/api/v1/agencies/KH-CNP/users", headers=auth(world.kh_admin.token)).json()
    assert len(users) == 3
