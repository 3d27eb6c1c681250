"""A case dropped from the dispatch queue onto a department's list of cards on a real desk is
dispatched there through the service (written to the database with its event), and its card
appears in that column; dropped from one column onto another, it is re-dispatched."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from commandcenter.case import Status  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from ui.desk import dialogs  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]
ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=2, handling=1)


@pytest.fixture
def desk(qtbot, world, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_redispatch_reason", lambda *a: "不属本单位职责")
    monkeypatch.setattr(dialogs, "confirm_other_department", lambda *a: True)
    window = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini")
    yield window
    close_desk(window)


def _drop_on_cards(board, code: str, mime) -> None:
    """Enter, move and drop at the middle of the column's list of cards, as Qt delivers a drag
    to the board (the row under the lists takes it)."""
    column = board.columns[code]
    board.scroll_to_department(code)
    view = column.view.viewport()
    point = QPointF(view.mapTo(board.row, QPoint(view.width() // 2, view.height() // 2)))
    row = board.row
    QApplication.sendEvent(row, QDragEnterEvent(point.toPoint(), ACTIONS, mime, Qt.MouseButton.LeftButton,
                                                 Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(row, QDragMoveEvent(point.toPoint(), ACTIONS, mime, Qt.MouseButton.LeftButton,
                                               Qt.KeyboardModifier.NoModifier))
    assert column.property("dropTarget") is True
    QApplication.sendEvent(row, QDropEvent(point, ACTIONS, mime, Qt.MouseButton.LeftButton,
                                           Qt.KeyboardModifier.NoModifier))


def test_a_queue_row_dropped_on_a_columns_cards_is_dispatched_through_the_service(qtbot, desk, world):
    store = world.runtime.store
    case_id = world.dispatching[0]
    model = desk.queues.model("dispatch")
    qtbot.waitUntil(lambda: model.row_of(case_id) is not None, timeout=10_000)
    mime = model.mimeData([model.index(model.row_of(case_id), 0)])   # what a queue row's drag carries
    target = "szsr"
    _drop_on_cards(desk.board, target, mime)
    assert desk.dispatch.pending is not None and desk.board.undo_bar.isVisible()
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: store.case(case_id).status is Status.HANDLING, timeout=10_000)
    assert store.case(case_id).department_code == target
    assert store.events_of_case(case_id)[-1].type == "dispatch"
    column = desk.board.columns[target]
    qtbot.waitUntil(lambda: column.card_of(case_id) is not None, timeout=10_000)
    assert "open" in column.stats_label.text() and column.model.rowCount() == len(
        desk.board.department_case_ids(target))


def test_a_card_dropped_on_another_column_is_redispatched(qtbot, desk, world):
    from PySide6.QtCore import QMimeData

    from widgets.case_drag import MIME_CASE, case_mime_payload

    store = world.runtime.store
    case_id = world.handling[0]
    case = desk.session.picture.cases[case_id]
    source = case.department_code
    assert desk.board.columns[source].card_of(case_id) is not None
    target = next(code for code in ("cgzf", "szsr", "ylyh") if code != source)
    mime = QMimeData()
    mime.setData(MIME_CASE, case_mime_payload(case))    # what a card's drag carries (widgets.board_list)
    _drop_on_cards(desk.board, target, mime)
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: store.case(case_id).department_code == target, timeout=10_000)
    assert store.events_of_case(case_id)[-1].type == "redispatch"
    qtbot.waitUntil(lambda: desk.board.columns[target].card_of(case_id) is not None, timeout=10_000)
    assert desk.board.columns[source].card_of(case_id) is None
