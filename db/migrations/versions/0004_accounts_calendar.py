"""Accounts and calendar: sign-in failure counters and lockout on users, removed users, the
identity audit log (auth_events), short-lived CLI sessions, and the years whose holiday
arrangement an administrator has confirmed.

Revision ID: 0004
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from db.models import UtcDateTime
from db.roles import ensure_roles

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", UtcDateTime, nullable=True))
        batch.add_column(sa.Column("password_changed_at", UtcDateTime, nullable=True))
        batch.add_column(sa.Column("removed_at", UtcDateTime, nullable=True))
    op.create_table(
        "auth_events", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", UtcDateTime, nullable=False, index=True), sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("account", sa.String(64), nullable=False, index=True),
        sa.Column("actor", sa.String(100), nullable=False), sa.Column("detail", sa.Text, nullable=False))
    op.create_table(
        "auth_sessions", sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.String(64), nullable=False), sa.Column("expires_at", UtcDateTime, nullable=False))
    op.create_table(
        "holiday_years", sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("confirmed_by", sa.String(100), nullable=False),
        sa.Column("confirmed_at", UtcDateTime, nullable=False))
    # On PostgreSQL the desk/wall/admin grants (migration 0003, an independent branch that may have
    # run first) must cover these tables and columns too; re-applying them is idempotent.
    ensure_roles(op.get_bind())


def downgrade() -> None:
    op.drop_table("holiday_years")
    op.drop_table("auth_sessions")
    op.drop_table("auth_events")
    with op.batch_alter_table("users") as batch:
        for column in ("removed_at", "password_changed_at", "locked_until", "failed_logins"):
            batch.drop_column(column)
