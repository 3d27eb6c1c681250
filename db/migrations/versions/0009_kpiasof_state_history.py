"""The state history (``case_states``) made quick to count as of a moment: as-of KPIs of a month
or of a past day read only the state rows they count, from indexes, instead of every state that
ended after the moment, and add a stored number instead of working out a duration per row.

- ``ix_case_states_now`` (valid_to, valid_from, status): the current states (valid_to NULL) that
  began in a window, and the states that ended after a moment and began before it, both found
  in the index alone;
- ``ix_case_states_open`` (valid_to, status, valid_from): the current states still open;
- the single-column valid_to / valid_from indexes of 0006 go: the first is a prefix of the new
  one, the second led SQLite to walk every state before a moment;
- ``handling_seconds``: dispatch → report-done of each state in whole seconds (fractions dropped
  first, never negative), written with the state (``db.case_states.DERIVED``), so the query adds
  a number instead of parsing two times per row; existing states get it here.

Revision ID: 0009_kpiasof
Revises: 0008_badge
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_kpiasof"
down_revision = "0008_badge"
branch_labels = None
depends_on = None


def _whole_seconds(dialect: str, since: str, until: str) -> str:
    if dialect == "sqlite":   # the text cut to whole seconds: SQLite rounds .9996 up otherwise
        return (f"(CAST(strftime('%s', substr({until}, 1, 19)) AS INTEGER) "
                f"- CAST(strftime('%s', substr({since}, 1, 19)) AS INTEGER))")
    return (f"CAST(EXTRACT(EPOCH FROM date_trunc('second', {until})) "
            f"- EXTRACT(EPOCH FROM date_trunc('second', {since})) AS BIGINT)")


def upgrade() -> None:
    op.add_column("case_states", sa.Column("handling_seconds", sa.Integer, nullable=True))
    seconds = _whole_seconds(op.get_bind().dialect.name, "dispatched_at", "handled_at")
    op.execute(f"UPDATE case_states SET handling_seconds = CASE WHEN {seconds} > 0 THEN {seconds} ELSE 0 END "
               "WHERE dispatched_at IS NOT NULL AND handled_at IS NOT NULL")
    op.create_index("ix_case_states_now", "case_states", ["valid_to", "valid_from", "status"])
    op.create_index("ix_case_states_open", "case_states", ["valid_to", "status", "valid_from"])
    op.drop_index("ix_case_states_valid_to", "case_states")
    op.drop_index("ix_case_states_valid_from", "case_states")


def downgrade() -> None:
    op.create_index("ix_case_states_valid_from", "case_states", ["valid_from"])
    op.create_index("ix_case_states_valid_to", "case_states", ["valid_to"])
    op.drop_index("ix_case_states_open", "case_states")
    op.drop_index("ix_case_states_now", "case_states")
    op.drop_column("case_states", "handling_seconds")
