"""Initial schema: geography, catalog-side tables, users, cases and the event log.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from db.models import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", sa.String(64), primary_key=True), sa.Column("value", sa.Text, nullable=False))
    op.create_table(
        "districts", sa.Column("code", sa.String(6), primary_key=True), sa.Column("name", sa.String(100), nullable=False),
        sa.Column("datum", sa.String(16), nullable=False), sa.Column("boundary_json", sa.Text, nullable=False),
        sa.Column("area_m2", sa.Float, nullable=False))
    op.create_table(
        "streets", sa.Column("code", sa.String(9), primary_key=True), sa.Column("name", sa.String(100), nullable=False),
        sa.Column("district_code", sa.String(6), sa.ForeignKey("districts.code"), nullable=False),
        sa.Column("derived", sa.Boolean, nullable=False))
    op.create_table(
        "communities", sa.Column("code", sa.String(12), primary_key=True), sa.Column("name", sa.String(100), nullable=False),
        sa.Column("street_code", sa.String(9), sa.ForeignKey("streets.code"), nullable=False),
        sa.Column("derived", sa.Boolean, nullable=False))
    op.create_table(
        "grids", sa.Column("code", sa.String(15), primary_key=True),
        sa.Column("community_code", sa.String(12), sa.ForeignKey("communities.code"), nullable=False, index=True),
        sa.Column("street_code", sa.String(9), sa.ForeignKey("streets.code"), nullable=False),
        sa.Column("rings_json", sa.Text, nullable=False), sa.Column("area_m2", sa.Float, nullable=False),
        sa.Column("centroid_lon", sa.Float, nullable=False), sa.Column("centroid_lat", sa.Float, nullable=False))
    op.create_table(
        "departments", sa.Column("code", sa.String(32), primary_key=True), sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False))
    op.create_table(
        "components", sa.Column("code", sa.String(16), primary_key=True), sa.Column("class_code", sa.String(8), nullable=False),
        sa.Column("grid_code", sa.String(15), sa.ForeignKey("grids.code"), nullable=False, index=True),
        sa.Column("lon", sa.Float, nullable=False), sa.Column("lat", sa.Float, nullable=False))
    op.create_table(
        "users", sa.Column("name", sa.String(64), primary_key=True), sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("department_code", sa.String(32), sa.ForeignKey("departments.code"), nullable=True),
        sa.Column("password_hash", sa.String(256), nullable=False), sa.Column("active", sa.Boolean, nullable=False))
    op.create_table(
        "holidays", sa.Column("day", sa.Date, primary_key=True), sa.Column("working", sa.Boolean, nullable=False),
        sa.Column("note", sa.String(200), nullable=False))
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(32), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("class_code", sa.String(8), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("grid_code", sa.String(15), nullable=False, index=True),
        sa.Column("community_code", sa.String(12), nullable=False),
        sa.Column("street_code", sa.String(9), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False, index=True),
        sa.Column("stage_started_at", UtcDateTime, nullable=False),
        sa.Column("stage_deadline", UtcDateTime, nullable=True),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("component_code", sa.String(16), nullable=True),
        sa.Column("reporter_name", sa.String(100), nullable=True),
        sa.Column("reporter_phone", sa.String(32), nullable=True),
        sa.Column("reported_by", sa.String(64), nullable=False),
        sa.Column("department_code", sa.String(32), nullable=True, index=True),
        sa.Column("dispatched_by", sa.String(64), nullable=True),
        sa.Column("pending_request", sa.String(16), nullable=True),
        sa.Column("pending_detail", sa.Text, nullable=True),
        sa.Column("registered_at", UtcDateTime, nullable=True),
        sa.Column("dispatched_at", UtcDateTime, nullable=True),
        sa.Column("handled_at", UtcDateTime, nullable=True),
        sa.Column("closed_at", UtcDateTime, nullable=True),
        sa.Column("handled_on_time", sa.Boolean, nullable=True),
        sa.Column("overdue_stages", sa.Integer, nullable=False),
        sa.Column("rework_count", sa.Integer, nullable=False),
        sa.Column("return_count", sa.Integer, nullable=False),
        sa.Column("unjustified_returns", sa.Integer, nullable=False),
        sa.Column("extension_count", sa.Integer, nullable=False),
        sa.Column("dispatch_count", sa.Integer, nullable=False),
        sa.Column("returned_by", sa.String(32), nullable=True),
    )
    op.create_index("ix_cases_open", "cases", ["status", "stage_deadline"])
    op.create_table(
        "case_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False, index=True),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_table("feed_counter", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("last_seq", sa.Integer, nullable=False))
    op.execute("INSERT INTO feed_counter (id, last_seq) VALUES (1, 0)")


def downgrade() -> None:
    for table in ("feed_counter", "case_events", "cases", "holidays", "users", "components", "departments",
                  "grids", "communities", "streets", "districts", "meta"):
        op.drop_table(table)
