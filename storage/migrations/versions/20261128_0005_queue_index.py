"""index for the desk's queue over every state

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_petitions_department_due", "petitions", ["department_id", "due_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_petitions_department_due", table_name="petitions")
