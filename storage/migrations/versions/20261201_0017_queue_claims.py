"""queue claims: how many times each queue row was taken by a worker

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

QUEUES = ("inbox_messages", "outbox_messages", "attachments", "notifications")


def upgrade() -> None:
    for table in QUEUES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("claims", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    for table in QUEUES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("claims")
