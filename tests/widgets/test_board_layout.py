"""The linkage board on a real desk: the selected case's department first, then the operator's
pinned ones, then by load; columns that fill the width; auto-scroll while a case is held near
an edge; the drop goes to the column under the mouse when it is released."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, make_world
from widgets.board_parts import MIN_COLUMN_WIDTH
from widgets.case_drag import MIME_CASE
from widgets.linkage_board import LinkageBoard

pytestmark = pytest.mark.gui
ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
NO_BUTTONS, NO_KEYS = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def board(qtbot, world):
    widget = LinkageBoard(world.signals, world.context)
    qtbot.addWidget(widget)
    widget.resize(1200, 320)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


_ALIVE: list[QMimeData] = []   # a drag event does not own its mime data: keep it alive


def mime(case_id: int, version: int = 1) -> QMimeData:
    data = QMimeData()
    _ALIVE.append(data)
    data.setData(MIME_CASE, json.dumps({"case_id": case_id, "version": version, "department": None}).encode())
    return data


def visible_codes(board) -> list[str]:
    viewport = board._scroll.viewport()
    shown = []
    for code in board.order():
        column = board.columns[code]
        left = column.mapTo(viewport, QPoint(0, 0)).x()
        if left >= 0 and left + column.width() <= viewport.width():
            shown.append(code)
    return shown


def test_departments_by_load_then_the_selected_cases_default_first(world, board):
    for _ in range(3):
        world.being_handled(department="gaj")
    for _ in range(2):
        world.being_handled(department="swj")
    world.being_handled(department="jtw")
    board._reset()   # (the board reorders on a reset or a new selection, never under a moving mouse)
    assert board.order()[:3] == ["gaj", "swj", "jtw"]
    waiting = world.waiting_for_dispatch(class_code=MANHOLE)      # its class goes to zlsw
    board.select_case(waiting)
    assert board.order()[:4] == ["zlsw", "gaj", "swj", "jtw"]
    assert visible_codes(board)[0] == "zlsw"
    other = world.waiting_for_dispatch(class_code=BILLBOARD)      # → cgzf
    board.select_case(other)
    assert board.order()[:4] == ["cgzf", "gaj", "swj", "jtw"]
    # What the operator sees, left to right, is that order.
    xs = [board.columns[c].mapTo(board, QPoint(0, 0)).x() for c in board.order()]
    assert xs == sorted(xs)


def test_pinned_departments_keep_the_operators_order(world, board, qtbot):
    world.being_handled(department="gaj")
    board._reset()
    saved = []
    board.sig_pinned_changed.connect(saved.append)
    board._pin("rlgs", True)
    board._pin("txgs", True)
    board._move_pinned("txgs", -1)
    assert board.pinned() == ["txgs", "rlgs"]
    assert board.order()[:3] == ["txgs", "rlgs", "gaj"]
    assert board.columns["txgs"].name_label.text().startswith("★")
    board.select_case(world.waiting_for_dispatch(class_code=BILLBOARD))
    assert board.order()[:3] == ["cgzf", "txgs", "rlgs"]
    board.set_pinned([])
    assert board.order()[:2] == ["cgzf", "gaj"]
    assert saved == [["rlgs"], ["rlgs", "txgs"], ["txgs", "rlgs"]]   # what the desk saves for the operator


@pytest.mark.parametrize("width", [700, 1200, 1900, 3300])
def test_columns_fill_the_width_and_are_never_narrower_than_the_minimum(qtbot, board, width):
    board.resize(width, 320)
    viewport = board._scroll.viewport()
    qtbot.waitUntil(lambda: viewport.width() > 0 and len(visible_codes(board)) > 0)
    widths = {c.width() for c in board.columns.values()}
    assert len(widths) == 1 and widths.pop() >= MIN_COLUMN_WIDTH
    shown = visible_codes(board)
    used = sum(board.columns[c].width() for c in shown) + 4 * (len(shown) - 1)
    assert viewport.width() - used <= 4 + MIN_COLUMN_WIDTH // len(shown) + len(shown)   # whole columns, no gap
    if width < 15 * MIN_COLUMN_WIDTH:
        assert board.horizontal_bar().maximum() > 0    # the others are a scroll away
    else:
        assert len(shown) == 15


def drag_move(board, x: int, case_id: int, kind=QDragMoveEvent) -> QDragMoveEvent:
    """A drag at ``x`` in the board's viewport, sent to the board's row like Qt sends it."""
    row = board.row
    point = row.mapFrom(board._scroll.viewport(), QPoint(x, 60))
    event = kind(point, ACTIONS, mime(case_id), NO_BUTTONS, NO_KEYS)
    QApplication.sendEvent(row, event)
    return event


def test_holding_a_case_near_the_right_edge_scrolls_the_board_then_the_left_edge_back(world, board, qtbot):
    case_id = world.waiting_for_dispatch()
    bar = board.horizontal_bar()
    assert bar.maximum() > 0 and bar.value() == 0
    width = board._scroll.viewport().width()
    drag_move(board, width // 2, case_id, QDragEnterEvent)
    drag_move(board, width // 2, case_id)
    assert board.row.autoscrolling == 0 and bar.value() == 0     # the middle does not scroll
    drag_move(board, width - 5, case_id)
    assert board.row.autoscrolling == 1
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=10_000)
    qtbot.waitUntil(lambda: board.row.autoscrolling == 0)         # stops at the end
    drag_move(board, 5, case_id)
    qtbot.waitUntil(lambda: bar.value() == 0, timeout=10_000)
    drag_move(board, width - 5, case_id)
    qtbot.waitUntil(lambda: bar.value() > 0)
    drag_move(board, width // 2, case_id)                         # moving away stops it
    stopped = bar.value()
    assert board.row.autoscrolling == 0
    qtbot.wait(100)   # (a wait for something that must NOT happen: the bar stays)
    assert bar.value() == stopped
    QApplication.sendEvent(board.row, QDragLeaveEvent())


def test_a_drop_goes_to_the_column_under_the_mouse_at_release(world, board, qtbot):
    case_id = world.waiting_for_dispatch()
    bar = board.horizontal_bar()
    width = board._scroll.viewport().width()
    drag_move(board, width // 2, case_id, QDragEnterEvent)
    drag_move(board, width - 3, case_id)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=10_000)
    last = board.order()[-1]
    column = board.columns[last]
    x = column.mapTo(board._scroll.viewport(), QPoint(column.width() // 2, 0)).x()
    drag_move(board, x, case_id)
    assert column.property("dropTarget") is True
    with qtbot.waitSignal(board.sig_dispatch_requested) as request:
        point = QPointF(board.row.mapFrom(board._scroll.viewport(), QPoint(x, 60)))
        QApplication.sendEvent(board.row, QDropEvent(point, ACTIONS, mime(case_id), NO_BUTTONS, NO_KEYS))
    assert request.args[0] == case_id and request.args[2] == last
    assert column.property("dropTarget") is False


def test_a_drop_between_columns_or_on_a_read_only_board_dispatches_nothing(world, board, qtbot):
    case_id = world.waiting_for_dispatch()
    requests = []
    board.sig_dispatch_requested.connect(lambda *args: requests.append(args))
    first, second = (board.columns[c] for c in board.order()[:2])
    qtbot.waitUntil(lambda: second.x() - (first.x() + first.width()) == 4)
    gap = QPointF(second.x() - 2, 60)
    QApplication.sendEvent(board.row, QDragEnterEvent(gap.toPoint(), ACTIONS, mime(case_id), NO_BUTTONS, NO_KEYS))
    drop = QDropEvent(gap, ACTIONS, mime(case_id), NO_BUTTONS, NO_KEYS)
    QApplication.sendEvent(board.row, drop)
    assert board.row.childAt(gap.toPoint()) is None and requests == []
    board.set_interactive(False)
    inside = QPointF(board.row.mapFrom(second, QPoint(20, 60)))
    QApplication.sendEvent(board.row, QDragEnterEvent(inside.toPoint(), ACTIONS, mime(case_id), NO_BUTTONS, NO_KEYS))
    QApplication.sendEvent(board.row, QDropEvent(inside, ACTIONS, mime(case_id), NO_BUTTONS, NO_KEYS))
    assert requests == []


def test_a_card_scrolled_into_view_shows_the_countdown_of_now(world, board, qtbot):
    from tests.widgets.desk_helpers import at

    ids = [world.being_handled(department="cgzf", grid=i % 16, dispatched=at(9, i)) for i in range(40)]
    column = board.columns["cgzf"]
    world.now(at(11, 7))
    board._on_tick()
    last = column.card_of(column.visible_case_ids()[-1])
    qtbot.waitUntil(lambda: last.visual_rect().y() > column.view.viewport().height())   # laid out
    assert last not in column.cards_in_view()
    column.ensure_visible(last)
    qtbot.waitUntil(lambda: last in column.cards_in_view())
    case = world.picture.cases[last.case.id]
    assert last.case.id in ids and last.countdown == world.context.countdown(case, world.picture.now())[2]


def test_the_board_order_rules():
    from widgets.board_order import department_order, move_onto, move_pinned, pin

    codes = ["a", "b", "c", "d", "e"]
    load = {"c": 5, "e": 5, "b": 1}
    assert department_order(codes, load, None, []) == ["c", "e", "b", "a", "d"]   # by load, ties by catalogue
    assert department_order(codes, load, "d", []) == ["d", "c", "e", "b", "a"]
    assert department_order(codes, load, "d", ["a", "e"]) == ["d", "a", "e", "c", "b"]
    assert department_order(codes, load, "a", ["a", "e"]) == ["a", "e", "c", "b", "d"]   # never twice
    assert department_order(codes, load, "zz", ["gone"]) == ["c", "e", "b", "a", "d"]
    assert pin(["a"], "b", True) == ["a", "b"] and pin(["a", "b"], "a", False) == ["b"]
    assert move_pinned(["a", "b", "c"], "c", -1) == ["a", "c", "b"]
    assert move_pinned(["a", "b"], "a", -1) == ["a", "b"]
    assert move_onto(["a", "b"], "d", "b") == ["a", "d", "b"]
    assert move_onto(["a", "b"], "d", "e") == ["a", "b", "d"]
    assert move_onto(["a", "b"], "a", "b") == ["a", "b"] and move_onto(["a", "b"], "b", "a") == ["b", "a"]


def test_dragging_a_department_by_its_name_onto_another_column_pins_it_there(world, board, qtbot):
    from widgets.board_drop import MIME_DEPARTMENT

    board._pin("gaj", True)
    saved = []
    board.sig_pinned_changed.connect(saved.append)
    data = QMimeData()
    data.setData(MIME_DEPARTMENT, b"rlgs")
    _ALIVE.append(data)
    target = board.columns["gaj"]
    point = QPointF(board.row.mapFrom(target, QPoint(30, 60)))
    QApplication.sendEvent(board.row, QDragEnterEvent(point.toPoint(), ACTIONS, data, NO_BUTTONS, NO_KEYS))
    QApplication.sendEvent(board.row, QDragMoveEvent(point.toPoint(), ACTIONS, data, NO_BUTTONS, NO_KEYS))
    assert target.property("dropTarget") is True
    QApplication.sendEvent(board.row, QDropEvent(point, ACTIONS, data, NO_BUTTONS, NO_KEYS))
    assert saved == [["rlgs", "gaj"]] and board.order()[:2] == ["rlgs", "gaj"]
    assert target.property("dropTarget") is False
