"""The linkage board's columns are virtual lists: 20,000 cases in hand cost no widget per case, a
live event moves single rows (no reset), a case far down is scrolled to and drawn selected, the
cards are painted in their deadline's colour, and the keyboard walks the cards."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
from widgets.linkage_board import LinkageBoard
from widgets.palette import STATE_COLORS

pytestmark = pytest.mark.gui

MANY = 20_000


def _board(qtbot, world, width=1600, height=420) -> LinkageBoard:
    board = LinkageBoard(world.signals, world.context)
    qtbot.addWidget(board)
    board.resize(width, height)
    board.show()
    qtbot.waitExposed(board)
    return board


def _one_card(qtbot):
    """A board with one case in hand at cgzf: (world, case id, its column, the column's viewport,
    the middle of its card there)."""
    world = make_world()
    case_id = world.being_handled(department="cgzf", class_code=BILLBOARD)
    column = _board(qtbot, world).columns["cgzf"]
    viewport = column.view.viewport()
    return world, case_id, column, viewport, column.card_of(case_id).visual_rect().center()


def _fill(world, department: str, count: int) -> list[int]:
    """``count`` copies of a case in hand at ``department`` (own id, number and deadline spread
    over two days), loaded as the picture's reset would: the board sees them all at once."""
    model = world.picture.cases[world.being_handled(department=department)]
    now = world.picture.now()
    clones = [replace(model, id=1_000_000 + i, number=f"20261124{900000 + i:06d}"[-14:],
                      stage_deadline=now + timedelta(minutes=(i * 7919) % 2880 - 600)) for i in range(count)]
    world.picture.reset(list(world.picture.cases.values()) + clones, world.picture.last_seq)
    return [c.id for c in clones]


def _events(model) -> Counter:
    seen = Counter()
    model.modelAboutToBeReset.connect(lambda: seen.update(["reset"]))
    model.rowsInserted.connect(lambda _p, first, last: seen.update({"inserted": last - first + 1}))
    model.rowsRemoved.connect(lambda _p, first, last: seen.update({"removed": last - first + 1}))
    model.dataChanged.connect(lambda *_a: seen.update(["changed"]))
    return seen


def test_a_column_of_20000_cases_makes_no_widget_per_case_and_a_live_event_moves_one_row(qtbot):
    world = make_world()
    board = _board(qtbot, world)
    widgets_before = len(board.findChildren(QWidget))
    ids = _fill(world, "cgzf", MANY)
    column = board.columns["cgzf"]
    assert column.model.rowCount() == MANY + 1
    assert f"open {MANY + 1}" in column.stats_label.text()
    assert len(board.findChildren(QWidget)) == widgets_before          # no card widgets at all
    shown = column.case_ids_in_view()
    assert 0 < len(shown) < 20                                          # a dozen cards painted
    deadlines = [world.picture.cases[i].stage_deadline for i in column.visible_case_ids()[:500]]
    assert deadlines == sorted(deadlines)
    seen = _events(column.model)
    new = world.being_handled(department="cgzf", dispatched=at(9, 50))   # a live dispatch
    assert seen == Counter({"inserted": 1}) and column.model.rowCount() == MANY + 2
    assert f"open {MANY + 2}" in column.stats_label.text()
    world.scenario.step(new, "report_done", at(10, 0))                   # handled: it leaves
    assert seen == Counter({"inserted": 1, "removed": 1})
    assert new not in board.department_case_ids("cgzf")
    assert len(board.findChildren(QWidget)) == widgets_before
    assert set(ids) <= board.department_case_ids("cgzf")


