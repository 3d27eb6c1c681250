"""Cases from another platform (12345 hotline work orders): the order's own number (unique, so
importing the same export twice creates nothing), its 交办 deadline, and the 待定位 flag of a
case not yet located to a community.

Revision ID: 0005
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from db.models import UtcDateTime

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("external_number", sa.String(40), nullable=True))
        batch.add_column(sa.Column("external_deadline", UtcDateTime, nullable=True))
        batch.add_column(sa.Column("needs_placement", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ux_cases_external_number", "cases", ["external_number"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_cases_external_number", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("needs_placement")
        batch.drop_column("external_deadline")
        batch.drop_column("external_number")
