"""An API client on the test world's store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from liaison.api.app import create_app
from liaison.settings import load_settings
from tests.conftest import World


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    """A client of the real app; server errors come back as 500 answers, not exceptions."""
    app = create_app(load_settings(), world.store)
    with TestClient(app, raise_server_exceptions=False) as the_client:
        yield the_client


def auth(token: str) -> dict[str, str]:
    """The header that signs a request in."""
    return {"Authorization": f"Bearer {token}"}
