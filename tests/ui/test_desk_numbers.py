"""The numbers on the desk: the summary above the map is right from the first load, and a click
on it or on a board header lists the cases behind the number in the queues."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from tests.ui.desk_world import desk_world  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=3, handling=2)


def ids(model):
    return {model.case_id_at(r) for r in range(model.rowCount())}


def test_the_summary_counts_every_open_case_from_the_first_load(qtbot, desk, world):
    qtbot.waitUntil(lambda: "Open <b>5</b>" in desk.totals_label.text())
    assert desk.summary.totals()["open"] == 5


def test_clicking_the_open_count_lists_its_cases_and_the_chip_clears_it(qtbot, desk, world):
    desk.totals_label.linkActivated.emit("open")
    assert desk.queues.drill_label == "filter: open ✕"
    assert ids(desk.queues.model("dispatch")) == set(world.dispatching)
    desk.totals_label.linkActivated.emit("overdue")           # nothing is overdue yet
    assert all(desk.queues.model(k).rowCount() == 0 for k in ("dispatch", "handle"))
    desk.queues.clear_drill()
    assert ids(desk.queues.model("dispatch")) == set(world.dispatching)


def test_a_board_header_number_opens_that_departments_cases_in_the_handling_queue(qtbot, desk, world):
    first = world.runtime.store.case(world.handling[0])
    column = desk.board.columns[first.department_code]
    column.stats_label.linkActivated.emit("open")
    assert desk.queues.current_queue() == "handle"
    expected = {i for i in world.handling if world.runtime.store.case(i).department_code == first.department_code}
    assert ids(desk.queues.model("handle")) == expected
    assert desk.context.department_name(first.department_code) in desk.queues.drill_label
