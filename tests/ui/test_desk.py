"""The control desk over a real database: counts, selection, dispatch through the desk's own code
path (delayed commit with undo), conflicts that name the winner, role-shaped views."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from commandcenter.case import Status  # noqa: E402
from commandcenter.queues import QUEUE_KEYS, QUEUES  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from ui.desk import dialogs  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A modal dialog nobody answers would hang the test: each test patches the ones it expects."""
    def unexpected(*args):
        raise AssertionError(f"unexpected dialog: {args}")

    monkeypatch.setattr(dialogs, "confirm_other_department", unexpected)
    monkeypatch.setattr(dialogs, "ask_redispatch_reason", unexpected)
    monkeypatch.setattr(dialogs, "confirm_returned_dispatch", unexpected)
    monkeypatch.setattr(dialogs, "ask_resend_reason", unexpected)


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=3, handling=1)


def stored(world, case_id):
    return world.runtime.store.case(case_id)


def test_desk_shows_the_queues_and_the_board_with_counts(desk, world):
    queues = desk.queues
    assert queues.model("dispatch").rowCount() == 3
    assert queues.model("handle").rowCount() == 1
    assert "3" in queues.tabText(QUEUE_KEYS.index("dispatch"))
    handled = stored(world, world.handling[0])
    assert desk.board.department_case_ids(handled.department_code) == {handled.id}
    # The dispatcher starts on the dispatch queue, and the board takes drops.
    assert queues.current_queue() == "dispatch"
    assert all(column.interactive for column in desk.board.columns.values())
    assert "disp" in desk.status.user_label.text()
    assert "commandcenter.sqlite" in desk.status.database_label.text()


def test_selecting_a_queue_row_selects_the_case_everywhere_and_centres_the_map(qtbot, desk, world, monkeypatch):
    centred, fitted = [], []
    monkeypatch.setattr(desk.map_view, "pan_to", lambda lon, lat: centred.append((lon, lat)))
    monkeypatch.setattr(desk.map_view, "fit_bounds", lambda *box: fitted.append(box))
    view, model = desk.queues.view("dispatch"), desk.queues.model("dispatch")
    row = 1 if model.case_id_at(0) == desk.presenter.selected else 0
    case_id = model.case_id_at(row)
    view.selectRow(row)
    qtbot.waitUntil(lambda: desk.presenter.selected == case_id)
    assert desk.panel.case_id == case_id
    case = desk.session.picture.cases[case_id]
    assert centred[-1] == (case.lon, case.lat)
    assert not fitted   # selecting centres the case and leaves the operator's zoom alone
    # Its history is read off the GUI thread and shown in the panel.
    qtbot.waitUntil(lambda: desk.panel.timeline.topLevelItemCount() == 3)


def test_clicking_a_case_on_the_map_selects_it_in_the_queues_and_the_board(qtbot, desk, world):
    case_id = world.handling[0]
    desk.map_view.sig_case_clicked.emit(case_id)
    assert desk.presenter.selected == case_id and desk.panel.case_id == case_id
    assert desk.queues.current_case_id() == case_id
    department = desk.session.picture.cases[case_id].department_code
    assert desk.board.columns[department].card_of(case_id).selected


def test_a_step_taken_in_the_case_panel_is_written_and_confirmed(qtbot, desk, world):
    case_id = world.dispatching[1]
    case = desk.session.picture.cases[case_id]
    desk.presenter.select_case(case_id)
    assert "dispatch" in desk.panel.action_commands()
    desk.panel.sig_action_requested.emit(case_id, case.version, "dispatch", {"department": "szsr"})
    qtbot.waitUntil(lambda: stored(world, case_id).status is Status.HANDLING, timeout=5000)
    qtbot.waitUntil(lambda: desk.message_bar.level == "info" and case.number in desk.message_bar.text())


