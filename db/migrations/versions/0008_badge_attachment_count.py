"""Each case counts the evidence files added to it (附件, its ``attach`` events), so the linkage
board's cards can show a badge without reading the log; existing cases are counted from the log.

Revision ID: 0008_badge
Revises: 0007_intake
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_badge"
down_revision = "0007_intake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("attachment_count", sa.Integer, nullable=False, server_default="0"))
    op.execute("UPDATE cases SET attachment_count = (SELECT COUNT(*) FROM case_events e "
               "WHERE e.case_id = cases.id AND e.type = 'attach')")


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+): a batch copy of ``cases`` would trip the foreign keys
    op.execute("ALTER TABLE cases DROP COLUMN attachment_count")
