"""communes' centres and their former (pre-2025) names

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("communes") as batch:
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
    op.create_table(
        "commune_former_names",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("commune_code", sa.String(16), sa.ForeignKey("communes.code"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("district", sa.String(200), nullable=True),
        sa.UniqueConstraint("name", "district", "commune_code"),
    )


def downgrade() -> None:
    op.drop_table("commune_former_names")
    with op.batch_alter_table("communes") as batch:
        batch.drop_column("longitude")
        batch.drop_column("latitude")
