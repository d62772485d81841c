"""sharing: distributions, grants, groups, requests, hits and the audit log

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_checkpoints",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_checkpoints")),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("owner_agency_id", sa.Integer(), nullable=True),
        sa.Column(
            "record_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("purpose", sa.String(length=2000), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_log_owner_agency_id_seq"), ["owner_agency_id", "seq"], unique=False
        )

    op.create_table(
        "sharing_groups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_groups")),
        sa.UniqueConstraint("code", name=op.f("uq_sharing_groups_code")),
    )
    op.create_table(
        "sharing_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_sharing_group_members_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["sharing_groups.id"],
            name=op.f("fk_sharing_group_members_group_id_sharing_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "agency_id", name=op.f("pk_sharing_group_members")),
    )
    with op.batch_alter_table("sharing_group_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sharing_group_members_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "sharing_policies",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("requires_approval", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_sharing_policies_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_sharing_policies")),
    )
    op.create_table(
        "sharing_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("owner_agency_id", sa.Integer(), nullable=False),
        sa.Column("requester_agency_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=2000), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_agency_id"],
            ["agencies.id"],
            name=op.f("fk_sharing_requests_owner_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_agency_id"],
            ["agencies.id"],
            name=op.f("fk_sharing_requests_requester_agency_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_requests")),
    )
    with op.batch_alter_table("sharing_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sharing_requests_owner_agency_id_state"),
            ["owner_agency_id", "state"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_sharing_requests_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sharing_requests_requester_agency_id"),
            ["requester_agency_id"],
            unique=False,
        )

    op.create_table(
        "distributions",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column(
            "targets",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("no_onward", sa.Boolean(), nullable=False),
        sa.Column("no_judicial", sa.Boolean(), nullable=False),
        sa.Column("restrictions", sa.String(length=2000), nullable=False),
        sa.Column("hit_opt_out", sa.Boolean(), nullable=False),
        sa.Column(
            "excluded",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_distributions_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_distributions")),
    )
    op.create_table(
        "hits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("owner_agency_id", sa.Integer(), nullable=False),
        sa.Column("searcher_agency_id", sa.Integer(), nullable=False),
        sa.Column("searcher", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=2000), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_agency_id"], ["agencies.id"], name=op.f("fk_hits_owner_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_hits_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["searcher_agency_id"],
            ["agencies.id"],
            name=op.f("fk_hits_searcher_agency_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hits")),
        sa.UniqueConstraint("reference", name=op.f("uq_hits_reference")),
    )
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hits_owner_agency_id_id"), ["owner_agency_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hits_searcher_agency_id"), ["searcher_agency_id"], unique=False
        )

    op.create_table(
        "record_grants",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("principal", sa.String(length=60), nullable=False),
        sa.Column("via", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_record_grants_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "principal", "via", name=op.f("pk_record_grants")),
    )
    with op.batch_alter_table("record_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_grants_via"), ["via"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("record_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_grants_via"))

    op.drop_table("record_grants")
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hits_searcher_agency_id"))
        batch_op.drop_index(batch_op.f("ix_hits_owner_agency_id_id"))

    op.drop_table("hits")
    op.drop_table("distributions")
    with op.batch_alter_table("sharing_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_requests_requester_agency_id"))
        batch_op.drop_index(batch_op.f("ix_sharing_requests_record_id"))
        batch_op.drop_index(batch_op.f("ix_sharing_requests_owner_agency_id_state"))

    op.drop_table("sharing_requests")
    op.drop_table("sharing_policies")
    with op.batch_alter_table("sharing_group_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_group_members_agency_id"))

    op.drop_table("sharing_group_members")
    op.drop_table("sharing_groups")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_owner_agency_id_seq"))

    op.drop_table("audit_log")
    op.drop_table("audit_checkpoints")
