"""Fixtures shared by the whole suite: a real store on SQLite and on PostgreSQL.

Every test that takes ``store`` runs twice, once per database. PostgreSQL comes from
``LIAISON_TEST_POSTGRES_URL`` (default: the server on 127.0.0.1:5432 with trust auth).
Without a reachable server the PostgreSQL half is skipped with the reason, except under
``CI=true``, where it fails: CI must prove both databases.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from liaison.domain.access import Actor
from liaison.services import directory
from liaison.storage.database import Store
from liaison.storage.tables import metadata

POSTGRES_ADMIN_URL = os.environ.get(
    "LIAISON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_reason() -> str | None:
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: no server here
        return f"no PostgreSQL server at {POSTGRES_ADMIN_URL}: {type(exc).__name__}"
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating each time is slower)."""
    path = tmp_path_factory.mktemp("template") / "liaison.db"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    store.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (and xdist worker), migrated."""
    reason = _postgres_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true requires PostgreSQL: {reason}")
        pytest.skip(reason)
    name = f"liaison_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    url = (
        sa.engine.make_url(POSTGRES_ADMIN_URL)
        .set(database=name)
        .render_as_string(hide_password=False)
    )
    store = Store(url)
    store.migrate()
    store.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate(store: Store) -> None:
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with store.transaction() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """The URL of an empty, migrated store; the test runs once per database."""
    if request.param == "sqlite":
        path = tmp_path / "liaison.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("postgres_url")
    store = Store(url)
    _truncate(store)
    store.dispose()
    yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty, migrated store on SQLite or PostgreSQL."""
    the_store = Store(store_url)
    yield the_store
    the_store.dispose()


@dataclass(frozen=True)
class Member:
    """A demo user of the test world: the actor and their API token."""

    actor: Actor
    token: str


@dataclass(frozen=True)
class World:
    """Two agencies of two nations, each with users of every role."""

    store: Store
    kh_analyst: Member
    kh_supervisor: Member
    kh_admin: Member
    tw_analyst: Member
    tw_admin: Member
    coordinator: Member


@pytest.fixture
def world(store: Store) -> World:
    """The smallest set of agencies and users most tests need."""
    operator = Actor.operator()
    directory.add_agency(
        store, operator, nation="KH", code="KH-CNP", name="Cambodian National Police"
    )
    directory.add_agency(
        store, operator, nation="TW", code="TW-CIB", name="Criminal Investigation Bureau"
    )
    directory.add_agency(
        store, operator, nation="US", code="US-AGIA", name="Asian Gang Investigators Association"
    )

    def member(agency: str, username: str, role: str) -> Member:
        _, token = directory.add_user(store, operator, agency=agency, username=username, role=role)
        return Member(directory.authenticate(store, token), token)

    return World(
        store=store,
        kh_analyst=member("KH-CNP", "kh.analyst", "analyst"),
        kh_supervisor=member("KH-CNP", "kh.supervisor", "supervisor"),
        kh_admin=member("KH-CNP", "kh.admin", "admin"),
        tw_analyst=member("TW-CIB", "tw.analyst", "analyst"),
        tw_admin=member("TW-CIB", "tw.admin", "admin"),
        coordinator=member("US-AGIA", "agia.coordinator", "coordinator"),
    )
