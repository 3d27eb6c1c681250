"""The video wall's read-only role on PostgreSQL: ``commandcenter_wall_ro`` (NOLOGIN) with SELECT
on every table. Created only if missing (roles are server-wide) and only when the migrating user
may create roles; without that right the grants wait for ``commandcenter db grant-wall``, run by
a user who has it. Nothing to do on SQLite.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

from db.roles import ensure_wall_role, revoke_wall_role

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ensure_wall_role(op.get_bind())


def downgrade() -> None:
    revoke_wall_role(op.get_bind())