def test_a_selected_case_far_down_a_long_column_is_scrolled_into_view_and_drawn_selected(qtbot):
    world = make_world()
    board = _board(qtbot, world)
    _fill(world, "cgzf", MANY)
    column = board.columns["cgzf"]
    far = column.visible_case_ids()[MANY * 3 // 4]
    assert far not in column.case_ids_in_view()
    board.select_case(far)
    qtbot.waitUntil(lambda: far in column.case_ids_in_view())
    card = column.card_of(far)
    assert card.selected
    rect = card.visual_rect()
    height = column.view.viewport().height()
    assert height // 4 < rect.center().y() < height * 3 // 4      # brought to the middle of the list
    image = column.view.viewport().grab().toImage()
    # The selection's blue frame on the card's top edge, where an unselected card is grey.
    top = [image.pixelColor(x, rect.top() + 1) for x in range(rect.left() + 20, rect.right() - 20, 8)]
    assert all(c.blue() > 180 and c.red() < 100 for c in top), [c.name() for c in top]
    board.select_case(None)
    assert not card.selected


def test_a_card_is_painted_in_its_deadlines_colour(qtbot):
    world = make_world()
    late = world.being_handled(department="zlsw", dispatched=at(9, 0, day=23))   # 4 working hours: overdue
    fresh = world.being_handled(department="zlsw", dispatched=at(9, 59))
    board = _board(qtbot, world)
    column = board.columns["zlsw"]
    assert column.card_of(late).state == "overdue" and column.card_of(fresh).state == "on_time"
    qtbot.waitUntil(lambda: column.view.viewport().height() > 100)
    image = column.view.viewport().grab().toImage()
    for case_id, background in ((late, "#fce8e6"), (fresh, "#ffffff")):
        card = column.card_of(case_id)
        rect = card.visual_rect()
        strip = image.pixelColor(rect.left() + 3, rect.center().y())     # the deadline's bar on the left
        assert strip == QColor(STATE_COLORS[card.state]), (card.state, strip.name())
        inside = image.pixelColor(rect.center().x(), rect.bottom() - 4)
        assert inside == QColor(background), (card.state, inside.name())


def test_the_keyboard_walks_a_column_and_steps_to_the_next_one(qtbot):
    world = make_world()
    first = world.being_handled(department="cgzf", class_code=BILLBOARD, dispatched=at(9, 10))
    second = world.being_handled(department="cgzf", class_code=BILLBOARD, dispatched=at(9, 20))
    board = _board(qtbot, world)
    world.being_handled(department="zlsw", class_code=MANHOLE, dispatched=at(9, 30))
    board._reset()
    chosen = []
    board.sig_case_selected.connect(chosen.append)
    view = board.columns["cgzf"].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert chosen == [first, second] and board.columns["cgzf"].card_of(second).selected
    neighbour = board.order()[board.order().index("cgzf") + 1]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert chosen[-1] in board.department_case_ids(neighbour)
    assert board.columns[neighbour].card_of(chosen[-1]).selected
    assert not board.columns["cgzf"].card_of(second).selected


def test_hovering_a_card_tells_its_description_with_contacts_masked_on_a_masked_desk(qtbot):
    world = make_world(mask_personal_data=True)
    case_id = world.scenario.report(at(9, 0), MANHOLE, description="井盖缺失，联系13812345678",
                                    reporter_name="张三", reporter_phone="13812345678")
    world.scenario.step(case_id, "accept", at(9, 5))
    world.scenario.step(case_id, "register", at(9, 10))
    world.scenario.step(case_id, "dispatch", at(9, 20), department="zlsw")
    board = _board(qtbot, world)
    column = board.columns["zlsw"]
    index = column.model.index(column.row_of(case_id))
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    shown = index.data(Qt.ItemDataRole.DisplayRole)
    assert "井盖缺失" in tip and "13812345678" not in tip and "5678" in tip
    assert "张三" not in tip + shown and "1381234" not in shown


def test_dragging_a_card_carries_its_case_and_a_read_only_board_starts_no_drag(qtbot, monkeypatch):
    from widgets import board_list
    from widgets.case_drag import read_case_mime

    world = make_world()
    case_id = world.being_handled(department="szsr")
    board = _board(qtbot, world)
    column = board.columns["szsr"]
    carried = []

    class FakeDrag:   # QDrag.exec would wait for a real mouse; record what it would carry
        def __init__(self, _source):
            self.mime = None

        def setMimeData(self, mime):  # noqa: N802
            self.mime = mime

        def setPixmap(self, pixmap):  # noqa: N802
            assert not pixmap.isNull()

        def setHotSpot(self, _point):  # noqa: N802
            pass

        def exec(self, *_args):
            carried.append(read_case_mime(self.mime))

    monkeypatch.setattr(board_list, "QDrag", FakeDrag)
    centre = column.card_of(case_id).visual_rect().center()
    viewport = column.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(viewport, centre + QPoint(40, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=centre + QPoint(40, 0))
    assert carried == [{"case_id": case_id, "version": world.picture.cases[case_id].version, "department": "szsr"}]
    board.set_interactive(False)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(viewport, centre + QPoint(40, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=centre + QPoint(40, 0))
    assert len(carried) == 1


def test_hovering_a_card_shows_its_tooltip(qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    world, case_id, column, viewport, point = _one_card(qtbot)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == world.picture.cases[case_id].description
    QToolTip.hideText()


def test_a_thousand_live_events_on_100k_open_cases_never_reset_a_column(qtbot):
    from tests.widgets.test_city_scale import city_picture, live_events
    from widgets.linkage_board import ON_BOARD
    from widgets.live import SituationSignals

    context, picture = city_picture(100_000)
    board = LinkageBoard(SituationSignals(picture), context)
    qtbot.addWidget(board)
    board.resize(1920, 330)
    board.show()
    qtbot.waitExposed(board)
    widgets = len(board.findChildren(QWidget))
    seen = {code: _events(column.model) for code, column in board.columns.items()}
    events = live_events(picture, context, 1000)
    for i in range(0, len(events), 5):
        picture.apply(events[i:i + 5])
    assert not any(s["reset"] for s in seen.values())
    assert sum(s["removed"] for s in seen.values()) == 800      # 800 cases reported done left the board
    for department in context.departments:
        column = board.columns[department.code]
        on_board = [c for c in picture.cases.values() if c.status in ON_BOARD and c.department_code == department.code]
        assert column.model.rowCount() == len(on_board)
        assert f"open {len(on_board)}" in column.stats_label.text()
    assert len(board.findChildren(QWidget)) == widgets


def test_right_clicking_a_columns_cards_opens_the_columns_menu(qtbot):
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    _world, _case_id, column, viewport, point = _one_card(qtbot)
    with qtbot.waitSignal(column.sig_menu_requested) as asked:
        QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                           viewport.mapToGlobal(point)))
    assert asked.args[0] == "cgzf"




def test_a_chinese_board_reads_in_chinese(qtbot, chinese, tmp_path):
    world = make_world(lang="zh")
    suspended = world.being_handled(department="cgzf", class_code=BILLBOARD)
    world.scenario.step(suspended, "request_suspension", at(9, 50), reason="待审批")
    world.scenario.step(suspended, "decide_suspension", at(9, 55), approve=True)
    late = world.being_handled(department="cgzf", class_code=MANHOLE, dispatched=at(9, 0, day=23))
    board = _board(qtbot, world)
    column = board.columns["cgzf"]
    assert "在办 2" in column.stats_label.text() and "超期" in column.stats_label.text()
    assert column.card_of(suspended).tag == "挂账"
    assert column.card_of(late).countdown.startswith("超期")
    assert "井盖" in column.card_of(late).detail           # the class in Chinese


def test_a_department_name_too_long_for_its_column_shows_its_short_form_and_the_full_one_on_hover(qtbot):
    """A narrow board (many departments, a small screen) names each column in full where that
    fits, else in its short form ("Mun. Admin. & Appear."), never cut while the short one fits."""
    from PySide6.QtGui import QFont, QFontMetrics

    world = make_world()
    board = _board(qtbot, world, width=900)
    for column in board.columns.values():
        shown, full = column.name_label.text(), column.name
        assert column.name_label.toolTip() == full
        bold = QFont(column.name_label.font())
        bold.setBold(True)
        fits = QFontMetrics(bold).horizontalAdvance(column.short_name) <= column.width() - 12
        assert shown in (full, column.short_name) or not fits, (shown, full)
        assert not shown.endswith("…") or not fits
    assert any(column.name_label.text() == column.short_name != column.name for column in board.columns.values())
