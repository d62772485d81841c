"""The inverted index over the matching keys: which subjects have a key, and how many.

Each subject's blocking keys (64-bit hashes) are kept in one column of its
``match_profiles`` row, and each database indexes that column itself:

- PostgreSQL: ``keys`` is ``BIGINT[]`` under a GIN index (``keys @> ARRAY[k]``).
- SQLite: ``keys`` is text (each key in hexadecimal, separated by spaces), copied by
  triggers into a contentless FTS5 table whose rowid is the profile's rowid. FTS5
  buffers and merges its postings, so an import adds a subject's keys in about a
  microsecond where a B-tree row per key took 5 (measured before this design:
  benchmarks/import_subjects.py went from 2,600 to over 5,000 subjects/s).

Writes therefore need nothing here beyond the row itself: inserts, updates, deletes and
cascades keep the index current inside the same transaction. This module holds the DDL
(used by migration 0002) and the two lookups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

_MASK = (1 << 64) - 1

CREATE: dict[str, tuple[str, ...]] = {
    "postgresql": ("CREATE INDEX ix_match_profiles_keys_gin ON match_profiles USING gin (keys)",),
    "sqlite": (
        "CREATE VIRTUAL TABLE match_terms USING fts5(terms, content='', detail=none, columnsize=0)",
        "CREATE TRIGGER match_terms_insert AFTER INSERT ON match_profiles BEGIN "
        "INSERT INTO match_terms(rowid, terms) VALUES (new.rowid, new.keys); END",
        "CREATE TRIGGER match_terms_delete AFTER DELETE ON match_profiles BEGIN "
        "INSERT INTO match_terms(match_terms, rowid, terms) "
        "VALUES ('delete', old.rowid, old.keys); END",
        "CREATE TRIGGER match_terms_update AFTER UPDATE ON match_profiles BEGIN "
        "INSERT INTO match_terms(match_terms, rowid, terms) "
        "VALUES ('delete', old.rowid, old.keys); "
        "INSERT INTO match_terms(rowid, terms) VALUES (new.rowid, new.keys); END",
    ),
}
DROP: dict[str, tuple[str, ...]] = {
    "postgresql": ("DROP INDEX IF EXISTS ix_match_profiles_keys_gin",),
    "sqlite": (
        "DROP TRIGGER IF EXISTS match_terms_insert",
        "DROP TRIGGER IF EXISTS match_terms_delete",
        "DROP TRIGGER IF EXISTS match_terms_update",
        "DROP TABLE IF EXISTS match_terms",
    ),
}

# Schema objects the tables module does not declare (the migration test ignores them).
UNDECLARED = frozenset({"match_terms", "ix_match_profiles_keys_gin"})


def _term(key: int) -> str:
    return format(key & _MASK, "x")


def stored_keys(dialect: str, keys: Sequence[int]) -> str | list[int]:
    """The value of the ``keys`` column for these keys, as the dialect keeps it."""
    if dialect == "postgresql":
        return list(keys)
    return " ".join(_term(k) for k in keys)


_SHARED = {
    True: (
        "agency_id IN :agencies",
        "(agency_id IN :agencies OR EXISTS (SELECT 1 FROM record_grants AS g "
        "WHERE g.record_id = match_profiles.record_id AND g.principal IN :principals))",
    ),
    False: (
        "p.agency_id IN :agencies",
        "(p.agency_id IN :agencies OR EXISTS (SELECT 1 FROM record_grants AS g "
        "WHERE g.record_id = p.record_id AND g.principal IN :principals))",
    ),
}


def _query(
    postgresql: str, sqlite: str, dialect: str, principals: Sequence[str] = ()
) -> sa.TextClause:
    text = postgresql if dialect == "postgresql" else sqlite
    # Records other agencies shared with the caller: a grant to one of its principals
    # (liaison.storage.sharing_tables.record_grants).
    if principals:
        filter_, shared = _SHARED[dialect == "postgresql"]
        text = text.replace(filter_, shared)
    params: list[sa.BindParameter[Any]] = [sa.bindparam("agencies", expanding=True)]
    if principals:
        params.append(sa.bindparam("principals", expanding=True))
    return sa.text(text).bindparams(*params)


def _value(key: int, dialect: str) -> int | str:
    return key if dialect == "postgresql" else f'"{_term(key)}"'


def subjects_with_keys(
    conn: Connection,
    keys: Iterable[int],
    agency_ids: Sequence[int],
    cap: int,
    principals: Sequence[str] = (),
) -> Counter[str]:
    """For every subject of ``agency_ids`` (or granted to one of ``principals``) sharing
    a key, how many keys it shares.

    A key more than ``cap`` subjects have (a very common surname pair) is skipped: it
    says little, and the subject still comes through its other keys.
    """
    shared: Counter[str] = Counter()
    if not agency_ids:
        return shared
    dialect = conn.dialect.name
    statement = _query(
        "SELECT record_id FROM match_profiles WHERE keys @> ARRAY[CAST(:key AS BIGINT)] "
        "AND agency_id IN :agencies LIMIT :limit",
        "SELECT p.record_id FROM match_profiles AS p WHERE p.rowid IN ("
        "SELECT rowid FROM match_terms WHERE match_terms MATCH :key LIMIT :limit) "
        "AND p.agency_id IN :agencies",
        dialect,
        principals,
    )
    for key in dict.fromkeys(keys):
        values: dict[str, Any] = {
            "key": _value(key, dialect),
            "limit": cap + 1,
            "agencies": list(agency_ids),
        }
        if principals:
            values["principals"] = list(principals)
        found = conn.execute(statement, values).scalars().all()
        if len(found) <= cap:
            shared.update(found)
    return shared


def after_bulk_write(conn: Connection) -> None:
    """Bring the index and the planner's statistics up to date after a large import:
    PostgreSQL plans searches by the agency filter instead of the key index while its
    statistics predate the import (measured: 270 ms a search instead of a few)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE match_profiles")
        conn.exec_driver_sql("SELECT gin_clean_pending_list('ix_match_profiles_keys_gin')")


def key_counts(
    conn: Connection,
    keys: Iterable[int],
    agency_ids: Sequence[int],
    cap: int,
    principals: Sequence[str] = (),
) -> dict[int, int]:
    """How many subjects of ``agency_ids`` (or granted to one of ``principals``) have
    each key, counting up to ``cap`` (keys none has are left out)."""
    counts: dict[int, int] = {}
    if not agency_ids:
        return counts
    dialect = conn.dialect.name
    statement = _query(
        "SELECT count(*) FROM (SELECT 1 FROM match_profiles "
        "WHERE keys @> ARRAY[CAST(:key AS BIGINT)] AND agency_id IN :agencies "
        "LIMIT :limit) AS found",
        "SELECT count(*) FROM (SELECT 1 FROM match_profiles AS p WHERE p.rowid IN ("
        "SELECT rowid FROM match_terms WHERE match_terms MATCH :key) "
        "AND p.agency_id IN :agencies LIMIT :limit)",
        dialect,
        principals,
    )
    for key in dict.fromkeys(keys):
        values: dict[str, Any] = {
            "key": _value(key, dialect),
            "agencies": list(agency_ids),
            "limit": cap,
        }
        if principals:
            values["principals"] = list(principals)
        count = int(conn.execute(statement, values).scalar_one())
        if count:
            counts[key] = count
    return counts
