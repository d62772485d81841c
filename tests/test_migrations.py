"""The Alembic migrations build exactly the schema the code declares, on both databases."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from liaison.storage.database import Store
from liaison.storage.tables import metadata
from liaison.storage.term_index import UNDECLARED


def _declared(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
    # The inverted index over the matching keys (FTS5 and its shadow tables on SQLite, a
    # GIN index on PostgreSQL) is DDL of the migration, not of the tables module.
    return not (name and (name in UNDECLARED or name.startswith("match_terms_")))


def test_migrated_schema_matches_the_tables_module(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _declared})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_the_key_index_exists_in_each_database(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    if store.dialect == "sqlite":
        assert "match_terms" in inspector.get_table_names()
    else:
        indexes = {i["name"] for i in inspector.get_indexes("match_profiles")}
        assert "ix_match_profiles_keys_gin" in indexes


def test_migrating_twice_changes_nothing(store: Store) -> None:
    store.migrate()
    assert store.is_initialised()
