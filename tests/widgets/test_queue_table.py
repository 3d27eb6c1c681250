"""The queue tabs follow the situation picture: change the picture, look at the tables."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from commandcenter.case import Status
from commandcenter.durations import format_limit, format_remaining
from commandcenter.errors import ValidationError
from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
from widgets.case_drag import MIME_CASE
from widgets.palette import OVERDUE_COLOR
from widgets.queue_model import STATE_ROLE
from widgets.queue_rows import COL
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


def _title(tabs, key):
    return tabs.tabText(list(tabs._models).index(key))


def _ids(model):
    return [model.case_id_at(r) for r in range(model.rowCount())]


def test_tabs_count_cases_and_overdue_ones_in_their_titles(world, tabs):
    late = world.waiting_for_dispatch(registered=at(9, 0))      # due 09:30, now 10:00
    world.waiting_for_dispatch(registered=at(9, 50))            # due 10:20
    world.scenario.report(at(9, 55), MANHOLE)                   # waits for intake
    assert tabs.model("dispatch").rowCount() == 2
    assert tabs.model("intake").rowCount() == 1
    assert _title(tabs, "dispatch") == "Dispatch 2 · overdue 1"
    assert _title(tabs, "intake") == "Intake 1"
    assert _title(tabs, "handle") == "Handling 0"
    world.scenario.step(late, "dispatch", at(10, 0), department="zlsw")
    assert _title(tabs, "dispatch") == "Dispatch 1"
    assert _title(tabs, "handle") == "Handling 1"


def test_overdue_rows_are_red_and_bold_and_come_first(world, tabs):
    on_time = world.waiting_for_dispatch(registered=at(9, 50))
    overdue = world.waiting_for_dispatch(registered=at(9, 0))
    model = tabs.model("dispatch")
    assert _ids(model) == [overdue, on_time]
    assert model.index(0, COL["class"]).data(Qt.ItemDataRole.ForegroundRole) == QColor(OVERDUE_COLOR)
    assert model.index(0, COL["number"]).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, COL["number"]).data(STATE_ROLE) == "overdue"
    assert model.index(1, COL["class"]).data(Qt.ItemDataRole.ForegroundRole) is None


def test_countdown_shows_working_time_left_or_overdue(world, tabs):
    case_id = world.waiting_for_dispatch(registered=at(9, 30))   # due 10:00 local
    model = tabs.model("dispatch")
    world.now(at(9, 45))
    assert model.index(0, COL["countdown"]).data() == "0:15 left"
    world.now(at(11, 20))
    assert model.index(0, COL["countdown"]).data() == "1:20 overdue"
    # Lunch (12:00–13:30) is not working time: at 14:00 it is 2:30 late, not 4:00.
    world.now(at(14, 0))
    assert model.index(0, COL["countdown"]).data() == "2:30 overdue"
    assert model.case_id_at(0) == case_id


def test_at_risk_when_less_than_a_fifth_of_the_limit_is_left(world, tabs):
    world.waiting_for_dispatch(registered=at(9, 30))             # 30 working minutes to 10:00
    model = tabs.model("dispatch")
    world.now(at(9, 40))
    assert model.index(0, COL["number"]).data(STATE_ROLE) == "on_time"
    world.now(at(9, 56))
    assert model.index(0, COL["number"]).data(STATE_ROLE) == "at_risk"
    assert model.index(0, COL["countdown"]).data(Qt.ItemDataRole.ForegroundRole) == QColor("#f29900")


def test_long_limits_show_days(world, tabs):
    assert world.context.format_remaining(3 * 25200 + 2 * 3600) == "3 d 2 h left"
    assert world.context.format_remaining(-(2 * 86400 + 3600), "hours") == "2 d 1 h overdue"
    assert world.context.format_remaining(-30) == "0:01 overdue"


def test_durations_read_as_words_in_chinese_and_english():
    """"超期 8天1小时" / "剩 19天11小时", never a minus sign or English letters on a Chinese desk."""
    day = 86400
    assert format_remaining(-(8 * day + 3600), lang="zh") == "超期 8天1小时"
    assert format_remaining(19 * day + 11 * 3600, lang="zh") == "剩 19天11小时"
    assert format_remaining(7500, lang="zh") == "剩 2:05"
    assert format_remaining(-4800, lang="zh") == "超期 1:20"
    assert format_remaining(-(8 * day + 3600), lang="en") == "8 d 1 h overdue"
    assert format_remaining(19 * day + 11 * 3600, lang="en") == "19 d 11 h left"
    for seconds in (-(8 * day), -61, 7500, 19 * day):
        text = format_remaining(seconds, lang="zh")
        assert "-" not in text and not any("a" <= ch.lower() <= "z" for ch in text)


def test_a_case_at_its_deadline_reads_due_now_and_limits_read_in_words():
    assert format_remaining(0, lang="zh") == "到期"
    assert format_remaining(30, lang="en") == "due now"
    assert format_remaining(60, lang="zh") == "剩 0:01"
    assert format_limit("7wd", "zh") == "7个工作日"
    assert format_limit("7wd", "en") == "7 working days"
    assert format_limit("1wh", "en") == "1 working hour"
    assert format_limit("2h", "zh") == "2小时"
    with pytest.raises(ValidationError):
        format_limit("7 weeks", "en")


def test_search_and_filters_narrow_every_queue(world, tabs, qtbot):
    first = world.waiting_for_dispatch(grid=0, source="hotline", description="井盖缺失 东门")
    second = world.waiting_for_dispatch(BILLBOARD, grid=5)
    third = world.waiting_for_dispatch(grid=9)
    model = tabs.model("dispatch")
    number = world.picture.cases[second].number
    tabs.set_filters(text=number)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert _ids(model) == [second]
    tabs.set_filters(text="东门")
    assert _ids(model) == [first]
    tabs.set_filters(source="hotline")
    assert _ids(model) == [first]
    tabs.set_filters(class_code=BILLBOARD)
    assert _ids(model) == [second]
    tabs.set_filters()
    tabs.set_grid_filter(world.picture.cases[third].grid_code)
    assert _ids(model) == [third]
    assert _title(tabs, "dispatch").startswith("Dispatch 1")
    tabs.set_grid_filter(None)
    assert model.rowCount() == 3
    street = world.picture.cases[third].street_code
    tabs.set_filters(street=street)
    assert set(_ids(model)) == {c.id for c in world.picture.cases.values() if c.street_code == street}


def test_sorting_by_a_column_and_back(world, tabs):
    ids = [world.waiting_for_dispatch(grid=g, registered=at(9, 50 - g)) for g in range(4)]
    model = tabs.model("dispatch")
    assert _ids(model) == list(reversed(ids))          # earliest deadline first
    tabs.view("dispatch").sortByColumn(COL["number"], Qt.SortOrder.AscendingOrder)
    assert _ids(model) == sorted(ids, key=lambda i: world.picture.cases[i].number)
    tabs.select_case(ids[1])
    tabs.view("dispatch").sortByColumn(COL["number"], Qt.SortOrder.DescendingOrder)
    assert _ids(model) == sorted(ids, key=lambda i: world.picture.cases[i].number, reverse=True)
    assert tabs.current_case_id() == ids[1]             # the selection follows its case
    world.waiting_for_dispatch(BILLBOARD, grid=6)
    tabs.view("dispatch").sortByColumn(COL["class"], Qt.SortOrder.AscendingOrder)
    classes = [model.index(r, COL["class"]).data() for r in range(model.rowCount())]
    assert classes == sorted(classes) and len(set(classes)) == 2
    tabs.view("dispatch").sortByColumn(COL["number"], Qt.SortOrder.DescendingOrder)
    # New cases land in their sorted place in a descending table too.
    newest = world.waiting_for_dispatch(grid=7)
    assert model.case_id_at(0) == newest


def test_every_named_column_sorts_by_what_it_shows_then_by_time_left(world, tabs):
    """Class, place, source and department sort by the text in the cell, ties by the deadline;
    tier by urgency; a case arriving later lands in its place in the sorted table."""
    for g, (klass, source) in enumerate([(MANHOLE, "hotline"), (BILLBOARD, "supervisor"), (MANHOLE, "video"),
                                         (BILLBOARD, "hotline"), (MANHOLE, "supervisor")]):
        world.waiting_for_dispatch(klass, grid=g, registered=at(9, 50 - g), source=source)
    model = tabs.model("dispatch")
    for column in ("class", "place", "source", "department"):
        tabs.view("dispatch").sortByColumn(COL[column], Qt.SortOrder.AscendingOrder)
        shown = [(model.index(r, COL[column]).data(), world.picture.cases[model.case_id_at(r)].stage_deadline)
                 for r in range(model.rowCount())]
        assert shown == sorted(shown), column
    tabs.view("dispatch").sortByColumn(COL["source"], Qt.SortOrder.AscendingOrder)
    late = world.waiting_for_dispatch(BILLBOARD, grid=8, registered=at(9, 59), source="video")
    sources = [model.index(r, COL["source"]).data() for r in range(model.rowCount())]
    assert sources == sorted(sources) and late in _ids(model)


def test_updates_are_incremental_and_keep_the_selection(world, tabs, qtbot):
    keep = world.waiting_for_dispatch(registered=at(9, 50))
    other = world.waiting_for_dispatch(registered=at(9, 55))
    model = tabs.model("dispatch")
    assert tabs.select_case(keep)
    with qtbot.assertNotEmitted(model.modelReset):
        with qtbot.waitSignal(model.rowsInserted):
            world.waiting_for_dispatch(registered=at(9, 0))     # sorts above the selected row
        with qtbot.waitSignal(model.rowsRemoved):
            world.scenario.step(other, "dispatch", at(10, 0), department="cgzf")
    assert tabs.current_case_id() == keep
    assert model.rowCount() == 2


def test_a_reset_of_the_picture_rebuilds_the_queues(world, tabs, qtbot):
    world.waiting_for_dispatch()
    handled = world.being_handled()
    world.being_handled(dispatched=at(9, 20))
    assert tabs.select_case(handled)
    cases = [c for c in world.picture.cases.values() if c.status is Status.HANDLING]
    with qtbot.waitSignal(tabs.model("dispatch").modelReset):
        world.picture.reset(cases, world.scenario.last_seq)
    assert tabs.model("dispatch").rowCount() == 0
    assert tabs.model("handle").rowCount() == 2
    assert tabs.current_case_id() == handled          # the operator's selection survives a reload
    assert not tabs.view("handle").isColumnHidden(COL["department"])
    assert tabs.view("dispatch").isColumnHidden(COL["department"])


def test_rows_drag_as_the_case_payload(world, tabs):
    case_id = world.being_handled(department="cgzf")
    model = tabs.model("handle")
    mime = model.mimeData([model.index(0, 0)])
    payload = json.loads(bytes(mime.data(MIME_CASE)).decode())
    case = world.picture.cases[case_id]
    assert payload == {"case_id": case_id, "version": case.version, "department": "cgzf"}
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_keyboard_enter_opens_and_ctrl_f_searches(world, tabs, qtbot):
    first = world.waiting_for_dispatch(registered=at(9, 0))
    second = world.waiting_for_dispatch(registered=at(9, 50))
    tabs.show()
    with qtbot.waitActive(tabs):
        tabs.activateWindow()
    tabs.select_case(first)
    view = tabs.view("dispatch")
    view.setFocus()
    with qtbot.waitSignal(tabs.sig_case_selected) as selected:
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert selected.args == [second]
    with qtbot.waitSignal(tabs.sig_case_activated) as activated:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert activated.args == [second]
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tabs._filter_bar.search.hasFocus())


def test_select_case_switches_to_its_queue(world, tabs):
    handled = world.being_handled()
    world.waiting_for_dispatch()
    assert tabs.select_case(handled)
    assert tabs.current_queue() == "handle"
    assert tabs.current_case_id() == handled
    assert not tabs.select_case(99999)


def test_a_selected_case_leaving_its_queue_leaves_the_selection_empty(world, tabs, qtbot):
    """No silent jump to the next row: the operator's next key would act on a case never looked at."""
    selected = world.waiting_for_dispatch(registered=at(9, 30))
    world.waiting_for_dispatch(registered=at(9, 40))
    world.waiting_for_dispatch(registered=at(9, 50))
    assert tabs.select_case(selected)
    with qtbot.assertNotEmitted(tabs.sig_case_selected):
        world.scenario.step(selected, "dispatch", at(10, 0), department="cgzf")
    view = tabs.view("dispatch")
    assert tabs.current_case_id() is None
    assert not view.selectionModel().hasSelection()
    assert tabs.model("dispatch").rowCount() == 2
