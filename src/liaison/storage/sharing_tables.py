"""Tables of sharing: distributions, grants, groups, requests, hits and the audit log.

They live in the same ``metadata`` as the rest of the store (migration 0004 creates them).

``record_grants`` is what every read path filters on: one row per record and principal
(``agency:7``, ``nation:TW``, ``group:3``, ``all``) the owner's distribution reaches, so
"may the caller read this record" is one indexed ``EXISTS`` in SQL. ``via`` says where a
grant comes from (the record's own distribution, a case it is linked to, a consent or a
disclosure), so narrowing one source never removes another's.
"""

from __future__ import annotations

import sqlalchemy as sa

from liaison.storage.tables import JsonDocument, Timestamp, metadata

sharing_groups = sa.Table(
    "sharing_groups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(50), nullable=False, unique=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)

sharing_group_members = sa.Table(
    "sharing_group_members",
    metadata,
    sa.Column(
        "group_id",
        sa.Integer,
        sa.ForeignKey("sharing_groups.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), primary_key=True),
    sa.Column("added_at", Timestamp, nullable=False),
    sa.Index(None, "agency_id"),
)

# An agency's own rule: whether anything it shares outside itself needs a supervisor's
# approval first (four-eyes).
sharing_policies = sa.Table(
    "sharing_policies",
    metadata,
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), primary_key=True),
    sa.Column("requires_approval", sa.Boolean, nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)

# The owner's distribution and handling codes of a record, as it set them. A record
# without a row here stays with its owner agency.
distributions = sa.Table(
    "distributions",
    metadata,
    sa.Column(
        "record_id",
        sa.String(36),
        sa.ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("level", sa.String(20), nullable=False),
    # Nation codes, agency codes or the group code the level names.
    sa.Column("targets", JsonDocument, nullable=False),
    sa.Column("no_onward", sa.Boolean, nullable=False),
    sa.Column("no_judicial", sa.Boolean, nullable=False),
    sa.Column("restrictions", sa.String(2000), nullable=False),
    # Covert: the record never shows up as a hit in another agency's search.
    sa.Column("hit_opt_out", sa.Boolean, nullable=False),
    # For a case: ids of linked records its sharing leaves out.
    sa.Column("excluded", JsonDocument, nullable=False),
    sa.Column("set_by", sa.String(100), nullable=False),
    sa.Column("set_at", Timestamp, nullable=False),
)

record_grants = sa.Table(
    "record_grants",
    metadata,
    sa.Column(
        "record_id",
        sa.String(36),
        sa.ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("principal", sa.String(60), primary_key=True),
    sa.Column("via", sa.String(60), primary_key=True),
    # Read paths probe (record, principal); withdrawal deletes by source.
    sa.Index(None, "via"),
)

# Four-eyes approvals, consent requests and disclosure requests: who asked what about
# which record, and the owner's answer. Never deleted: the history is the record.
sharing_requests = sa.Table(
    "sharing_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("record_id", sa.String(36), nullable=False),
    sa.Column("owner_agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("requester_agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("requested_by", sa.String(100), nullable=False),
    sa.Column("purpose", sa.String(2000), nullable=False),
    sa.Column("payload", JsonDocument, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("decided_by", sa.String(100), nullable=True),
    sa.Column("decided_at", Timestamp, nullable=True),
    sa.Column("decision_note", sa.String(2000), nullable=False),
    sa.Index(None, "owner_agency_id", "state"),
    sa.Index(None, "requester_agency_id"),
    sa.Index(None, "record_id"),
)

# Hit/no-hit: a search or xref found a record the searcher may not read. The owner sees
# who, when and why; the searcher holds only the opaque ``reference``.
hits = sa.Table(
    "hits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(40), nullable=False, unique=True),
    sa.Column(
        "record_id", sa.String(36), sa.ForeignKey("records.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("owner_agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("searcher_agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("searcher", sa.String(100), nullable=False),
    sa.Column("purpose", sa.String(2000), nullable=False),
    sa.Column("band", sa.String(10), nullable=False),
    sa.Column("source", sa.String(10), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Index(None, "owner_agency_id", "id"),
    sa.Index(None, "searcher_agency_id"),
)

# The audit log: append-only, one hash chain. ``seq`` is the position in the chain (not
# a database sequence, which skips numbers on rollback); each entry's ``hash`` covers
# its content and the previous entry's hash, and checkpoints sign a position's hash.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("agency_id", sa.Integer, nullable=True),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("owner_agency_id", sa.Integer, nullable=True),
    sa.Column("record_ids", JsonDocument, nullable=False),
    sa.Column("purpose", sa.String(2000), nullable=False),
    sa.Column("origin", sa.String(200), nullable=False),
    sa.Column("detail", JsonDocument, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index(None, "owner_agency_id", "seq"),
)

audit_checkpoints = sa.Table(
    "audit_checkpoints",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("signature", sa.String(64), nullable=False),
    sa.Column("at", Timestamp, nullable=False),
)
