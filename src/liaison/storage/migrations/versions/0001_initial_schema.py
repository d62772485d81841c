"""initial schema

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nations",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_nations")),
    )
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("nation", sa.String(length=2), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["nation"], ["nations.code"], name=op.f("fk_agencies_nation_nations")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["agencies.id"], name=op.f("fk_agencies_parent_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("code", name=op.f("uq_agencies_code")),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=True),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column(
            "body",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("source_reliability", sa.String(length=1), nullable=False),
        sa.Column("information_accuracy", sa.String(length=1), nullable=False),
        sa.Column("retention_review", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_records_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
        sa.UniqueConstraint("agency_id", "kind", "ref", name=op.f("uq_records_agency_id_kind_ref")),
    )
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_records_agency_id_kind_updated_at"),
            ["agency_id", "kind", "updated_at"],
            unique=False,
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_users_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "record_keys",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=30), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_record_keys_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "position", name=op.f("pk_record_keys")),
    )
    with op.batch_alter_table("record_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_keys_scheme_value"), ["scheme", "value"], unique=False
        )

    op.create_table(
        "record_links",
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["records.id"],
            name=op.f("fk_record_links_source_id_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["records.id"], name=op.f("fk_record_links_target_id_records")
        ),
        sa.PrimaryKeyConstraint("source_id", "position", name=op.f("pk_record_links")),
    )
    with op.batch_alter_table("record_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_links_target_id"), ["target_id"], unique=False)

    op.create_table(
        "record_names",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("script", sa.String(length=4), nullable=False),
        sa.Column("name_kind", sa.String(length=20), nullable=False),
        sa.Column("folded", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_record_names_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "position", name=op.f("pk_record_names")),
    )
    with op.batch_alter_table("record_names", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_names_agency_id_folded"), ["agency_id", "folded"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("record_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_names_agency_id_folded"))

    op.drop_table("record_names")
    with op.batch_alter_table("record_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_links_target_id"))

    op.drop_table("record_links")
    with op.batch_alter_table("record_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_keys_scheme_value"))

    op.drop_table("record_keys")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    op.drop_table("users")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_agency_id_kind_updated_at"))

    op.drop_table("records")
    op.drop_table("agencies")
    op.drop_table("nations")
