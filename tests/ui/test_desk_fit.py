"""The desk at 1920 × 1080 and 1600 × 900 with the panels squeezed as operators squeeze them:
the notification list open over the case panel and a step's form open under it; a grid clicked
on a big district's map. No line of text is drawn over another, every button stays reachable,
and the queue panel keeps its width (the map beside it is not squeezed)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from tests.widgets.fit_checks import (  # noqa: E402
    buttons_out_of_reach, cut_off, fully_on_screen, overlaps, settle, text_labels,
)
from tests.world import cell_point, long_named_district  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]

LONG = ("居民来电：小区东门外人行道上的上水井盖破损下陷，已有老人绊倒，晚上没有路灯看不清，请尽快派人处理。"
        "Caller: the water manhole cover on the pavement outside the east gate is broken and sunk")


def report_handled(service, department: str = "cgzf") -> int:
    """A case with a long description, handled by ``department``, urged four times."""
    lon, lat = cell_point(5)
    case = service.report("sup", source="supervisor", class_code="E0101", lon=lon, lat=lat, description=LONG)
    service.act("taker", case.id, "accept")
    service.act("leader", case.id, "register")
    service.act("disp", case.id, "dispatch", department=department)
    for n in range(4):
        service.act("disp", case.id, "urge", message=f"第{n + 1}次催办：居民反映强烈，请今天下班前到场处置并回复")
    return case.id


@pytest.mark.parametrize("lang,size", [("en", (1920, 1080)), ("zh", (1920, 1080)), ("en", (1600, 900))])
def test_with_the_notification_list_and_a_form_open_the_case_panel_stays_readable(qtbot, sqlite_url, tmp_path,
                                                                                  lang, size):
    world = desk_world(sqlite_url, dispatching=2, handling=0)
    case_id = report_handled(world.runtime.service)
    desk = open_desk(qtbot, world.url, "cg", tmp_path / "desk.ini", lang=lang)
    try:
        desk.resize(*size)
        qtbot.waitUntil(lambda: desk.width() == size[0])
        qtbot.waitUntil(lambda: desk.notifications.unread_count == 4, timeout=10_000)
        desk.notification_button.setChecked(True)
        desk.presenter.select_case(case_id)
        qtbot.waitUntil(lambda: desk.panel.timeline.topLevelItemCount() == 8, timeout=10_000)
        form = desk.panel.open_action("return_case")          # a reason to write: the tallest form
        settle()
        panel = desk.panel
        assert desk.notifications.isVisible() and desk.notifications.list.count() == 4
        labels = text_labels(panel._details, panel)
        assert any(label.text() == LONG for label in labels)
        assert overlaps(labels, panel._details) == []
        assert cut_off(labels) == []
        assert overlaps(text_labels(form, form), form) == [] and cut_off(text_labels(form, form)) == []
        assert buttons_out_of_reach(panel) == []
        assert fully_on_screen(panel.number_label) and fully_on_screen(panel.fields["class"])
        assert panel.timeline.viewport().height() >= 3 * panel.timeline.sizeHintForRow(0)
        # the notices above are readable too
        centre = desk.notifications
        assert overlaps(text_labels(centre, centre), centre) == [] and buttons_out_of_reach(centre) == []
    finally:
        close_desk(desk)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_grid_clicked_on_a_big_districts_map_leaves_the_queue_panel_as_wide(qtbot, sqlite_url, tmp_path, lang):
    world = desk_world(sqlite_url, dispatching=3, handling=1, district=long_named_district())
    desk = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini", lang=lang)
    try:
        queue, map_dock = desk.docks.docks["queue"], desk.docks.docks["map"]
        settle()
        widths = queue.width(), map_dock.width()
        grid = desk.session.picture.cases[world.dispatching[0]].grid_code
        desk.map_view.sig_cell_clicked.emit(grid)                      # what a click on the grid sends
        chip = desk.queues._filter_bar.grid_chip
        qtbot.waitUntil(chip.isVisible)
        settle()
        assert (queue.width(), map_dock.width()) == widths
        assert len(chip.toolTip().splitlines()[0]) >= 60               # street · community · grid code
        assert "…" in chip.shown_text() and chip.isVisible()
        desk.queues.drill_down(world.dispatching, chip.toolTip().splitlines()[0])
        settle()
        assert (queue.width(), map_dock.width()) == widths
        assert buttons_out_of_reach(desk.queues._filter_bar) == []
    finally:
        close_desk(desk)
