"""a petition's acceptance, tier, extensions, second complaint and forwarding; remote communes;
the deployment's legal clocks

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("petitions") as batch:
        batch.add_column(sa.Column("acceptance_due_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("accepted_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("tier", sa.String(16), nullable=False, server_default="normal"))
        batch.add_column(sa.Column("extensions", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column(
                "first_complaint_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("forwarded_to", sa.String(300), nullable=True))
        batch.create_foreign_key(
            "fk_petitions_first_complaint", "petitions", ["first_complaint_id"], ["id"]
        )
    with op.batch_alter_table("communes") as batch:
        batch.add_column(
            sa.Column("remote", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "legal_clocks",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("legal_clocks")
    with op.batch_alter_table("communes") as batch:
        batch.drop_column("remote")
    with op.batch_alter_table("petitions") as batch:
        batch.drop_constraint("fk_petitions_first_complaint", type_="foreignkey")
        for column in (
            "forwarded_to",
            "first_complaint_id",
            "extensions",
            "tier",
            "accepted_on",
            "acceptance_due_on",
        ):
            batch.drop_column(column)
