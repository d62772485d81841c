"""Tables of legal cooperation: knowledge-base changes, requests, clocks and alerts.

They live in the same ``metadata`` as the rest of the store (migration 0003 creates them).
The shipped YAML knowledge base is the baseline; ``legal_knowledge_changes`` holds every
change made on top of it, versioned per entry and never updated or deleted, so the
history is the audit trail.
"""

from __future__ import annotations

import sqlalchemy as sa

from liaison.storage.tables import JsonDocument, Timestamp, metadata

legal_knowledge_changes = sa.Table(
    "legal_knowledge_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("section", sa.String(20), nullable=False),
    sa.Column("key", sa.String(100), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    # The entry's new body; NULL removes the entry from the knowledge base.
    sa.Column("body", JsonDocument, nullable=True),
    sa.Column("reason", sa.String(2000), nullable=False),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.UniqueConstraint("section", "key", "version"),
)

legal_requests = sa.Table(
    "legal_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("requesting_agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("requested_agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    # Who and what: nationalities, where the person is, offences, penalty, subject ref.
    sa.Column("particulars", JsonDocument, nullable=False),
    sa.Column("instrument_id", sa.String(100), nullable=True),
    sa.Column("drafted_by", sa.String(100), nullable=False),
    sa.Column("approved_by", sa.String(100), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index(None, "requesting_agency_id"),
    sa.Index(None, "requested_agency_id"),
)

legal_request_events = sa.Table(
    "legal_request_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("legal_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("event", sa.String(30), nullable=False),
    sa.Column("from_state", sa.String(20), nullable=True),
    sa.Column("to_state", sa.String(20), nullable=False),
    # The day the event happened in law (e.g. the day of the provisional arrest).
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("note", sa.String(2000), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)

legal_request_messages = sa.Table(
    "legal_request_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("legal_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)

legal_deadlines = sa.Table(
    "legal_deadlines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("legal_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("days", sa.Integer, nullable=False),
    sa.Column("basis", sa.String(1000), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("closed_on", sa.Date, nullable=True),
    sa.UniqueConstraint("request_id", "kind"),
)

legal_alerts = sa.Table(
    "legal_alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "deadline_id",
        sa.Integer,
        sa.ForeignKey("legal_deadlines.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    # "ahead_7", "ahead_2", ... or "expired": each fires once per agency.
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("message", sa.String(1000), nullable=False),
    sa.Column("fired_at", Timestamp, nullable=False),
    sa.UniqueConstraint("deadline_id", "agency_id", "kind"),
    sa.Index(None, "agency_id", "fired_at"),
)

legal_subject_status = sa.Table(
    "legal_subject_status",
    metadata,
    sa.Column(
        "subject_id",
        sa.String(36),
        sa.ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
    sa.Column("located_in", sa.String(2), nullable=True),
    sa.Column("proposed_deportation_to", sa.String(2), nullable=True),
    sa.Column("victim_status", sa.String(20), nullable=False),
    sa.Column("note", sa.String(2000), nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)
