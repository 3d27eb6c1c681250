"""Two desks on one database: a dispatch made on desk A shows on desk B through the live feed,
with no reload — on SQLite (polled) and on PostgreSQL (LISTEN/NOTIFY). Latency is measured in
bench/bench_desk.py, not here."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from commandcenter.case import Status  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


def dispatch_on_a_and_see_on_b(qtbot, url, tmp_path):
    world = desk_world(url, dispatching=2, handling=0)
    desk_a = open_desk(qtbot, url, "disp", tmp_path / "a.ini")
    desk_b = open_desk(qtbot, url, "disp2", tmp_path / "b.ini")
    try:
        case_id = world.dispatching[0]
        assert desk_b.queues.model("dispatch").row_of(case_id) is not None
        resets = []
        desk_b.session.picture.events.reset.connect(resets.append)
        case = desk_a.session.picture.cases[case_id]
        desk_a.board.sig_dispatch_requested.emit(case_id, case.version, "cgzf", "")
        desk_a.dispatch.commit_now()
        qtbot.waitUntil(lambda: desk_b.queues.model("handle").row_of(case_id) is not None, timeout=5000)
        assert desk_b.queues.model("dispatch").row_of(case_id) is None
        assert desk_b.session.picture.cases[case_id].status is Status.HANDLING
        assert case_id in desk_b.board.department_case_ids("cgzf")
        assert not resets   # followed event by event, never reloaded
    finally:
        close_desk(desk_a)
        close_desk(desk_b)


def test_a_dispatch_on_one_desk_appears_on_the_other_sqlite(qtbot, sqlite_url, tmp_path):
    dispatch_on_a_and_see_on_b(qtbot, sqlite_url, tmp_path)


@pytest.mark.pg
def test_a_dispatch_on_one_desk_appears_on_the_other_postgresql(qtbot, pg_url, tmp_path):
    dispatch_on_a_and_see_on_b(qtbot, pg_url, tmp_path)
