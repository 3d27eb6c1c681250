"""Outbound notices (短信/邮件通知): urges, replies and the escalation ladder's reminders also
reach people away from a desk, by e-mail or SMS, through a gateway (``ports.MessageGateway``).

Nothing here ever blocks a command: the relay reads the event log *after* the fact, puts one
message per event and recipient into the database's outbox (``ports.Outbox``, idempotent), and
sends what is due from a worker thread. A failed send stays in the outbox and is retried with
exponential backoff; its error is shown in every desk's notification centre until it goes through
or is given up."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, Mapping

from .case import Case, CaseEvent
from .clock import local, utc_now
from .vocabulary import command_name, name

#: events worth a message to someone away from the desk
OUTBOUND_EVENTS = frozenset({"urge", "urge_reply", "remind"})
#: meta key of the address book: {"department:szsr": "a@b", "role:shift_leader": "c@d", ...}
RECIPIENTS_KEY = "outbox:recipients"
#: meta key of the last event sequence number the relay has turned into messages
CURSOR_KEY = "outbox:last_seq"
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(minutes=30)
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class OutboundMessage:
    """One message to one address; ``key`` (event seq and address) makes enqueueing idempotent."""

    key: str
    channel: str          # 'email' or 'sms'
    address: str
    subject: str
    body: str
    case_id: int | None = None
    urgent: bool = False


@dataclass(frozen=True)
class OutboxEntry:
    """A message as the outbox keeps it: attempts so far, when the next one is due, the last error."""

    id: int
    message: OutboundMessage
    created_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    given_up: bool = False


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try after ``attempts`` failed ones: 30 s, 1 min, 2 min … at most 30 min."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), MAX_RETRY)


def recipients_from(text: str | None) -> dict[str, list[str]]:
    """The address book stored under :data:`RECIPIENTS_KEY` (a bad entry is left out)."""
    if not text:
        return {}
    try:
        raw = json.loads(text)
    except ValueError:
        return {}
    out: dict[str, list[str]] = {}
    for key, value in (raw.items() if isinstance(raw, dict) else ()):
        values = value if isinstance(value, list) else [value]
        out[str(key)] = [str(v) for v in values if isinstance(v, str) and v.strip()]
    return out


def _to(event: CaseEvent, case: Case | None) -> list[str]:
    """Address-book keys an event goes to."""
    p = event.payload
    if event.type == "urge":
        return [f"department:{p.get('department') or (case.department_code if case else '')}"]
    if event.type == "urge_reply":
        return ["role:dispatcher"] + ([f"user:{case.dispatched_by}"] if case and case.dispatched_by else [])
    if event.type == "remind":
        level = int(p.get("level", 0))
        if level == 0:
            return [f"department:{p['department']}"] if p.get("stage") == "handle" and p.get("department") \
                else [f"stage:{p.get('stage')}"]
        return ["role:shift_leader"] if level == 1 else ["role:leader"]
    return []


def is_urgent(event: CaseEvent) -> bool:
    """Escalations and overdue reminders ring; plain reminders and replies do not."""
    p = event.payload
    if event.type == "remind":
        return int(p.get("level", 0)) > 0 or p.get("state") == "overdue"
    return event.type == "urge" and int(p.get("level", 0)) > 0


def messages_for(event: CaseEvent, case: Case | None, book: Mapping[str, list[str]],
                 lang: str = "zh") -> list[OutboundMessage]:
    """The messages one event sends, one per address the book has for its recipients."""
    if event.type not in OUTBOUND_EVENTS or event.seq is None:
        return []
    number = case.number if case is not None else str(event.case_id)
    p = event.payload
    said = p.get("message") or p.get("reply") or ""
    if event.type == "remind":
        state = ("超期" if p.get("state") == "overdue" else "即将超期") if lang == "zh" else \
            ("overdue" if p.get("state") == "overdue" else "at risk")
        said = f"{name('stage', p.get('stage'), lang)} {state}"
    subject = f"[{command_name(event.type, lang)}] {number}"
    body = "\n".join(x for x in (
        f"{command_name(event.type, lang)} · {number}",
        said,
        f"{local(event.at):%Y-%m-%d %H:%M} {event.actor}",
    ) if x)
    out, seen = [], set()
    for key in _to(event, case):
        for address in book.get(key, []):
            if address in seen:
                continue
            seen.add(address)
            channel = "sms" if address.lstrip("+").isdigit() else "email"
            out.append(OutboundMessage(f"{event.seq}:{address}", channel, address, subject, body,
                                       event.case_id, is_urgent(event)))
    return out


class OutboxRelay:
    """Turns new events into outbox messages and sends the due ones through the gateways.

    ``outbox``: :class:`~commandcenter.ports.Outbox`; ``gateways``: channel → MessageGateway;
    ``store``: where the events, cases and the address book are read from."""

    def __init__(self, store, outbox, gateways: Mapping[str, object], *,
                 clock: Callable[[], datetime] = utc_now, lang: str = "zh"):
        self._store = store
        self._outbox = outbox
        self._gateways = dict(gateways)
        self._clock = clock
        self._lang = lang

    def enqueue_new(self, limit: int = 1000) -> int:
        """Messages for the events logged since the last call; returns how many were queued."""
        stored = self._store.meta(CURSOR_KEY)
        if stored is None:   # a new relay starts from now: no flood of old urges
            self._store.set_meta(CURSOR_KEY, str(self._store.last_seq()))
            return 0
        cursor = int(stored)
        events = self._store.events_after(cursor, limit)
        if not events:
            return 0
        book = recipients_from(self._store.meta(RECIPIENTS_KEY))
        messages: list[OutboundMessage] = []
        for event in events:
            if event.type in OUTBOUND_EVENTS:
                messages += messages_for(event, self._case(event.case_id), book, self._lang)
        queued = self._outbox.enqueue(messages, self._clock()) if messages else 0
        self._store.set_meta(CURSOR_KEY, str(events[-1].seq))
        return queued

    def deliver_due(self, limit: int = 50) -> tuple[int, int]:
        """Try every message due now once; returns (sent, failed)."""
        sent = failed = 0
        now = self._clock()
        for entry in self._outbox.due(now, limit):
            gateway = self._gateways.get(entry.message.channel)
            try:
                if gateway is None:
                    raise RuntimeError(f"no {entry.message.channel} gateway is configured")
                gateway.send(entry.message)
            except Exception as exc:   # any failure of the far end: kept, retried, shown
                attempts = entry.attempts + 1
                self._outbox.mark_failed(entry.id, f"{type(exc).__name__}: {exc}"[:500],
                                         now + retry_delay(attempts), give_up=attempts >= MAX_ATTEMPTS)
                failed += 1
            else:
                self._outbox.mark_sent(entry.id, self._clock())
                sent += 1
        return sent, failed

    def run_once(self) -> tuple[int, int]:
        self.enqueue_new()
        return self.deliver_due()

    def _case(self, case_id: int) -> Case | None:
        try:
            return self._store.case(case_id)
        except Exception:   # a case outside this store's scope: the message goes without its number
            return None


class OutboxWorker:
    """Runs a relay on its own thread every ``interval_s`` (and at once when ``wake`` is called)
    until ``stop``; never on the GUI thread, so a slow mail server never freezes a desk."""

    def __init__(self, relay: OutboxRelay, interval_s: float = 15.0,
                 on_error: Callable[[Exception], None] | None = None):
        self._relay = relay
        self._interval = interval_s
        self._on_error = on_error
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="outbox", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopped.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                self._relay.run_once()
            except Exception as exc:   # the database is away: try again at the next round
                if self._on_error is not None:
                    self._on_error(exc)
            self._wake.wait(self._interval)
            self._wake.clear()


def failures(entries: Iterable[OutboxEntry]) -> list[OutboxEntry]:
    """Entries not sent whose last try failed, newest first."""
    return sorted((e for e in entries if e.sent_at is None and e.last_error),
                  key=lambda e: e.created_at, reverse=True)
