"""Numbers click down to their cases: the queues' drill-down filter (only the cases behind a
number, with a chip that clears it), a tab's overdue count by double-click, and the board's
header numbers."""
from __future__ import annotations

import pytest

from tests.widgets.desk_helpers import MANHOLE, at, make_world
from widgets.linkage_board import LinkageBoard
from widgets.queue_table import QueueTabs

pytestmark = pytest.mark.gui


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def tabs(qtbot, world):
    widget = QueueTabs(world.signals, world.context)
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    return widget


def ids(model):
    return {model.case_id_at(r) for r in range(model.rowCount())}


def test_a_drill_down_lists_only_the_cases_behind_the_number_until_its_chip_is_clicked(world, tabs):
    late = world.waiting_for_dispatch(registered=at(9, 0))
    fresh = world.waiting_for_dispatch(registered=at(9, 55))
    handled = world.being_handled()
    tabs.drill_down({late, handled}, "overdue")
    assert tabs.current_queue() == "dispatch"                  # the first tab that lists one of them
    assert ids(tabs.model("dispatch")) == {late} and ids(tabs.model("handle")) == {handled}
    assert tabs.drill_label == "filter: overdue ✕" and "1" in tabs.tabText(3)
    tabs._filter_bar.drill_chip.click()
    assert tabs.drill_label == "" and ids(tabs.model("dispatch")) == {late, fresh}


def test_double_clicking_a_tab_keeps_only_its_overdue_cases(world, tabs):
    late = world.waiting_for_dispatch(registered=at(9, 0))      # due 09:30, now 10:00
    world.waiting_for_dispatch(registered=at(9, 55))
    index = list(tabs._models).index("dispatch")
    tabs.tabBarDoubleClicked.emit(index)
    assert ids(tabs.model("dispatch")) == {late}
    assert tabs.drill_label == f"filter: overdue · {world.context.queue_name('dispatch')} ✕"


def test_board_header_numbers_name_their_cases(qtbot, world):
    board = LinkageBoard(world.signals, world.context)
    qtbot.addWidget(board)
    late = world.being_handled("cgzf", MANHOLE, grid=1, dispatched=at(9, 0, day=23))   # 4 working hours
    on_time = world.being_handled("cgzf", MANHOLE, grid=2, dispatched=at(9, 59))
    column = board.columns["cgzf"]
    assert (column.open_count, column.overdue_count) == (2, 1)
    assert board.department_case_ids("cgzf") == {late, on_time}
    assert board.department_case_ids("cgzf", overdue=True) == {late}
    with qtbot.waitSignal(board.sig_count_clicked) as clicked:
        column.stats_label.linkActivated.emit("overdue")
    assert clicked.args == ["cgzf", "overdue"]
    assert "href='open'" in column.stats_label.text() and "href='overdue'" in column.stats_label.text()
