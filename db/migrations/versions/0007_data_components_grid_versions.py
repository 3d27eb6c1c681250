"""Real-world reference data: the CJ/T 214 attributes of a surveyed component (部件普查), and
versions of the unit grids — the current grid carries the time it came into force, a grid
replaced or removed by a later survey is kept in ``grid_history`` with its validity.

Revision ID: 0007_data
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

from db.models import UtcDateTime

revision = "0007_data"
down_revision = "0006"
branch_labels = None
depends_on = None

_COMPONENT_TEXT = (("name", 100), ("main_dept_code", 32), ("main_dept_name", 100), ("owner_dept_code", 32),
                   ("owner_dept_name", 100), ("upkeep_dept_code", 32), ("upkeep_dept_name", 100),
                   ("state", 32), ("data_source", 100), ("note", 200))


def upgrade() -> None:
    with op.batch_alter_table("components") as batch:
        for name, size in _COMPONENT_TEXT:
            batch.add_column(sa.Column(name, sa.String(size), nullable=True))
        batch.add_column(sa.Column("initial_date", sa.Date, nullable=True))
        batch.add_column(sa.Column("change_date", sa.Date, nullable=True))
    with op.batch_alter_table("grids") as batch:
        batch.add_column(sa.Column("valid_from", UtcDateTime, nullable=True))
    op.create_table(
        "grid_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(15), nullable=False),
        sa.Column("community_code", sa.String(12), nullable=False),
        sa.Column("street_code", sa.String(9), nullable=False),
        sa.Column("rings_json", sa.Text, nullable=False),
        sa.Column("area_m2", sa.Float, nullable=False),
        sa.Column("centroid_lon", sa.Float, nullable=False),
        sa.Column("centroid_lat", sa.Float, nullable=False),
        sa.Column("valid_from", UtcDateTime, nullable=True),
        sa.Column("valid_to", UtcDateTime, nullable=False))
    op.create_index("ix_grid_history_code", "grid_history", ["code"])
    op.create_index("ix_grid_history_valid_to", "grid_history", ["valid_to"])


def downgrade() -> None:
    op.drop_index("ix_grid_history_valid_to", "grid_history")
    op.drop_index("ix_grid_history_code", "grid_history")
    op.drop_table("grid_history")
    with op.batch_alter_table("grids") as batch:
        batch.drop_column("valid_from")
    with op.batch_alter_table("components") as batch:
        for name in ("change_date", "initial_date", *reversed([n for n, _ in _COMPONENT_TEXT])):
            batch.drop_column(name)