def test_a_refused_step_is_explained_next_to_the_case_panel(qtbot, desk, world):
    case_id = world.dispatching[1]
    case = desk.session.picture.cases[case_id]
    desk.panel.sig_action_requested.emit(case_id, case.version, "dispatch", {"department": "nowhere"})
    qtbot.waitUntil(lambda: desk.message_bar.level == "error", timeout=5000)
    assert "unknown department" in desk.message_bar.text()
    assert stored(world, case_id).status is Status.DISPATCHING


def test_ctrl_d_dispatches_the_selected_case_to_its_default_department(qtbot, desk, world):
    case_id = world.dispatching[0]   # E0101 → cgzf
    desk.presenter.select_case(case_id)
    action = next(a for a in desk._shortcut_actions if a.shortcut().toString() == "Ctrl+D")
    action.trigger()
    assert desk.dispatch.pending.case_id == case_id and desk.dispatch.pending.department == "cgzf"
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: stored(world, case_id).department_code == "cgzf", timeout=5000)


def _returned(qtbot, desk, world, department, by):
    """Case E0101 (default cgzf) dispatched to ``department``, then returned by its user ``by``."""
    case_id = world.dispatching[0]
    service = world.runtime.service
    service.act("disp2", case_id, "dispatch", department=department)
    service.act(by, case_id, "return_case", reason="不属本部门职责")
    qtbot.waitUntil(lambda: desk.session.picture.cases[case_id].returned_by == department
                    and desk.queues.model("dispatch").row_of(case_id) is not None, timeout=10_000)
    desk.presenter.select_case(case_id)
    return case_id


def _ctrl_d(desk):
    next(a for a in desk._shortcut_actions if a.shortcut().toString() == "Ctrl+D").trigger()


def test_ctrl_d_on_a_returned_case_asks_before_dispatching(qtbot, desk, world, monkeypatch):
    case_id = _returned(qtbot, desk, world, "szsr", "sz")     # wrongly sent to szsr, which returned it
    asked = []
    answer = [False]
    monkeypatch.setattr(dialogs, "confirm_returned_dispatch",
                        lambda parent, case, department, returned_by, reason: asked.append(reason) or answer[0])
    _ctrl_d(desk)
    assert asked == ["不属本部门职责"] and desk.dispatch.pending is None
    answer[0] = True
    _ctrl_d(desk)
    assert desk.dispatch.pending.department == "cgzf"
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: stored(world, case_id).department_code == "cgzf", timeout=5000)
    assert stored(world, case_id).unjustified_returns == 0


def test_ctrl_d_back_to_the_returning_department_needs_a_reason(qtbot, desk, world, monkeypatch):
    case_id = _returned(qtbot, desk, world, "cgzf", "cg")     # its default department returned it
    monkeypatch.setattr(dialogs, "ask_resend_reason", lambda *args: None)
    _ctrl_d(desk)
    assert desk.dispatch.pending is None                      # cancelled: nothing pending
    monkeypatch.setattr(dialogs, "ask_resend_reason", lambda *args: "属城管执法职责")
    _ctrl_d(desk)
    assert desk.dispatch.pending.fields == {"department": "cgzf", "reason": "属城管执法职责"}
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: stored(world, case_id).status is Status.HANDLING, timeout=5000)
    assert stored(world, case_id).unjustified_returns == 1    # counted for evaluation (推诿)


def test_a_returned_case_shows_its_reason_on_a_desk_started_after_the_return(qtbot, world, tmp_path):
    from widgets.queue_model import RETURNED_ROLE
    from widgets.queue_rows import COL

    case_id = world.dispatching[0]
    world.runtime.service.act("disp2", case_id, "dispatch", department="szsr")
    world.runtime.service.act("sz", case_id, "return_case", reason="不属本部门职责")
    window = open_desk(qtbot, world.url, "disp", tmp_path / "late.ini")
    try:
        model = window.queues.model("dispatch")
        index = lambda col: model.index(model.row_of(case_id), COL[col])  # noqa: E731
        assert index("number").data(RETURNED_ROLE)
        qtbot.waitUntil(lambda: "不属本部门职责" in index("class").data(), timeout=10_000)
    finally:
        close_desk(window)


