"""Urging and escalation (催办/督办): each case counts the urges and automatic reminders sent to its
department, the highest level that took it up (1 shift leader, 2 leader), and the key of the last
automatic reminder so a reminder is sent once per case, stage and rung; and the outbox of
outbound messages (SMS / e-mail) with their attempts and errors.

Revision ID: 0007_loop
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

from db.models import UtcDateTime

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
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=True),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UtcDateTime, nullable=True),
        sa.Column("claimed_until", UtcDateTime, nullable=True),
        sa.Column("sent_at", UtcDateTime, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("given_up", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_outbox_next_attempt_at", "outbox", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_next_attempt_at", "outbox")
    op.drop_table("outbox")
    # plain DROP COLUMN (SQLite 3.35+): a batch copy of ``cases`` would trip its foreign keys
    for column in ("escalation_level", "urge_count"):
        op.drop_column("case_states", column)
    for column in ("last_reminder", "escalation_level", "urge_count"):
        op.drop_column("cases", column)
