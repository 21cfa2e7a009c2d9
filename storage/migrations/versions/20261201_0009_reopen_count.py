"""how often a citizen reopened a resolved petition

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("petitions") as batch:
        batch.add_column(
            sa.Column("reopen_count", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("petitions") as batch:
        batch.drop_column("reopen_count")
