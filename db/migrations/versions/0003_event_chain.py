"""Tamper-evident event log: a hash chain over the events, triggers that refuse UPDATE and
DELETE on them, and on PostgreSQL the desk and admin roles plus a wall role that cannot read
password hashes or reporters' personal data.

Events already in the database get their hashes here, in sequence order, before the triggers
exist (the only time events are ever updated).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from commandcenter.chain import GENESIS, hash_of
from db.convert import EVENT_COLUMNS, event_from_row
from db.models import CaseEventRow, FeedCounter
from db.roles import drop_append_only, ensure_roles, install_append_only, revoke_roles

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_PAGE = 5000


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("case_events") as batch:
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
    with op.batch_alter_table("feed_counter") as batch:
        batch.add_column(sa.Column("last_hash", sa.String(64), nullable=False, server_default=GENESIS))
    head = _hash_existing_events(conn)
    conn.execute(sa.update(FeedCounter).where(FeedCounter.id == 1).values(last_hash=head))
    with op.batch_alter_table("case_events") as batch:
        batch.alter_column("hash", existing_type=sa.String(64), nullable=False)
    install_append_only(conn)
    ensure_roles(conn)


def downgrade() -> None:
    conn = op.get_bind()
    revoke_roles(conn)
    drop_append_only(conn)
    with op.batch_alter_table("feed_counter") as batch:
        batch.drop_column("last_hash")
    with op.batch_alter_table("case_events") as batch:
        batch.drop_column("hash")


def _hash_existing_events(conn) -> str:
    prev, seq = GENESIS, 0
    while True:
        rows = conn.execute(sa.select(*EVENT_COLUMNS).where(CaseEventRow.seq > seq)
                            .order_by(CaseEventRow.seq).limit(_PAGE)).all()
        if not rows:
            return prev
        links = []
        for row in rows:
            prev = hash_of(event_from_row(row), prev)
            links.append({"s": row.seq, "h": prev})
        conn.execute(sa.text("UPDATE case_events SET hash = :h WHERE seq = :s"), links)
        seq = rows[-1].seq
