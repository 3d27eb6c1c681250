"""Ctrl+F on the desk: one box finds open cases at once and closed ones in the database (off the
GUI thread, a page at a time), by number, words, place, class and — for the posts that may see
it — the reporter's phone; Enter takes the operator to the case."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from PySide6.QtCore import Qt  # noqa: E402

from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from tests.world import cell_point  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def world(sqlite_url):
    world = desk_world(sqlite_url, dispatching=3, handling=1)
    service = world.runtime.service
    lon, lat = cell_point(13)   # 测试2街道 / 测试2-2社区: no other case is there
    billboard = service.report("taker", source="hotline", class_code="0304", lon=lon, lat=lat,
                               description="幸福路12号 广告牌倾斜", reporter_phone="13812345678")
    service.act("taker", billboard.id, "accept")
    service.act("leader", billboard.id, "register")
    rejected = service.report("sup", source="supervisor", class_code="0304", lon=lon, lat=lat,
                              description="幸福路 广告牌 已拆除")
    service.act("taker", rejected.id, "reject", reason="不属实")
    world.billboard, world.rejected = billboard.id, rejected.id
    return world


def type_search(qtbot, desk, text):
    box = desk.queues.search_box
    desk.queues.focus_search()
    box.setText(text)
    qtbot.waitUntil(lambda: desk.search_results.isVisible() and not desk.search_results.busy, timeout=5000)
    return [c.id for c in desk.search_results.results()]


def test_ctrl_f_finds_open_and_closed_cases_by_street_and_enter_opens_the_first(qtbot, desk, world):
    assert desk.queues.current_queue() == "dispatch"
    found = type_search(qtbot, desk, "测试2街道")
    assert found == [world.billboard, world.rejected]      # open first, then the database's closed ones
    assert "1" in desk.search_results.list.item(0).text()  # "Open cases: 1"
    qtbot.keyClick(desk.queues.search_box, Qt.Key.Key_Return)
    assert desk.presenter.selected == world.billboard and desk.panel.case_id == world.billboard
    assert desk.queues.current_queue() == "dispatch" and desk.queues.current_case_id() == world.billboard
    assert desk.queues.model("dispatch").rowCount() == 1   # the queues are filtered by the same text


def test_one_click_on_a_result_takes_the_operator_to_the_case_and_a_double_click_only_once(qtbot, desk, world):
    from PySide6.QtTest import QTest

    from widgets.case_search import CASE_ROLE

    type_search(qtbot, desk, "测试2街道")
    results = desk.search_results.list
    chosen = []
    desk.search_results.sig_case_chosen.connect(lambda case: chosen.append(case.id))
    rejected = next(results.item(i) for i in range(results.count())
                    if getattr(results.item(i).data(CASE_ROLE), "id", None) == world.rejected)
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=results.visualItemRect(rejected).center())
    qtbot.waitUntil(lambda: desk.panel.case_id == world.rejected, timeout=5000)
    assert chosen == [world.rejected]
    billboard = next(results.item(i) for i in range(results.count())
                     if getattr(results.item(i).data(CASE_ROLE), "id", None) == world.billboard)
    where = results.visualItemRect(billboard).center()
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=where)    # a double click: its click,
    QTest.mouseDClick(results.viewport(), Qt.MouseButton.LeftButton, pos=where)   # then its second press
    qtbot.waitUntil(lambda: desk.panel.case_id == world.billboard, timeout=5000)
    assert chosen == [world.rejected, world.billboard]  # the double click chose once


def test_a_match_in_another_queue_switches_to_its_tab(qtbot, desk, world):
    handled = world.runtime.store.case(world.handling[0])
    type_search(qtbot, desk, handled.number)
    assert desk.search_results.results()[0].id == handled.id
    desk.search_results.choose_current()
    assert desk.queues.current_queue() == "handle" and desk.queues.current_case_id() == handled.id


@pytest.mark.parametrize("text", ["广告牌", "billboard", "幸福路12号", "测试2-2社区"])
def test_class_names_in_both_languages_addresses_and_communities_are_found(qtbot, desk, world, text):
    assert world.billboard in type_search(qtbot, desk, text)


def test_a_rejected_case_opens_read_only_with_its_history(qtbot, desk, world):
    type_search(qtbot, desk, "已拆除")
    [case] = desk.search_results.results()
    assert case.id == world.rejected
    qtbot.keyClick(desk.queues.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(desk.search_results.list, Qt.Key.Key_Return)
    assert desk.panel.case_id == world.rejected
    assert set(desk.panel.action_commands()) <= {"note"}     # no step of the life cycle, a note at most
    assert desk.queues.current_case_id() is None            # no queue row stays selected
    qtbot.waitUntil(lambda: desk.panel.timeline.topLevelItemCount() == 2)   # report, reject


def test_a_case_only_the_database_still_has_is_shown_from_it(qtbot, desk, world):
    desk.session.picture.remove([world.rejected])
    type_search(qtbot, desk, "已拆除")
    desk.search_results.choose_current()
    assert desk.panel.case_id == world.rejected and desk.panel.number_label.text() == desk.search_results.results()[0].number
    assert not desk.panel.empty_label.isVisibleTo(desk.panel)
    qtbot.waitUntil(lambda: desk.panel.timeline.topLevelItemCount() == 2)


def test_the_phone_is_searched_only_for_posts_that_may_see_it(qtbot, world, tmp_path):
    desk = open_desk(qtbot, world.url, "disp", tmp_path / "d.ini")
    try:
        assert type_search(qtbot, desk, "13812345678") == []
        assert type_search(qtbot, desk, "5678") == []       # not even the unmasked end of it
    finally:
        close_desk(desk)
    desk = open_desk(qtbot, world.url, "taker", tmp_path / "t.ini")
    try:
        assert type_search(qtbot, desk, "13812345678") == [world.billboard]
    finally:
        close_desk(desk)


def test_closed_results_come_a_page_at_a_time(qtbot, desk, world, monkeypatch):
    import widgets.case_search as case_search
    from commandcenter.case_search import CaseFinder

    service = world.runtime.service
    lon, lat = cell_point(9)
    for n in range(5):
        case = service.report("sup", source="supervisor", class_code="E0101", lon=lon, lat=lat,
                              description=f"违建 第{n}处")
        service.act("taker", case.id, "reject", reason="重复")
    original = CaseFinder.query
    monkeypatch.setattr(CaseFinder, "query", lambda self, text, **kw: original(self, text, **{**kw, "limit": 2}))
    type_search(qtbot, desk, "违建 第")
    assert len(desk.search_results.results()) == 2
    more = desk.search_results.list.item(desk.search_results.list.count() - 1)
    assert more.data(case_search.KIND_ROLE) == "more"
    desk.search_results.list.itemActivated.emit(more)
    qtbot.waitUntil(lambda: len(desk.search_results.results()) == 4, timeout=5000)
    desk.search_results.list.itemActivated.emit(desk.search_results.list.item(desk.search_results.list.count() - 1))
    qtbot.waitUntil(lambda: len(desk.search_results.results()) == 5, timeout=5000)
    ids = [c.id for c in desk.search_results.results()]
    assert ids == sorted(ids, reverse=True)


def test_esc_clears_the_search_and_the_filter(qtbot, desk, world):
    type_search(qtbot, desk, "测试2街道")
    qtbot.keyClick(desk.queues.search_box, Qt.Key.Key_Escape)
    assert desk.queues.search_box.text() == "" and not desk.search_results.isVisible()
    qtbot.waitUntil(lambda: desk.queues.model("dispatch").rowCount() == 4)


def test_a_database_that_cannot_be_searched_is_said_and_the_open_results_stay(qtbot, desk, world, monkeypatch):
    def unreachable(query):
        raise ConnectionError("server closed the connection")

    monkeypatch.setattr(desk.session.store, "search_cases", unreachable)
    assert type_search(qtbot, desk, "测试2街道") == [world.billboard]
    label = desk.search_results.status_label
    assert label.isVisibleTo(desk.search_results) and "server closed the connection" in label.text()


def test_an_open_case_hidden_by_the_queue_filters_opens_in_the_panel_with_a_word(qtbot, desk, world):
    other_street = desk.queues._filter_bar.combos["street"]
    other_street.setCurrentIndex(other_street.findData("990101001"))   # 测试1街道: the billboard is in street 2
    type_search(qtbot, desk, "幸福路12号")
    desk.search_results.choose_current()
    assert desk.panel.case_id == world.billboard and desk.queues.current_case_id() is None
    assert desk.message_bar.level == "info" and "not in the queues as filtered" in desk.message_bar.text()


def test_a_dispatchers_picture_holds_the_phone_masked_a_call_takers_whole(qtbot, world, tmp_path):
    """The cases are masked while they are read (off the GUI thread) for a post that may not see
    personal data; a call-taker's desk holds them as stored."""
    for user, phone in (("disp", "*******5678"), ("taker", "13812345678")):
        desk = open_desk(qtbot, world.url, user, tmp_path / f"{user}.ini")
        try:
            shown = desk.session.picture.cases[world.billboard].reporter_phone
            assert shown.endswith("5678") and ("*" in shown) == (user == "disp"), (user, shown)
            if user == "taker":
                assert shown == phone
        finally:
            close_desk(desk)


def test_a_listed_case_dispatched_meanwhile_says_where_it_is_now(qtbot, desk, world):
    number = world.runtime.store.case(world.billboard).number
    assert type_search(qtbot, desk, number) == [world.billboard]
    line = desk.search_results.list.item(1)
    assert desk.context.queue_name("dispatch") in line.text()
    world.service().act("disp2", world.billboard, "dispatch", department="cgzf")   # another desk
    qtbot.waitUntil(lambda: desk.context.queue_name("handle") in desk.search_results.list.item(1).text(),
                    timeout=10_000)
    assert desk.context.queue_name("dispatch") not in desk.search_results.list.item(1).text()