def test_a_board_drop_is_written_only_after_the_undo_time(qtbot, desk, world):
    case_id = world.dispatching[0]   # E0101, whose default department is cgzf
    case = desk.session.picture.cases[case_id]
    desk.board.sig_dispatch_requested.emit(case_id, case.version, "cgzf", "")
    assert desk.dispatch.pending is not None
    assert desk.board.undo_bar.isVisible()
    assert stored(world, case_id).status is Status.DISPATCHING   # nothing written yet
    desk.dispatch.commit_now()   # the operator confirms (Ctrl+Enter) instead of waiting
    qtbot.waitUntil(lambda: stored(world, case_id).status is Status.HANDLING, timeout=5000)
    row = stored(world, case_id)
    assert row.department_code == "cgzf" and row.dispatched_by == "disp"
    events = world.runtime.store.events_of_case(case_id)
    assert events[-1].type == "dispatch" and events[-1].payload["department"] == "cgzf"
    # The desk follows its own write through the feed: the case moves to the handling queue.
    qtbot.waitUntil(lambda: desk.queues.model("handle").row_of(case_id) is not None, timeout=5000)
    assert case_id in desk.board.department_case_ids("cgzf")


def test_undo_cancels_the_dispatch_before_anything_is_written(qtbot, desk, world):
    case_id = world.dispatching[0]
    case = desk.session.picture.cases[case_id]
    desk.board.sig_dispatch_requested.emit(case_id, case.version, "cgzf", "")
    desk.board.sig_undo_requested.emit(case_id)
    assert desk.dispatch.pending is None
    qtbot.wait(200)
    assert stored(world, case_id).status is Status.DISPATCHING
    assert [e.type for e in world.runtime.store.events_of_case(case_id)][-1] == "register"


def test_the_undo_time_running_out_writes_the_dispatch(qtbot, desk, world, monkeypatch):
    monkeypatch.setattr(type(desk.dispatch), "UNDO_SECONDS", 1)
    case_id = world.dispatching[1]
    case = desk.session.picture.cases[case_id]
    desk.board.sig_dispatch_requested.emit(case_id, case.version, "szsr", "")
    qtbot.waitUntil(lambda: stored(world, case_id).status is Status.HANDLING, timeout=5000)


def test_another_department_than_the_default_asks_first(qtbot, desk, world, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "confirm_other_department", lambda *a: asked.append(a) or False)
    case_id = world.dispatching[0]   # default cgzf
    case = desk.session.picture.cases[case_id]
    desk.board.sig_dispatch_requested.emit(case_id, case.version, "swj", "")
    assert asked and desk.dispatch.pending is None
    monkeypatch.setattr(dialogs, "confirm_other_department", lambda *a: True)
    desk.board.sig_dispatch_requested.emit(case_id, case.version, "swj", "")
    assert desk.dispatch.pending is not None and desk.dispatch.pending.department == "swj"
    desk.dispatch.undo()


def test_a_drag_between_departments_redispatches_with_a_reason(qtbot, desk, world, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_redispatch_reason", lambda *a: None)
    case_id = world.handling[0]
    case = desk.session.picture.cases[case_id]
    desk.board.sig_dispatch_requested.emit(case_id, case.version, "cgzf", case.department_code)
    assert desk.dispatch.pending is None   # no reason, no re-dispatch
    monkeypatch.setattr(dialogs, "ask_redispatch_reason", lambda *a: "不属本部门职责")
    desk.board.sig_dispatch_requested.emit(case_id, case.version, "cgzf", case.department_code)
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: stored(world, case_id).department_code == "cgzf", timeout=5000)
    event = world.runtime.store.events_of_case(case_id)[-1]
    assert event.type == "redispatch" and event.payload["reason"] == "不属本部门职责"


