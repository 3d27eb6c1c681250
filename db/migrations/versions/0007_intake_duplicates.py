"""Duplicates and merges (重复件 / 合并): a case counts the calls linked to it and may point to the
case it was merged into; the state history keeps both for the as-of KPIs. Evidence files (附件)
are stored once per SHA-256 in ``attachment_blobs``.

Revision ID: 0007_intake
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

from db.models import UtcDateTime

revision = "0007_intake"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("duplicate_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("merged_into", sa.Integer, nullable=True))
        batch.add_column(sa.Column("merged_at", UtcDateTime, nullable=True))
    with op.batch_alter_table("case_states") as batch:
        batch.add_column(sa.Column("duplicate_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("merged_at", UtcDateTime, nullable=True))
    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("stored_at", UtcDateTime, nullable=False),
        sa.Column("stored_by", sa.String(64), nullable=False))


def downgrade() -> None:
    op.drop_table("attachment_blobs")
    # plain DROP COLUMN (SQLite 3.35+): a batch copy of ``cases`` would trip the foreign keys
    for table, column in (("case_states", "merged_at"), ("case_states", "duplicate_count"),
                          ("cases", "merged_at"), ("cases", "merged_into"), ("cases", "duplicate_count")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
