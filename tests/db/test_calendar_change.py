"""A change of the working calendar moves the open deadlines it affects, in the same transaction,
each with an event saying why; the log still replays to the stored cases."""
from __future__ import annotations

from datetime import datetime, timezone

from commandcenter.catalog import load_catalog
from commandcenter.clock import local
from commandcenter.deadlines import RECOMPUTE_EVENT, recompute_deadlines
from commandcenter.verify import verify_chain, verify_history
from commandcenter.worktime import WorkCalendar
from db.backend import backend
from tests.cli.helpers import run
from tests.world import FakeClock, build_world, cell_point

ADMIN_PASSWORD = "admin-pass-42"


def handling_case(rt, class_code="E0102"):
    """A case with a department; E0102 is handled within 4 working hours, 0109 within 1 working day."""
    lon, lat = cell_point(0)
    s = rt.service
    case = s.report("sup", source="supervisor", class_code=class_code, lon=lon, lat=lat, description="井盖破损")
    case = s.act("taker", case.id, "accept")
    case = s.act("leader", case.id, "register")
    return s.act("disp", case.id, "dispatch", department="szsr")


def test_holiday_set_moves_an_open_deadline_with_an_event_and_replays(capsys, db_url, monkeypatch):
    rt = build_world(db_url)
    backend.add_user(rt.store, "root", "admin", ADMIN_PASSWORD)
    monkeypatch.setenv("CC_ADMIN_PW", ADMIN_PASSWORD)
    case = handling_case(rt)
    closed_day = local(case.stage_deadline).date()
    code, out, err = run(capsys, "holiday", "set", closed_day.isoformat(), "--note", "临时放假", "--as", "root",
                         "--password-env", "CC_ADMIN_PW", "--db", db_url)
    assert code == 0, err
    assert "1 open deadline recomputed" in out
    moved = rt.store.case(case.id)
    assert moved.stage_deadline > case.stage_deadline and moved.version == case.version + 1
    assert local(moved.stage_deadline).date() != closed_day
    event = rt.store.events_of_case(case.id)[-1]
    assert event.type == RECOMPUTE_EVENT and event.actor == "root"
    assert closed_day.isoformat() in event.payload["reason"] and "临时放假" in event.payload["reason"]
    assert verify_history(rt.store).ok and verify_chain(rt.store).ok
    code, out, _ = run(capsys, "case", "show", case.number, "--db", db_url)
    assert RECOMPUTE_EVENT in out
    # setting the same day again moves nothing more
    code, out, _ = run(capsys, "holiday", "set", closed_day.isoformat(), "--as", "root",
                       "--password-env", "CC_ADMIN_PW", "--db", db_url)
    assert "0 open deadlines recomputed" in out


def test_spring_festival_2027_under_a_fixed_clock_and_its_confirmation(capsys, sqlite_url):
    # 10:00 on Thursday 4 February 2027 in Beijing; the official calendar has no 2027 data.
    clock = FakeClock(datetime(2027, 2, 4, 2, 0, tzinfo=timezone.utc))
    rt = build_world(sqlite_url, clock=clock)
    case = handling_case(rt, "0109")
    # estimated Spring Festival 5–10 February: one working day from Thursday 10:00 ends Thursday 11th
    assert local(case.stage_deadline) == local(datetime(2027, 2, 11, 2, 0, tzinfo=timezone.utc))
    assert "2027" in rt.calendar.calendar_warning(clock.now)
    # The published arrangement arrives: 5–11 February off, 7 February (Sunday) worked.
    before = rt.calendar
    changes = {**{datetime(2027, 2, d).date(): (False, "春节") for d in range(5, 12)},
               datetime(2027, 2, 7).date(): (True, "春节调休")}
    after = before.with_overrides({d: w for d, (w, _) in changes.items()}).with_confirmed([2027])
    catalog = load_catalog()

    def recompute(cases):
        return recompute_deadlines(cases, catalog, before, after, actor="root", role="admin", at=clock.now,
                                   reason="working calendar changed by root: 2027 arrangement")

    moved = backend.change_calendar(rt.store, changes, {2027}, "root", clock.now, recompute)
    assert [c.id for c in moved] == [case.id]
    assert backend.confirmed_years(rt.store) == {2027}
    calendar = WorkCalendar(overrides=backend.holidays(rt.store), confirmed_years=backend.confirmed_years(rt.store))
    assert calendar.calendar_warning(clock.now) is None
    stored = rt.store.case(case.id)
    # the published arrangement works Sunday 7 February and rests on the 11th
    assert stored.stage_deadline == datetime(2027, 2, 7, 2, 0, tzinfo=timezone.utc)
    limit = catalog.limit(stored.class_code, stored.tier.value, "handle")
    assert stored.stage_deadline == calendar.add(stored.stage_started_at, limit)
    assert verify_history(rt.store).ok
