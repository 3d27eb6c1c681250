"""The reminder ladder on a big district: a tick that sends for minutes never holds up the
dispatcher's own work, and the timer does not pile further ticks on top of it."""
from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from commandcenter.case import Status  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


class _LadderStillSending:
    """The ladder of a district with 25,000 overdue cases: its tick writes reminders for many
    minutes (here: until the test lets it finish)."""

    def __init__(self):
        self.ticks = 0
        self.release = threading.Event()

    def tick(self, cases):
        self.ticks += 1
        self.release.wait(60)
        return []


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=2, handling=0)


def test_a_dispatch_is_written_while_the_ladder_is_still_sending_reminders(qtbot, desk, world):
    ladder = _LadderStillSending()
    desk.notices._escalation = ladder
    try:
        for _minute in range(3):          # the timer fires every minute; the first tick still sends
            desk.notices.tick()
        qtbot.waitUntil(lambda: ladder.ticks == 1)
        case = world.runtime.store.case(world.dispatching[0])
        desk.presenter.run_command(case.id, case.version, "dispatch", {"department": "szsr"})
        qtbot.waitUntil(lambda: world.runtime.store.case(case.id).status is Status.HANDLING, timeout=5000)
        qtbot.waitUntil(lambda: desk.session.picture.cases[case.id].status is Status.HANDLING, timeout=5000)
    finally:
        ladder.release.set()
    assert ladder.ticks == 1             # no second tick was started over the first one
    qtbot.waitUntil(lambda: not desk.notices._ticking, timeout=5000)
    desk.notices.tick()                   # once done, the next minute ticks again
    qtbot.waitUntil(lambda: ladder.ticks == 2, timeout=5000)


def test_an_automatic_reminder_in_the_history_names_the_system_not_a_person(qtbot, tmp_path, sqlite_url):
    from datetime import timedelta

    from commandcenter.urging import Escalation

    world = desk_world(sqlite_url, dispatching=0, handling=1)
    case_id, rt = world.handling[0], world.runtime
    deadline = rt.store.case(case_id).stage_deadline
    Escalation(rt.store, rt.catalog, rt.calendar, clock=lambda: deadline + timedelta(days=10)).tick()
    for lang, expected in (("en", "System (automatic)"), ("zh", "系统（自动）")):
        window = open_desk(qtbot, world.url, "disp", tmp_path / f"{lang}.ini", lang=lang)
        try:
            window.presenter.select_case(case_id)
            timeline = window.panel.timeline
            qtbot.waitUntil(lambda: any(timeline.topLevelItem(i).text(2) == window.context.command_name("remind")
                                        for i in range(timeline.topLevelItemCount())), timeout=10_000)
            reminders = [timeline.topLevelItem(i) for i in range(timeline.topLevelItemCount())
                         if timeline.topLevelItem(i).text(2) == window.context.command_name("remind")]
            assert {item.text(1) for item in reminders} == {expected}
        finally:
            close_desk(window)
