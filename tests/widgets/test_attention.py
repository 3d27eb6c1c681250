"""A new urgent case gets noticed: it goes on top of its queue, its row and card flash for a few
seconds, the chime plays once, and it counts as unread until the operator selects it. The urgent
cases already there when the desk starts are known work, not news."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
from widgets.attention import UrgentAttention
from widgets.linkage_board import LinkageBoard
from widgets.palette import FLASH_COLOR, URGENT_COLOR
from widgets.queue_rows import COL
from widgets.queue_table import QueueTabs

pytestmark = pytest.mark.gui


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def desk(qtbot, world):
    """Queues and board over a picture that already holds an urgent and an overdue general case."""
    known = world.scenario.report(at(9, 50), MANHOLE, tier="urgent")
    late = world.scenario.report(at(8, 0), BILLBOARD)          # overdue in 待受理
    world.picture.reset(list(world.picture.cases.values()), world.picture.last_seq)
    tabs = QueueTabs(world.signals, world.context)
    board = LinkageBoard(world.signals, world.context)
    attention = UrgentAttention(world.signals)
    attention.FLASH_MS = 400
    tabs.set_attention(attention)
    board.set_attention(attention)
    for widget in (tabs, board):
        qtbot.addWidget(widget)
    alerts = []
    attention.sig_alerted.connect(alerts.append)
    return tabs, board, attention, alerts, known, late


def ids(model):
    return [model.case_id_at(r) for r in range(model.rowCount())]


def test_a_new_urgent_case_flashes_on_top_until_it_is_read(qtbot, world, desk):
    tabs, _board, attention, alerts, known, late = desk
    intake = tabs.model("intake")
    assert ids(intake)[0] == late and attention.unread_count == 0     # the known urgent case is no news
    new = world.scenario.report(at(10, 0), MANHOLE, 3, tier="urgent")
    assert ids(intake)[0] == new                   # on top, above the overdue case
    assert attention.is_unread(new) and attention.unread_count == 1 and alerts == [frozenset({new})]
    assert attention.is_flashing(new)
    assert intake.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == QColor(FLASH_COLOR)
    qtbot.waitUntil(lambda: intake.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None)   # blinks
    qtbot.waitUntil(lambda: not attention.is_flashing(new), timeout=3000)
    assert intake.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert ids(intake)[0] == new                   # still on top: nobody has looked at it
    attention.mark_read(new)
    assert attention.unread_count == 0 and ids(intake)[0] == late


def test_the_tier_shows_as_a_coloured_mark_in_the_row(world, desk):
    tabs, _board, _attention, _alerts, known, late = desk
    intake = tabs.model("intake")
    urgent_row, general_row = intake.row_of(known), intake.row_of(late)
    assert intake.index(urgent_row, COL["tier"]).data(Qt.ItemDataRole.DecorationRole) is not None
    assert intake.index(urgent_row, COL["tier"]).data(Qt.ItemDataRole.ForegroundRole) == QColor(URGENT_COLOR)
    assert intake.index(general_row, COL["tier"]).data(Qt.ItemDataRole.DecorationRole) is None


def test_the_card_of_a_new_urgent_case_flashes_on_the_board(qtbot, world, desk):
    _tabs, board, attention, _alerts, _known, _late = desk
    attention.FLASH_MS = 3000
    new = world.waiting_for_dispatch(MANHOLE, grid=2, tier="urgent")
    world.scenario.step(new, "dispatch", at(10, 0), department="zlsw")
    card = board.columns["zlsw"].card_of(new)
    qtbot.waitUntil(lambda: card.flash)
    qtbot.waitUntil(lambda: not card.flash)       # it blinks
    attention.mark_read(new)
    assert not card.flash


def test_the_chime_is_silent_when_switched_off_and_a_closed_case_is_no_longer_unread(world, desk):
    _tabs, _board, attention, alerts, _known, _late = desk
    attention.set_sound_enabled(False)
    new = world.scenario.report(at(10, 0), MANHOLE, tier="urgent")
    assert attention.unread_count == 1 and alerts == []
    world.scenario.step(new, "reject", at(10, 5), reason="重复")
    assert attention.unread_count == 0


def test_a_department_desk_hears_only_of_its_own_urgent_cases(world, desk):
    _tabs, _board, attention, alerts, _known, _late = desk
    attention.set_concerns(lambda case: case.department_code == "cgzf")
    elsewhere = world.waiting_for_dispatch(MANHOLE, grid=2, tier="urgent")
    world.scenario.step(elsewhere, "dispatch", at(10, 0), department="zlsw")
    assert attention.unread_count == 0 and alerts == []
    mine = world.waiting_for_dispatch(MANHOLE, grid=3, tier="urgent")
    world.scenario.step(mine, "dispatch", at(10, 0), department="cgzf")
    assert attention.unread() == [mine] and alerts == [frozenset({mine})]
