"""The address gazetteer (地址库): address text with its point, for placing hotline orders to a
door plate or building.

Revision ID: 0005a
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0005a"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("precision", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("addresses")
