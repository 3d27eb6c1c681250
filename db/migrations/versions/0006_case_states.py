"""Each case's state history (``case_states``), so KPIs of a past window are counted from what
was true at its end. Existing cases get theirs here by folding the event log in sequence order.

Revision ID: 0006
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from db.case_states import insert_states
from db.convert import event_from_row
from db.models import UtcDateTime

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None

_PAGE = 5000


def upgrade() -> None:
    op.create_table(
        "case_states",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("valid_from", UtcDateTime, nullable=False),
        sa.Column("valid_to", UtcDateTime, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage_deadline", UtcDateTime, nullable=True),
        sa.Column("department_code", sa.String(32), nullable=True),
        sa.Column("returned_by", sa.String(32), nullable=True),
        sa.Column("dispatched_by", sa.String(64), nullable=True),
        sa.Column("registered_at", UtcDateTime, nullable=True),
        sa.Column("dispatched_at", UtcDateTime, nullable=True),
        sa.Column("handled_at", UtcDateTime, nullable=True),
        sa.Column("closed_at", UtcDateTime, nullable=True),
        sa.Column("handled_on_time", sa.Boolean, nullable=True),
        sa.Column("overdue_stages", sa.Integer, nullable=False),
        sa.Column("rework_count", sa.Integer, nullable=False),
        sa.Column("return_count", sa.Integer, nullable=False),
        sa.Column("unjustified_returns", sa.Integer, nullable=False),
        sa.Column("extension_count", sa.Integer, nullable=False))
    op.create_index("ix_case_states_valid_to", "case_states", ["valid_to"])
    op.create_index("ix_case_states_valid_from", "case_states", ["valid_from"])
    insert_states(op.get_bind(), _events_in_log_order(op.get_bind()))


def downgrade() -> None:
    op.drop_index("ix_case_states_valid_from", "case_states")
    op.drop_index("ix_case_states_valid_to", "case_states")
    op.drop_table("case_states")


def _events_in_log_order(conn):
    seq = 0
    while True:
        rows = conn.execute(sa.text("SELECT seq, case_id, type, actor, role, at, payload FROM case_events "
                                    "WHERE seq > :seq ORDER BY seq LIMIT :page").columns(at=UtcDateTime()),
                            {"seq": seq, "page": _PAGE}).all()
        if not rows:
            return
        for row in rows:
            yield event_from_row(row)
        seq = rows[-1].seq
