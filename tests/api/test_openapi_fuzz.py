"""Fuzz every API operation from the app's own OpenAPI document (schemathesis).

Signed in as an analyst of one agency, whatever schemathesis sends to whichever
operation, the answer is never a server error and never carries a field of another
agency's record that was not shared with it.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.api.app import create_app
from liaison.services import records
from liaison.settings import load_settings
from tests.conftest import World

SECRETS = ("Zorigtbaatar Oyunchimeg", "ZX9384756", "1931-02-29", "KH-COVERT-77")


@pytest.fixture
def fuzz_world(world: World) -> World:
    """The test world with a record of another agency, shared with no one."""
    records.create_record(
        world.store,
        world.kh_analyst.actor,
        "subject",
        {
            "ref": SECRETS[3],
            "names": [{"value": SECRETS[0]}],
            "documents": [{"type": "passport", "number": SECRETS[1], "issuing_country": "KH"}],
            "birth_date": "1931-02",
        },
    )
    return world


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@given(data=st.data())
def test_no_server_error_and_nothing_unshared(fuzz_world: World, data: st.DataObject) -> None:
    schema = _schema(fuzz_world)
    operations = [result.ok() for result in schema.get_all_operations()]
    operation = data.draw(st.sampled_from(operations), label="operation")
    case = data.draw(operation.as_strategy(), label="case")
    response = case.call(headers={"Authorization": f"Bearer {fuzz_world.tw_analyst.token}"})
    where = f"{case.method} {case.formatted_path}"
    assert response.status_code < 500, (where, response.text[:300])
    for secret in (SECRETS[0], SECRETS[1], SECRETS[3]):
        assert secret not in response.text, where


_schemas: dict[int, Any] = {}


def _schema(world: World) -> Any:
    """The app's OpenAPI document as schemathesis reads it (one per test world)."""
    key = id(world)
    if key not in _schemas:
        app = create_app(load_settings(), world.store)
        _schemas.clear()
        _schemas[key] = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    return _schemas[key]
