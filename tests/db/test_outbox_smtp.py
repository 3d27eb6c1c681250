"""Outbound messages over a real SMTP server started by the test (aiosmtpd on 127.0.0.1), never
the internet: an urge is queued after the fact, the send fails while the server is down, the
failure is kept and shown, and once the server is up the retry delivers it."""
from __future__ import annotations

import json
import socket
import threading
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller

from commandcenter.outbound import RECIPIENTS_KEY, OutboxWorker, retry_delay
from db.backend import backend
from db.outbox import SqlOutbox
from db.smtp import SETTINGS_KEY
from tests.world import FakeClock, build_world, cell_point


class Inbox:
    """An aiosmtpd handler keeping what it received."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        self.arrived.set()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def rt(db_url, clock):
    return build_world(db_url, clock=clock)


def _urged_case(rt):
    lon, lat = cell_point(0)
    case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="暴露垃圾")
    rt.service.act("taker", case.id, "accept")
    rt.service.act("leader", case.id, "register")
    rt.service.act("disp", case.id, "dispatch", department="szsr")
    return rt.service.act("disp", case.id, "urge", message="请尽快处置")


def _configure(rt, port):
    rt.store.set_meta(SETTINGS_KEY, json.dumps({"host": "127.0.0.1", "port": port, "timeout_s": 5}))
    rt.store.set_meta(RECIPIENTS_KEY, json.dumps({"department:szsr": ["szsr@example.org"],
                                                  "role:shift_leader": ["13800000000"]}))


def _subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def test_a_send_that_fails_while_the_server_is_down_is_retried_and_delivered(rt, clock):
    port = free_port()
    _configure(rt, port)
    relay = backend.outbox_relay(rt.store, clock=clock)
    assert relay.run_once() == (0, 0)          # a new relay starts from now
    case = _urged_case(rt)                      # the command never waits for the mail server
    assert case.urge_count == 1
    assert relay.run_once() == (0, 1)           # nobody listens on the port yet
    outbox = SqlOutbox(rt.store)
    [failure] = outbox.failures()
    assert failure.message.address == "szsr@example.org" and "Connection" in failure.last_error
    assert failure.next_attempt_at == clock.now + retry_delay(1)
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        assert relay.deliver_due() == (0, 0)    # not due before its backoff
        clock.advance(seconds=retry_delay(1).total_seconds() + 1)
        assert relay.deliver_due() == (1, 0)
    finally:
        server.stop()
    [(to, mail)] = inbox.messages
    assert to == ["szsr@example.org"]
    assert case.number in _subject(mail) and "催办" in _subject(mail)
    assert "请尽快处置" in mail.get_payload(decode=True).decode("utf-8")
    assert outbox.failures() == []
    [entry] = outbox.entries()
    assert entry.sent_at is not None and entry.attempts == 2
    assert relay.run_once() == (0, 0)           # sent once, never again


def test_an_escalation_without_an_sms_gateway_stays_visible_as_a_failure(rt, clock):
    _configure(rt, free_port())
    relay = backend.outbox_relay(rt.store, clock=clock)
    relay.run_once()
    case = _urged_case(rt)
    rt.service.act("leader", case.id, "urge", message="督办")     # a shift leader's urge goes to the department
    from commandcenter.urging import Escalation

    clock.now = rt.store.case(case.id).stage_deadline + timedelta(days=3)
    Escalation(rt.store, rt.catalog, rt.calendar, clock=clock).tick()
    relay.run_once()
    failures = backend.outbox_failures(rt.store)
    assert any(f.message.channel == "sms" and "no sms gateway" in f.last_error for f in failures)
    assert any(f.message.urgent for f in failures)


def test_the_worker_thread_delivers_without_anyone_waiting_for_it(rt, clock):
    port = free_port()
    _configure(rt, port)
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    relay = backend.outbox_relay(rt.store, clock=clock)
    relay.run_once()
    worker = OutboxWorker(relay, interval_s=3600)
    try:
        _urged_case(rt)
        worker.start()
        worker.wake()
        assert inbox.arrived.wait(30)
    finally:
        worker.stop()
        server.stop()
    assert inbox.messages[0][0] == ["szsr@example.org"]
