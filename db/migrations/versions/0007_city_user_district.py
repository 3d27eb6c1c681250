"""A city of several districts in one database: a user may be assigned to one district
(``users.district_code``, the 6-digit code); such a user sees and acts on only that district's
cases. Empty: the whole city (every district).

Revision ID: 0007_city
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_city"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("district_code", sa.String(6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("district_code")
