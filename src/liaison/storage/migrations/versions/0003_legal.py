"""legal cooperation

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "legal_knowledge_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "body",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_legal_knowledge_changes_agency_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_knowledge_changes")),
        sa.UniqueConstraint(
            "section", "key", "version", name=op.f("uq_legal_knowledge_changes_section_key_version")
        ),
    )
    op.create_table(
        "legal_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requesting_agency_id", sa.Integer(), nullable=False),
        sa.Column("requested_agency_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "particulars",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("instrument_id", sa.String(length=100), nullable=True),
        sa.Column("drafted_by", sa.String(length=100), nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requested_agency_id"],
            ["agencies.id"],
            name=op.f("fk_legal_requests_requested_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["requesting_agency_id"],
            ["agencies.id"],
            name=op.f("fk_legal_requests_requesting_agency_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_requests")),
    )
    with op.batch_alter_table("legal_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_requests_requested_agency_id"),
            ["requested_agency_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_legal_requests_requesting_agency_id"),
            ["requesting_agency_id"],
            unique=False,
        )

    op.create_table(
        "legal_deadlines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=1000), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["legal_requests.id"],
            name=op.f("fk_legal_deadlines_request_id_legal_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_deadlines")),
        sa.UniqueConstraint("request_id", "kind", name=op.f("uq_legal_deadlines_request_id_kind")),
    )
    with op.batch_alter_table("legal_deadlines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_deadlines_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "legal_request_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_legal_request_events_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["legal_requests.id"],
            name=op.f("fk_legal_request_events_request_id_legal_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_request_events")),
    )
    with op.batch_alter_table("legal_request_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_request_events_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "legal_request_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_legal_request_messages_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["legal_requests.id"],
            name=op.f("fk_legal_request_messages_request_id_legal_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_request_messages")),
    )
    with op.batch_alter_table("legal_request_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_request_messages_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "legal_subject_status",
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("located_in", sa.String(length=2), nullable=True),
        sa.Column("proposed_deportation_to", sa.String(length=2), nullable=True),
        sa.Column("victim_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_legal_subject_status_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["records.id"],
            name=op.f("fk_legal_subject_status_subject_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_legal_subject_status")),
    )
    op.create_table(
        "legal_alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_legal_alerts_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["legal_deadlines.id"],
            name=op.f("fk_legal_alerts_deadline_id_legal_deadlines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_alerts")),
        sa.UniqueConstraint(
            "deadline_id",
            "agency_id",
            "kind",
            name=op.f("uq_legal_alerts_deadline_id_agency_id_kind"),
        ),
    )
    with op.batch_alter_table("legal_alerts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_alerts_agency_id_fired_at"),
            ["agency_id", "fired_at"],
            unique=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("legal_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_alerts_agency_id_fired_at"))

    op.drop_table("legal_alerts")
    op.drop_table("legal_subject_status")
    with op.batch_alter_table("legal_request_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_request_messages_request_id"))

    op.drop_table("legal_request_messages")
    with op.batch_alter_table("legal_request_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_request_events_request_id"))

    op.drop_table("legal_request_events")
    with op.batch_alter_table("legal_deadlines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_deadlines_request_id"))

    op.drop_table("legal_deadlines")
    with op.batch_alter_table("legal_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_requests_requesting_agency_id"))
        batch_op.drop_index(batch_op.f("ix_legal_requests_requested_agency_id"))

    op.drop_table("legal_requests")
    op.drop_table("legal_knowledge_changes")
