"""consultations: questions put to residents, who hears them, and one answer per citizen

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, key: str = "id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{key}"], name=f"fk_{table}_{column}_{target}"
    )


def upgrade() -> None:
    moment = storage.models.UTCDateTime(timezone=True)
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("commune_code", sa.String(16), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("free_text", sa.Boolean(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", moment, nullable=False),
        _fk("consultations", "department_id", "departments"),
        _fk("consultations", "commune_code", "communes", "code"),
        _fk("consultations", "created_by", "officials"),
        sa.PrimaryKeyConstraint("id", name="pk_consultations"),
        sa.UniqueConstraint("code", name="uq_consultations_code"),
    )
    op.create_table(
        "consultation_subscribers",
        sa.Column("citizen_id", sa.Integer(), primary_key=True),
        sa.Column("commune_code", sa.String(16), nullable=True),
        sa.Column("since", moment, nullable=False),
        _fk("consultation_subscribers", "citizen_id", "citizens"),
        _fk("consultation_subscribers", "commune_code", "communes", "code"),
        sa.PrimaryKeyConstraint("citizen_id", name="pk_consultation_subscribers"),
    )
    op.create_table(
        "consultation_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("commune_code", sa.String(16), nullable=True),
        sa.Column("answered_at", moment, nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        _fk("consultation_answers", "consultation_id", "consultations"),
        _fk("consultation_answers", "citizen_id", "citizens"),
        _fk("consultation_answers", "commune_code", "communes", "code"),
        sa.PrimaryKeyConstraint("id", name="pk_consultation_answers"),
        sa.UniqueConstraint(
            "consultation_id",
            "citizen_id",
            name="uq_consultation_answers_consultation_id_citizen_id",
        ),
    )
    op.create_index(
        "ix_consultation_answers_consultation_id", "consultation_answers", ["consultation_id"]
    )


def downgrade() -> None:
    op.drop_table("consultation_answers")
    op.drop_table("consultation_subscribers")
    op.drop_table("consultations")
