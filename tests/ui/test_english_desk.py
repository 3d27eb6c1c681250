"""The desk in English at 1920 × 1080: English first where the catalog has English, durations in
words, and no label cut short ("All departn…", "Clo…")."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QHeaderView, QStyle, QStyleOptionComboBox, QToolButton

from commandcenter.queues import QUEUE_KEYS
from tests.ui.desk_world import close_desk, desk_world, open_desk
from widgets.queue_rows import COL

pytestmark = pytest.mark.gui


@pytest.fixture
def desk(qtbot, sqlite_url, tmp_path):
    world = desk_world(sqlite_url, dispatching=3, handling=1)
    window = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini", lang="en")
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920)
    yield window
    close_desk(window)


def _text_room(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def test_filter_labels_are_whole_at_1920(qtbot, desk):
    combos = [c for c in desk.queues.findChildren(QComboBox) if c.isVisible()]
    labels = {c.itemText(0) for c in combos}
    assert {"All streets", "All classes", "All departments", "All sources", "All tiers"} <= labels
    for combo in combos:
        text = combo.itemText(0)
        assert combo.fontMetrics().horizontalAdvance(text) <= _text_room(combo), f"{text!r} is cut short"


def test_map_buttons_are_whole_at_1920(qtbot, desk):
    buttons = [b for b in desk.findChildren(QToolButton) if b.isVisible() and b.text()]
    assert any(b.text() == "Whole district" for b in buttons)
    for button in buttons:
        needed = button.fontMetrics().horizontalAdvance(button.text())
        assert needed <= button.width() - 4, f"{button.text()!r} is cut short ({button.width()} px)"


def test_class_names_read_english_first_and_durations_in_words(qtbot, desk):
    case_id = desk.queues.model("dispatch").case_id_at(0)
    desk.presenter.select_case(case_id)
    qtbot.waitUntil(lambda: desk.panel.fields["class"].text() != "")
    case = desk.session.picture.cases[case_id]
    small = desk.session.runtime.catalog.small_class(case.class_code)
    assert desk.panel.fields["class"].text().startswith(f"{small.en} / {small.zh}")
    model = desk.queues.model("dispatch")
    countdown = model.index(0, COL["countdown"]).data()
    assert countdown.endswith((" left", " overdue")) or countdown == "due now"
    assert not countdown.startswith("-")
    assert "left" in desk.panel.deadline_label.text() or "overdue" in desk.panel.deadline_label.text()


def test_history_columns_hold_their_english_words(qtbot, desk):
    case_id = next(c.id for c in desk.session.picture.cases.values() if c.status.value == "handling")
    desk.presenter.select_case(case_id)
    timeline = desk.panel.timeline
    qtbot.waitUntil(lambda: timeline.topLevelItemCount() >= 3, timeout=5000)
    header = timeline.header()
    for column in (1, 2):
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
        widest = max(timeline.fontMetrics().horizontalAdvance(timeline.topLevelItem(i).text(column))
                     for i in range(timeline.topLevelItemCount()))
        assert widest <= header.sectionSize(column), f"column {column} cuts its text"
    steps = [timeline.topLevelItem(i).text(2) for i in range(timeline.topLevelItemCount())]
    assert all(step and step.isascii() for step in steps)


def test_queue_tabs_name_the_queues_in_english(desk):
    names = [desk.queues.tabText(i) for i in range(len(QUEUE_KEYS))]
    assert all(name.isascii() for name in names), names


def test_the_totals_above_the_map_are_whole_at_1920(qtbot, desk):
    """The map column is what is left between the queues and a case panel widened by a long
    description: the toolbar's buttons and the totals must fit in ~770 px."""
    label = desk.totals_label
    label.setText("Open <b>1075</b> · overdue <b>96</b> · at risk <b>40</b>")
    bar = label.parentWidget()
    needed = label.sizeHint().width()
    buttons = sum(b.sizeHint().width() for b in bar.findChildren(QToolButton))
    layout = bar.layout()
    spacing = layout.contentsMargins().left() + layout.contentsMargins().right() + 2 * 6 + 5 * layout.spacing()
    assert buttons + needed + spacing <= 770, f"buttons {buttons} + totals {needed} px"
    qtbot.waitUntil(lambda: label.width() >= needed)
    assert label.geometry().right() <= bar.contentsRect().right()
