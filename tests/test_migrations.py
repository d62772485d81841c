"""The Alembic migrations build exactly the schema the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from liaison.storage.database import Store
from liaison.storage.tables import metadata


def test_migrated_schema_matches_the_tables_module(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_migrating_twice_changes_nothing(store: Store) -> None:
    store.migrate()
    assert store.is_initialised()
