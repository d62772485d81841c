"""The schema of the store, one SQLAlchemy Core table each.

Records of every kind share one table: the validated record is kept whole as JSON in
``body`` (the FollowTheMoney way: the model is data) and what must be searched or
enforced is kept in index tables beside it, written in the same transaction:
``record_names`` (every name exactly as written, with its script), ``record_keys``
(document numbers, phones and countries, normalised) and ``record_links``
(references between records, so a record in use cannot be deleted). Alembic migrations
in ``migrations/`` create exactly this schema; a test compares the two.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

JsonDocument = sa.JSON().with_variant(JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)

nations = sa.Table(
    "nations",
    metadata,
    sa.Column("code", sa.String(2), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)

agencies = sa.Table(
    "agencies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(50), nullable=False, unique=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("nation", sa.String(2), sa.ForeignKey("nations.code"), nullable=False),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("display_name", sa.String(300), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", Timestamp, nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("revoked_at", Timestamp, nullable=True),
    sa.Column("last_used_at", Timestamp, nullable=True),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("ref", sa.String(200), nullable=True),
    sa.Column("label", sa.String(500), nullable=False),
    sa.Column("body", JsonDocument, nullable=False),
    sa.Column("source_reliability", sa.String(1), nullable=False),
    sa.Column("information_accuracy", sa.String(1), nullable=False),
    sa.Column("retention_review", sa.Date, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("agency_id", "kind", "ref"),
    sa.Index(None, "agency_id", "kind", "updated_at"),
)

record_names = sa.Table(
    "record_names",
    metadata,
    sa.Column(
        "record_id",
        sa.String(36),
        sa.ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # Position in the record's list: with the record id, the key (no sequence to feed).
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("agency_id", sa.Integer, nullable=False),
    sa.Column("value", sa.String(500), nullable=False),
    sa.Column("script", sa.String(4), nullable=False),
    sa.Column("name_kind", sa.String(20), nullable=False),
    sa.Column("folded", sa.String(500), nullable=False),
    sa.Index(None, "agency_id", "folded"),
)

record_keys = sa.Table(
    "record_keys",
    metadata,
    sa.Column(
        "record_id",
        sa.String(36),
        sa.ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # Position in the record's list: with the record id, the key (no sequence to feed).
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("agency_id", sa.Integer, nullable=False),
    sa.Column("scheme", sa.String(30), nullable=False),
    sa.Column("value", sa.String(64), nullable=False),
    sa.Column("country", sa.String(2), nullable=True),
    sa.Index(None, "scheme", "value"),
)

record_links = sa.Table(
    "record_links",
    metadata,
    sa.Column(
        "source_id",
        sa.String(36),
        sa.ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # Position in the record's list: with the record id, the key (no sequence to feed).
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    # No cascade: a record that others point to cannot be deleted (the service says which).
    sa.Column("target_id", sa.String(36), sa.ForeignKey("records.id"), nullable=False),
    sa.Column("field", sa.String(50), nullable=False),
    sa.Index(None, "target_id"),
)

# The matching index (subjects only), written in the same transaction as the record:
# the profile the matcher compares, and its blocking keys as 64-bit hashes, so that a
# search looks up candidates by key instead of scanning (liaison.matching.index).
# ``keys`` is an inverted index in both databases, kept by the database itself
# (liaison.storage.term_index): on PostgreSQL an array of keys under a GIN index, on
# SQLite the keys as text, mirrored by triggers into an FTS5 table. Both take a
# subject's twenty-odd keys in one row, where a row per key cost more than the rest of
# an import (measured: benchmarks/import_subjects.py).
KeyList = sa.Text().with_variant(ARRAY(sa.BigInteger), "postgresql")

match_profiles = sa.Table(
    "match_profiles",
    metadata,
    sa.Column(
        "record_id",
        sa.String(36),
        sa.ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("agency_id", sa.Integer, nullable=False, index=True),
    sa.Column("profile", sa.Text, nullable=False),
    sa.Column("keys", KeyList, nullable=False),
)

# Analysts' verdicts on candidate pairs, kept as an append-only history per agency: the
# latest verdict on a pair is the one in force; ``left_id`` sorts before ``right_id``.
judgements = sa.Table(
    "judgements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column(
        "left_id", sa.String(36), sa.ForeignKey("records.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "right_id", sa.String(36), sa.ForeignKey("records.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("verdict", sa.String(10), nullable=False),
    sa.Column("note", sa.String(2000), nullable=False),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Index(None, "agency_id", "left_id", "right_id"),
    sa.Index(None, "right_id"),
)

INDEX_TABLES = (record_names, record_keys, record_links, match_profiles)

# Legal cooperation keeps its tables in its own module, on this same metadata.
from liaison.storage import legal_tables as _legal_tables  # noqa: E402, F401

# Sharing and the audit log, likewise.
from liaison.storage import sharing_tables as _sharing_tables  # noqa: E402, F401
