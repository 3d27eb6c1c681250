"""Urging and escalation (催办/督办): each case counts the urges and automatic reminders sent to its
department, the highest level that took it up (1 shift leader, 2 leader), and the key of the last
automatic reminder so a reminder is sent once per case, stage and rung.

Revision ID: 0007_loop
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_loop"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("urge_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("escalation_level", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_reminder", sa.String(64), nullable=True))
    # the state history the as-of KPIs read: no case was urged before this migration
    with op.batch_alter_table("case_states") as batch:
        batch.add_column(sa.Column("urge_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("escalation_level", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("case_states") as batch:
        batch.drop_column("escalation_level")
        batch.drop_column("urge_count")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("last_reminder")
        batch.drop_column("escalation_level")
        batch.drop_column("urge_count")
