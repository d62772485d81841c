"""matching index and judgements

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from liaison.storage import term_index

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("left_id", sa.String(length=36), nullable=False),
        sa.Column("right_id", sa.String(length=36), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_judgements_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["left_id"],
            ["records.id"],
            name=op.f("fk_judgements_left_id_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["right_id"],
            ["records.id"],
            name=op.f("fk_judgements_right_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgements")),
    )
    with op.batch_alter_table("judgements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_judgements_agency_id_left_id_right_id"),
            ["agency_id", "left_id", "right_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_judgements_right_id"), ["right_id"], unique=False)

    op.create_table(
        "match_profiles",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column(
            "keys",
            sa.Text().with_variant(postgresql.ARRAY(sa.BigInteger()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_match_profiles_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_match_profiles")),
    )
    with op.batch_alter_table("match_profiles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_profiles_agency_id"), ["agency_id"], unique=False
        )
    # The inverted index over the keys, which each database keeps itself (not in the
    # tables module: liaison.storage.term_index).
    for statement in term_index.CREATE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in term_index.DROP[op.get_bind().dialect.name]:
        op.execute(statement)
    with op.batch_alter_table("match_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_profiles_agency_id"))

    op.drop_table("match_profiles")
    with op.batch_alter_table("judgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgements_right_id"))
        batch_op.drop_index(batch_op.f("ix_judgements_agency_id_left_id_right_id"))

    op.drop_table("judgements")
