"""Users the legal tests need beyond the shared world: a legal officer, a second KH
analyst and an analyst of a third agency that is party to nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from liaison.domain.access import Actor
from liaison.services import directory
from tests.conftest import Member, World


@dataclass(frozen=True)
class LegalWorld:
    """The shared world plus the legal roles."""

    world: World
    legal_officer: Member
    kh_analyst2: Member
    us_analyst: Member


@pytest.fixture
def legal_world(world: World) -> LegalWorld:
    """The world with a KH legal officer, a second KH analyst and a US analyst."""
    operator = Actor.operator()

    def member(agency: str, username: str, role: str) -> Member:
        _, token = directory.add_user(
            world.store, operator, agency=agency, username=username, role=role
        )
        return Member(directory.authenticate(world.store, token), token)

    return LegalWorld(
        world=world,
        legal_officer=member("KH-CNP", "kh.legal", "legal_officer"),
        kh_analyst2=member("KH-CNP", "kh.analyst2", "analyst"),
        us_analyst=member("US-AGIA", "us.analyst", "analyst"),
    )
