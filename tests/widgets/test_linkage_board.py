"""The linkage board follows the picture and turns drops into dispatch requests."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
from widgets.case_drag import MIME_CASE
from widgets.linkage_board import LinkageBoard

pytestmark = pytest.mark.gui


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def board(qtbot, world):
    widget = LinkageBoard(world.signals, world.context)
    qtbot.addWidget(widget)
    widget.resize(1600, 320)
    return widget


def _mime(case_id: int, version: int, department: str | None) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_CASE, json.dumps({"case_id": case_id, "version": version,
                                        "department": department}).encode())
    return mime


def _drop(column, mime: QMimeData) -> QDropEvent:
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    point = QPointF(20, 60)
    enter = QDragEnterEvent(point.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    column.dragEnterEvent(enter)
    drop = QDropEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    column.dropEvent(drop)
    return drop


def test_one_column_per_department_with_its_cases_as_cards(world, board):
    assert list(board.columns) == [d.code for d in world.context.departments]
    case_id = world.being_handled(department="cgzf")
    column = board.columns["cgzf"]
    assert column.visible_case_ids() == [case_id]
    assert "open 1" in column.stats_label.text()
    assert board.columns["szsr"].visible_case_ids() == []


def test_dispatch_redispatch_and_done_move_cards_and_counts(world, board):
    case_id = world.waiting_for_dispatch()
    assert board.department_case_ids("zlsw") == set()
    world.scenario.step(case_id, "dispatch", at(10, 0), department="zlsw")
    assert board.columns["zlsw"].visible_case_ids() == [case_id]
    world.scenario.step(case_id, "redispatch", at(10, 5), department="cgzf", reason="城管负责")
    assert board.columns["zlsw"].visible_case_ids() == []
    assert board.columns["cgzf"].visible_case_ids() == [case_id]
    world.scenario.step(case_id, "report_done", at(11, 0))
    assert board.columns["cgzf"].visible_case_ids() == []
    assert "open 0" in board.columns["cgzf"].stats_label.text()


def test_counts_overdue_and_todays_on_time_rate(world, board, qtbot):
    done = world.being_handled(department="zlsw", dispatched=at(9, 0))   # 4 working hours: due 14:30
    late = world.being_handled(department="zlsw", dispatched=at(9, 0))
    world.scenario.step(done, "report_done", at(11, 0))
    world.now(at(14, 45))
    world.scenario.step(late, "report_done", at(14, 45))                  # handled late
    world.being_handled(department="zlsw", dispatched=at(9, 0))          # open and overdue
    stats = board.columns["zlsw"].stats_label
    qtbot.waitUntil(lambda: "on time 50%" in stats.text())
    assert "overdue 1" in stats.text()
    assert "open 1" in stats.text()


def test_cards_are_sorted_overdue_first_and_every_one_is_reachable(world, board, qtbot):
    ids = [world.being_handled(department="cgzf", class_code=BILLBOARD, grid=i % 16,
                               dispatched=at(9, i % 50)) for i in range(73)]
    column = board.columns["cgzf"]
    shown = column.visible_case_ids()
    assert sorted(shown) == sorted(ids)   # no cap: a card for every case in hand
    deadlines = [world.picture.cases[i].stage_deadline for i in shown]
    assert deadlines == sorted(deadlines)
    # The last card scrolls into view when its case is selected.
    board.show()
    qtbot.waitExposed(board)
    last = shown[-1]
    assert last not in column.case_ids_in_view()
    board.select_case(last)
    assert last in column.case_ids_in_view() and column.card_of(last).selected


def test_drop_from_a_queue_requests_a_dispatch(world, board, qtbot):
    case_id = world.waiting_for_dispatch()
    version = world.picture.cases[case_id].version
    with qtbot.waitSignal(board.sig_dispatch_requested) as request:
        drop = _drop(board.columns["cgzf"], _mime(case_id, version, None))
    assert drop.isAccepted()
    assert request.args == [case_id, version, "cgzf", ""]


def test_drop_from_another_column_requests_a_redispatch(world, board, qtbot):
    case_id = world.being_handled(department="szsr")
    version = world.picture.cases[case_id].version
    card = board.columns["szsr"].card_of(case_id)
    assert card is not None and card.draggable
    with qtbot.waitSignal(board.sig_dispatch_requested) as request:
        _drop(board.columns["ylyh"], _mime(case_id, version, "szsr"))
    assert request.args == [case_id, version, "ylyh", "szsr"]


def test_drops_on_the_own_column_or_when_read_only_are_ignored(world, board, qtbot):
    case_id = world.being_handled(department="szsr")
    with qtbot.assertNotEmitted(board.sig_dispatch_requested):
        assert not _drop(board.columns["szsr"], _mime(case_id, 3, "szsr")).isAccepted()
        board.set_interactive(False)
        assert not _drop(board.columns["cgzf"], _mime(case_id, 3, "szsr")).isAccepted()
    assert not board.columns["szsr"].card_of(case_id).draggable


def test_drag_over_a_column_highlights_it(world, board):
    column = board.columns["cgzf"]
    mime = _mime(1, 1, None)  # the event does not own its mime data
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    column.dragEnterEvent(enter)
    assert column.property("dropTarget") is True
    column.dragLeaveEvent(None)
    assert column.property("dropTarget") is False


def test_refusal_is_shown_in_the_column(world, board):
    board.show()
    board.show_refusal("cgzf", "Only dispatchers may dispatch")
    label = board.columns["cgzf"].refusal_label
    assert label.isVisible()
    assert label.text() == "Only dispatchers may dispatch"
    assert not board.columns["szsr"].refusal_label.isVisible()


def test_undo_bar_counts_down_and_asks_for_undo(world, board, qtbot):
    board.show()
    case_id = world.waiting_for_dispatch()
    with qtbot.waitSignal(board.sig_dispatch_requested):
        _drop(board.columns["zlsw"], _mime(case_id, 3, None))
    board.show_undo("Dispatched to the water group", 5)
    assert board.undo_bar.isVisible()
    assert board.undo_bar.button.text() == "Undo (5)"
    with qtbot.waitSignal(board.sig_undo_requested) as undo:
        board.undo_bar.button.click()
    assert undo.args == [case_id]
    assert not board.undo_bar.isVisible()


def test_clicking_a_card_selects_its_case(world, board, qtbot):
    case_id = world.being_handled(department="cgzf", class_code=MANHOLE)
    other = world.being_handled(department="szsr")
    board.show()
    qtbot.waitExposed(board)
    card = board.columns["cgzf"].card_of(case_id)
    with qtbot.waitSignal(board.sig_case_selected) as selected:
        qtbot.mouseClick(board.columns["cgzf"].view.viewport(), Qt.MouseButton.LeftButton,
                         pos=card.visual_rect().center())
    assert selected.args == [case_id]
    assert card.selected and not board.columns["szsr"].card_of(other).selected


def test_a_long_column_lists_every_case_and_selecting_one_far_down_scrolls_to_it(world, board, qtbot):
    ids = [world.being_handled(department="cgzf", grid=i % 16, dispatched=at(9, i % 50)) for i in range(45)]
    column = board.columns["cgzf"]
    assert sorted(column.visible_case_ids()) == sorted(ids)   # no page, no "+N more"
    assert "open 45" in column.stats_label.text()
    assert board.department_case_ids("cgzf") == set(ids)
    board.show()
    qtbot.waitExposed(board)
    far = column.visible_case_ids()[40]
    assert far not in column.case_ids_in_view()
    board.select_case(far)                                   # chosen in a queue
    qtbot.waitUntil(lambda: far in column.case_ids_in_view())
    assert column.card_of(far).selected
