"""citizen reception: each unit's schedule, the days it called off, and citizens' bookings

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reception_schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("receiver", sa.String(200), nullable=False),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("month_day", sa.Integer(), nullable=True),
        sa.Column("start", sa.String(5), nullable=False),
        sa.Column("end", sa.String(5), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name="fk_reception_schedules_department_id_departments",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reception_schedules"),
        sa.UniqueConstraint("department_id", name="uq_reception_schedules_department_id"),
    )
    op.create_table(
        "reception_closures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["reception_schedules.id"],
            name="fk_reception_closures_schedule_id_reception_schedules",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reception_closures"),
        sa.UniqueConstraint("schedule_id", "day", name="uq_reception_closures_schedule_id_day"),
    )
    op.create_table(
        "reception_bookings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(5), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column(
            "petition_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["reception_schedules.id"],
            name="fk_reception_bookings_schedule_id_reception_schedules",
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name="fk_reception_bookings_citizen_id_citizens"
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name="fk_reception_bookings_petition_id_petitions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reception_bookings"),
        sa.UniqueConstraint("code", name="uq_reception_bookings_code"),
    )
    op.create_index(
        "ux_reception_bookings_seat",
        "reception_bookings",
        ["schedule_id", "day", "slot", "seat"],
        unique=True,
        postgresql_where=sa.text("status = 'booked'"),
        sqlite_where=sa.text("status = 'booked'"),
    )


def downgrade() -> None:
    op.drop_index("ux_reception_bookings_seat", table_name="reception_bookings")
    op.drop_table("reception_bookings")
    op.drop_table("reception_closures")
    op.drop_table("reception_schedules")
