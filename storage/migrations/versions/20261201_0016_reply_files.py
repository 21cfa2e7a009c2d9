"""reply files: photos and PDFs officials send with a reply

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reply_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "petition_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("mime", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name="fk_reply_files_petition_id_petitions"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["petition_events.id"], name="fk_reply_files_event_id_petition_events"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reply_files"),
    )
    op.create_index("ix_reply_files_petition_id", "reply_files", ["petition_id"])


def downgrade() -> None:
    op.drop_table("reply_files")
