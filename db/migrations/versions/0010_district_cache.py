"""A cache of what is slow to derive from the stored geography (``db.district_load``): the unit
grids' rings as flat arrays and the street and community outlines with their label points,
each row valid only for the geography whose fingerprint it carries. Filled by the imports and
by the first start after one; never the source of truth.

Revision ID: 0010_district
Revises: 0009_kpiasof
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_district"
down_revision = "0009_kpiasof"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "district_cache",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("district_cache")
