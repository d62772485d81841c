"""The default demo, generated once for the tests that only read it."""

from __future__ import annotations

import pytest

from liaison.demo import DemoData, generate_demo


@pytest.fixture(scope="session")
def default_demo() -> DemoData:
    """The demo at its default seed and size (2,400 subjects)."""
    return generate_demo()
