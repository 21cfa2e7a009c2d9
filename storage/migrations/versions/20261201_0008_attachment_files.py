"""attachments are fetched by a worker and kept by content

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(
            sa.Column("status", sa.String(32), nullable=False, server_default="pending")
        )
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column(
                "next_attempt_at",
                storage.models.UTCDateTime(timezone=True),
                nullable=False,
                server_default=sa.func.current_timestamp(),
            )
        )
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("mime", sa.String(64), nullable=True))
        batch.add_column(sa.Column("refusal", sa.String(32), nullable=True))
    # locations have nothing to fetch; photos and files sent before this change are fetched now
    op.execute("UPDATE attachments SET status = 'none' WHERE kind = 'location'")
    op.create_index("ix_attachments_fetch", "attachments", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_attachments_fetch", table_name="attachments")
    with op.batch_alter_table("attachments") as batch:
        for column in (
            "refusal",
            "mime",
            "sha256",
            "last_error",
            "next_attempt_at",
            "attempts",
            "status",
        ):
            batch.drop_column(column)
