"""The outbox table (``ports.Outbox``): outbound messages queued after the fact, claimed by one
sender at a time, retried until sent or given up."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, insert, or_, select, update

from commandcenter.clock import as_utc
from commandcenter.outbound import OutboundMessage, OutboxEntry

from .engine import writer
from .models import OutboxRow

#: how long a sender holds the entries it took before another may try them
CLAIM = timedelta(minutes=2)


def _entry(row) -> OutboxEntry:
    message = OutboundMessage(row.key, row.channel, row.address, row.subject, row.body, row.case_id,
                              bool(row.urgent))
    at = lambda v: as_utc(v) if v is not None else None  # noqa: E731 - three columns alike
    return OutboxEntry(row.id, message, as_utc(row.created_at), row.attempts, at(row.next_attempt_at),
                       at(row.sent_at), row.last_error, bool(row.given_up))


class SqlOutbox:
    def __init__(self, store):
        self._engine = store.engine

    def enqueue(self, messages, at: datetime) -> int:
        messages = list(messages)
        if not messages:
            return 0
        with writer(self._engine).begin() as conn:
            known = set(conn.execute(select(OutboxRow.key).where(
                OutboxRow.key.in_([m.key for m in messages]))).scalars())
            fresh = [m for m in messages if m.key not in known]
            if fresh:
                conn.execute(insert(OutboxRow), [
                    dict(key=m.key, channel=m.channel, address=m.address, subject=m.subject[:200], body=m.body,
                         case_id=m.case_id, urgent=m.urgent, created_at=at, attempts=0, next_attempt_at=at,
                         given_up=False) for m in fresh])
        return len(fresh)

    def due(self, now: datetime, limit: int = 50) -> list[OutboxEntry]:
        """Due entries, each claimed for ``CLAIM`` (a second desk's sender skips them meanwhile)."""
        with writer(self._engine).begin() as conn:
            rows = conn.execute(select(OutboxRow.__table__).where(
                OutboxRow.sent_at.is_(None), OutboxRow.given_up.is_(False), OutboxRow.next_attempt_at <= now,
                or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until <= now))
                .order_by(OutboxRow.urgent.desc(), OutboxRow.id).limit(limit)).all()
            taken = []
            for row in rows:
                claimed = conn.execute(update(OutboxRow).where(and_(
                    OutboxRow.id == row.id,
                    or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until <= now)))
                    .values(claimed_until=now + CLAIM)).rowcount
                if claimed:
                    taken.append(_entry(row))
        return taken

    def mark_sent(self, entry_id: int, at: datetime) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(update(OutboxRow).where(OutboxRow.id == entry_id).values(
                sent_at=at, claimed_until=None, attempts=OutboxRow.attempts + 1))

    def mark_failed(self, entry_id: int, error: str, next_attempt_at: datetime, *, give_up: bool = False) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(update(OutboxRow).where(OutboxRow.id == entry_id).values(
                last_error=error, next_attempt_at=next_attempt_at, claimed_until=None, given_up=give_up,
                attempts=OutboxRow.attempts + 1))

    def failures(self, limit: int = 50) -> list[OutboxEntry]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(OutboxRow.__table__).where(
                OutboxRow.sent_at.is_(None), OutboxRow.last_error.is_not(None))
                .order_by(OutboxRow.id.desc()).limit(limit)).all()
        return [_entry(r) for r in rows]

    def entries(self) -> list[OutboxEntry]:
        with self._engine.connect() as conn:
            return [_entry(r) for r in conn.execute(select(OutboxRow.__table__).order_by(OutboxRow.id))]