def test_ctrl_enter_after_another_desk_dispatched_the_case_writes_nothing(qtbot, desk, world):
    """Issue 11's bad path: the dispatch form is open on case A, a second desk dispatches A, the
    operator presses Ctrl+Enter again. Nothing is written, for A or for the case below it; the
    form says who took A and when, its confirm button is off, the queue selects nothing."""
    from PySide6.QtCore import Qt

    model = desk.queues.model("dispatch")
    case_a, below = model.case_id_at(0), model.case_id_at(1)
    desk.presenter.select_case(case_a)
    desk.activateWindow()
    qtbot.waitUntil(desk.isActiveWindow)
    qtbot.keyClick(desk.panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert desk.panel.form is not None and desk.panel.form.command == "dispatch"

    world.service().act("disp2", case_a, "dispatch", department="szsr")
    qtbot.waitUntil(lambda: desk.panel.form is not None and desk.panel.form.is_stale, timeout=10_000)

    before = {case_id: stored(world, case_id).version for case_id in world.dispatching + world.handling}
    with qtbot.assertNotEmitted(desk.panel.sig_action_requested), \
            qtbot.assertNotEmitted(desk.session.commands.sig_busy):
        qtbot.keyClick(desk.panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert {case_id: stored(world, case_id).version for case_id in before} == before
    assert stored(world, case_a).department_code == "szsr" and stored(world, case_a).dispatch_count == 1
    assert stored(world, below).status is Status.DISPATCHING
    form = desk.panel.form
    assert form is not None and not form.confirm_button.isEnabled()
    number = stored(world, case_a).number
    assert number in form.notice_label.text() and "disp2" in form.notice_label.text()
    assert desk.panel.case_id == case_a and desk.presenter.selected == case_a
    assert desk.queues.current_case_id() is None


def test_a_conflict_names_who_changed_the_case_and_refreshes(qtbot, desk, world):
    case_id = world.dispatching[2]   # E0106, default ylyh
    seen_version = desk.session.picture.cases[case_id].version
    desk.board.sig_dispatch_requested.emit(case_id, seen_version, "ylyh", "")
    world.service().act("disp2", case_id, "dispatch", department="szsr")   # another desk wins meanwhile
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: "disp2" in desk.message_bar.text(), timeout=5000)
    assert desk.message_bar.level == "error"
    assert "disp2" in desk.board.columns["ylyh"].refusal_label.text()
    assert stored(world, case_id).department_code == "szsr"
    qtbot.waitUntil(lambda: desk.queues.model("handle").row_of(case_id) is not None, timeout=5000)


def test_clicking_a_grid_cell_filters_the_queues_to_it(qtbot, desk, world):
    grid = stored(world, world.dispatching[0]).grid_code
    desk.map_view.sig_cell_clicked.emit(grid)
    qtbot.waitUntil(lambda: desk.queues.model("dispatch").rowCount() == 1)
    assert desk.presenter.grid_filter == grid
    desk.presenter.set_grid_filter(None)
    qtbot.waitUntil(lambda: desk.queues.model("dispatch").rowCount() == 3)


def test_help_lists_the_shortcuts(desk, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_shortcuts", lambda parent, rows: shown.append(rows))
    help_action = next(a for a in desk._shortcut_actions if a.shortcut().toString() == "F1")
    help_action.trigger()
    keys = {keys for keys, _ in shown[0]}
    assert {"Ctrl+D", "Ctrl+Z", "F5", "F1"} <= keys
    rows = dict(shown[0])
    assert rows["Alt+1"] == desk.context.queue_name(QUEUES[0].key)     # the queue's name, not "Queue 1"
    assert rows["Alt+2"] == desk.context.queue_name(QUEUES[1].key)


@pytest.mark.parametrize("user_name, interactive, queue", [("boss", False, "handle"), ("cg", False, "handle"),
                                                           ("taker", False, "intake")])
def test_the_desk_is_shaped_by_the_role(qtbot, world, tmp_path, user_name, interactive, queue):
    window = open_desk(qtbot, world.url, user_name, tmp_path / "desk.ini")
    try:
        assert window.queues.current_queue() == queue
        assert all(c.interactive is interactive for c in window.board.columns.values())
        if user_name == "cg":   # a department operator sees its own department's cases only
            qtbot.waitUntil(lambda: window.queues.model("handle").rowCount() == 0)
        case_id = world.dispatching[0]
        window.presenter.select_case(case_id)
        if user_name == "boss":   # the leader's desk is read-only
            assert window.panel.action_commands() == []
        window.board.sig_dispatch_requested.emit(case_id, 3, "cgzf", "")
        assert window.dispatch.pending is None
    finally:
        close_desk(window)


def test_the_desk_never_touches_the_database_on_the_gui_thread(qtbot, desk, world):
    import threading

    from sqlalchemy import event

    on_gui_thread = []

    def watch(conn, cursor, statement, *args):
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append(statement)

    engine = desk.session.store.engine
    event.listen(engine, "before_cursor_execute", watch)
    try:
        case_id = world.dispatching[0]
        desk.presenter.select_case(case_id)
        desk.board.sig_dispatch_requested.emit(case_id, desk.session.picture.cases[case_id].version, "cgzf", "")
        desk.dispatch.commit_now()
        qtbot.waitUntil(lambda: desk.queues.model("handle").row_of(case_id) is not None, timeout=5000)
        desk.presenter.select_case(case_id)   # its history, now with the dispatch, is read again
        qtbot.waitUntil(lambda: desk.panel.timeline.topLevelItemCount() == 4, timeout=5000)
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert on_gui_thread == []


@pytest.mark.parametrize("queue", ["dispatch", "handle"])
def test_at_1600_by_900_the_queue_shows_number_countdown_class_place_and_tier(qtbot, desk, queue):
    from widgets.queue_rows import COL

    assert (desk.width(), desk.height()) == (1600, 900)
    desk.queues.setCurrentIndex(QUEUE_KEYS.index(queue))
    view = desk.queues.view(queue)
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() > 0)
    header = view.horizontalHeader()
    assert header.visualIndex(COL["countdown"]) == header.visualIndex(COL["number"]) + 1
    width = view.viewport().width()
    for name in ("number", "countdown", "class", "place", "tier"):
        column = COL[name]
        left = header.sectionViewportPosition(column)
        assert not view.isColumnHidden(column) and left >= 0
        assert left + header.sectionSize(column) <= width, f"{name} is cut off at {width} px"
        index = view.model().index(0, column)
        assert view.viewport().rect().contains(view.visualRect(index))
    assert view.horizontalScrollBar().value() == 0


def test_queue_column_widths_are_the_operators_own(qtbot, world, tmp_path):
    from PySide6.QtWidgets import QHeaderView

    from widgets.queue_rows import COL

    settings = tmp_path / "desk.ini"
    window = open_desk(qtbot, world.url, "disp", settings)
    header = window.queues.view("dispatch").horizontalHeader()
    assert header.sectionResizeMode(COL["class"]) is QHeaderView.ResizeMode.Interactive
    fitted = header.sectionSize(COL["class"])
    header.resizeSection(COL["class"], fitted + 77)
    close_desk(window)

    again = open_desk(qtbot, world.url, "disp", settings)
    try:
        assert again.queues.view("dispatch").horizontalHeader().sectionSize(COL["class"]) == fitted + 77
    finally:
        close_desk(again)
    other = open_desk(qtbot, world.url, "disp2", settings)
    try:
        assert other.queues.view("dispatch").horizontalHeader().sectionSize(COL["class"]) == fitted
    finally:
        close_desk(other)


def test_queue_tab_titles_keep_their_counts_visible(qtbot, desk):
    from PySide6.QtCore import Qt

    tabs = desk.queues
    assert tabs.elideMode() is Qt.TextElideMode.ElideNone and tabs.usesScrollButtons()
    bar = tabs.tabBar()
    for index in range(tabs.count()):
        if tabs.isTabVisible(index):   # 待定位 is hidden from a dispatcher
            assert bar.tabRect(index).width() >= bar.fontMetrics().horizontalAdvance(tabs.tabText(index))
