"""petition reporter name

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("petitions") as batch:
        batch.add_column(sa.Column("reporter_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("petitions") as batch:
        batch.drop_column("reporter_name")
