"""department superior: who settles a second complaint about a unit's settlement

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("departments") as batch:
        batch.add_column(sa.Column("superior_code", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("departments") as batch:
        batch.drop_column("superior_code")
