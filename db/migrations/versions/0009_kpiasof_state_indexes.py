"""The state history (``case_states``) indexed for "the states valid at a moment": as-of KPIs of a
month or of a past day read only the rows they count instead of every state that ended after it.

- ``ix_case_states_now`` (valid_to, valid_from, status): the current states (valid_to NULL) that
  began in a window, and the states that ended after a moment and began before it, both found
  in the index alone;
- ``ix_case_states_open`` (valid_to, status, valid_from): the current states still open;
- the single-column valid_to / valid_from indexes of 0006 go: the first is a prefix of the new
  one, the second led SQLite to walk every state before a moment.

Revision ID: 0009_kpiasof
Revises: 0008_badge
"""
from alembic import op

revision = "0009_kpiasof"
down_revision = "0008_badge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_case_states_now", "case_states", ["valid_to", "valid_from", "status"])
    op.create_index("ix_case_states_open", "case_states", ["valid_to", "status", "valid_from"])
    op.drop_index("ix_case_states_valid_to", "case_states")
    op.drop_index("ix_case_states_valid_from", "case_states")


def downgrade() -> None:
    op.create_index("ix_case_states_valid_from", "case_states", ["valid_from"])
    op.create_index("ix_case_states_valid_to", "case_states", ["valid_to"])
    op.drop_index("ix_case_states_open", "case_states")
    op.drop_index("ix_case_states_now", "case_states")
