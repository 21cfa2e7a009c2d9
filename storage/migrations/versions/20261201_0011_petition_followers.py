"""citizens who follow a petition: merged duplicates and later reports of the same problem

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "petition_followers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "petition_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("own_petition_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name="fk_petition_followers_petition_id_petitions",
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name="fk_petition_followers_citizen_id_citizens"
        ),
        sa.ForeignKeyConstraint(
            ["own_petition_id"],
            ["petitions.id"],
            name="fk_petition_followers_own_petition_id_petitions",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_petition_followers"),
        sa.UniqueConstraint(
            "petition_id", "citizen_id", name="uq_petition_followers_petition_id_citizen_id"
        ),
    )
    op.create_index("ix_petition_followers_petition_id", "petition_followers", ["petition_id"])
    # old merges: the duplicate's citizen follows the item it went into
    op.execute(
        """
        INSERT INTO petition_followers (petition_id, citizen_id, own_petition_id, created_at)
        SELECT p.merged_into_id, p.citizen_id, MIN(p.id), MIN(p.submitted_at)
        FROM petitions p JOIN petitions k ON k.id = p.merged_into_id
        WHERE p.citizen_id <> k.citizen_id
        GROUP BY p.merged_into_id, p.citizen_id
        """
    )


def downgrade() -> None:
    op.drop_index("ix_petition_followers_petition_id", table_name="petition_followers")
    op.drop_table("petition_followers")
