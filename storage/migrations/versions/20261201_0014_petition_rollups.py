"""report rollups: running totals per unit, day and bucket, counted once from the petitions

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage import rollups

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    big = sa.BigInteger()
    op.create_table(
        "petition_rollups",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("dimension", sa.String(16), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        *(sa.Column(name, big, nullable=False) for name in rollups.MEASURES),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name="fk_petition_rollups_department_id_departments",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_petition_rollups"),
        sa.UniqueConstraint(
            "dimension", "department_id", "day", "value", "due_on", name="uq_petition_rollups"
        ),
    )
    rollups.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("petition_rollups")
