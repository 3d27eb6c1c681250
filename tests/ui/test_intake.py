"""The intake form at the desk: a call recorded with the keyboard only, each bad input named
under its field with nothing written, possible duplicates listed and a call taken as one."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from commandcenter.case import Source, Status  # noqa: E402
from tests.ui import intake_keys  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from tests.world import tiny_district  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]

_KEYS = {"F2": Qt.Key.Key_F2, "Tab": Qt.Key.Key_Tab, "Return": Qt.Key.Key_Return}
_MODS = {"": Qt.KeyboardModifier.NoModifier, "ctrl": Qt.KeyboardModifier.ControlModifier}


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=2, handling=0)


def _desk(qtbot, world, tmp_path, user):
    window = open_desk(qtbot, world.url, user, tmp_path / "desk.ini")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def taker_desk(qtbot, world, tmp_path):
    window = _desk(qtbot, world, tmp_path, "taker")
    yield window
    close_desk(window)


def _focused():
    return QApplication.focusWidget() or QApplication.activeWindow()


def play(qtbot, window, script) -> None:
    """Press the script's keys where the keyboard focus is, as the call-taker would."""
    for step in script:
        if step[0] == "type":
            qtbot.keyClicks(_focused(), step[1])
        else:
            target = _focused() if window.intake.form is not None else window
            qtbot.keyClick(target, _KEYS[step[1]], _MODS[step[2]])
            if step[1] == "F2":
                qtbot.waitUntil(lambda: window.intake.form is not None and window.intake.form.isVisible())
                form = window.intake.form
                form.activateWindow()
                qtbot.waitUntil(lambda: QApplication.focusWidget() is form.phone)


def _cases(world):
    return {c.id: c for c in world.runtime.store.load_cases()}


def test_a_call_is_recorded_with_the_keyboard_only(qtbot, taker_desk, world):
    before = _cases(world)
    play(qtbot, taker_desk, intake_keys.SCRIPT[:-1])
    form = taker_desk.intake.form
    assert form.shown_errors() == {}
    assert "测试2街道" in form.place.text() and "测试2-1社区" in form.place.text()
    assert form.grid.text() == intake_keys.GRID_CODE
    with qtbot.waitSignal(form.sig_saved, timeout=10_000):
        play(qtbot, taker_desk, intake_keys.SCRIPT[-1:])
    qtbot.waitUntil(lambda: taker_desk.intake.form is None)
    new = [c for i, c in _cases(world).items() if i not in before]
    assert len(new) == 1
    case = new[0]
    assert (case.class_code, case.source, case.status) == (intake_keys.CLASS_CODE, Source.HOTLINE, Status.REPORTED)
    assert (case.reporter_phone, case.reporter_name) == (intake_keys.PHONE, None)
    assert case.description == intake_keys.DESCRIPTION and case.reported_by == "taker"
    assert case.community_code == intake_keys.COMMUNITY_CODE and case.street_code == "990101002"
    assert case.grid_code == intake_keys.GRID_CODE
    qtbot.waitUntil(lambda: case.id in taker_desk.session.picture.cases)


def ime_type(widget, text: str) -> None:
    """Chinese arrives the way an input method delivers it: one committed string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_a_chinese_caller_and_address_come_through_the_input_method(qtbot, taker_desk, world):
    before = _cases(world)
    form = _open_form(qtbot, taker_desk)
    qtbot.keyClicks(form.phone, "010-65123456")
    ime_type(form.name, "李四")
    ime_type(form.class_search, "暴露")
    qtbot.keyClick(form.class_search, Qt.Key.Key_Return)
    assert "E0102" in form.class_search.text()
    assert "Registration condition" in form.class_info.text()
    ime_type(form.description, "小区门口垃圾堆积")
    ime_type(form.address, "测试2-1社区")
    qtbot.keyClick(form.address, Qt.Key.Key_Return)
    assert form.grid.text().startswith("990101002001")
    with qtbot.waitSignal(form.sig_saved, timeout=10_000) as saved:
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    case = saved.args[0]
    stored = world.runtime.store.case(case.id)
    assert (stored.reporter_name, stored.reporter_phone) == ("李四", "010-65123456")
    assert stored.description == "小区门口垃圾堆积" and stored.community_code == "990101002001"
    assert len(_cases(world)) == len(before) + 1


def _open_form(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.intake.form is not None and window.intake.form.isVisible())
    form = window.intake.form
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def _save_and_expect_errors(qtbot, form, world, before):
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(form.shown_errors()))
    assert len(_cases(world)) == len(before)
    assert form.isVisible()
    return form.shown_errors()


def test_an_empty_form_names_every_missing_field_and_writes_nothing(qtbot, taker_desk, world):
    before = _cases(world)
    form = _open_form(qtbot, taker_desk)
    errors = _save_and_expect_errors(qtbot, form, world, before)
    assert set(errors) == {"class_code", "description", "location"}
    assert "class" in errors["class_code"] and "Required" not in errors["description"]
    assert "map" in errors["location"]


@pytest.mark.parametrize("field, keys, expected", [
    ("reporter_phone", "12ab", "not a phone number"),
    ("address", "Mars Street", "no street, community"),
    ("grid_code", "990101009009001", "no unit grid has this code"),
    ("class_code", "zzzz", "pick a class"),
])
def test_each_bad_input_is_named_next_to_its_field(qtbot, taker_desk, world, field, keys, expected):
    before = _cases(world)
    form = _open_form(qtbot, taker_desk)
    widget = {"reporter_phone": form.phone, "address": form.address, "grid_code": form.grid,
              "class_code": form.class_search}[field]
    qtbot.keyClicks(widget, keys)
    if field != "reporter_phone":
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(form.error_text(field)))
    else:
        _save_and_expect_errors(qtbot, form, world, before)
    assert expected in form.error_text(field)
    assert len(_cases(world)) == len(before)


def test_a_description_too_long_and_a_place_outside_are_refused(qtbot, taker_desk, world):
    before = _cases(world)
    form = _open_form(qtbot, taker_desk)
    form.set_spot_from_map(100.0, 30.0)          # a click beyond the district's grids
    assert "outside the district" in form.error_text("location")
    form.description.setPlainText("长" * 2001)
    errors = _save_and_expect_errors(qtbot, form, world, before)
    assert "longer than 2000" in errors["description"]


def test_a_click_on_the_map_places_the_report(qtbot, taker_desk):
    form = _open_form(qtbot, taker_desk)
    grid = tiny_district().grids[5]
    taker_desk.map_view.sig_map_clicked.emit(*grid.centroid)
    assert form.grid.text() == grid.code
    assert "测试" in form.place.text()


def test_possible_duplicates_are_listed_and_a_call_is_taken_as_one(qtbot, taker_desk, world):
    """The world's first case (私搭乱建 E0101 in grid 0): a call about exposed rubbish (E0102, the
    same big class) in the same grid is offered it; taken as a duplicate, no case is added."""
    before = _cases(world)
    target = before[world.dispatching[0]]
    form = _open_form(qtbot, taker_desk)
    qtbot.keyClicks(form.phone, "13900001111")
    qtbot.keyClicks(form.class_search, "E0102")
    qtbot.keyClick(form.class_search, Qt.Key.Key_Return)
    qtbot.keyClicks(form.grid, target.grid_code)
    qtbot.keyClick(form.grid, Qt.Key.Key_Return)
    assert form.duplicates.count() >= 1
    assert form.duplicates.item(0).text().startswith(target.number)
    form.duplicates.setCurrentRow(0)
    qtbot.keyClicks(form.description, "another caller")
    with qtbot.waitSignal(form.sig_saved, timeout=10_000) as saved:
        qtbot.keyClick(form, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    case, linked = saved.args
    assert linked and case.id == target.id
    after = _cases(world)
    assert len(after) == len(before)
    assert after[target.id].duplicate_count == 1
    events = world.runtime.store.events_of_case(target.id)
    assert events[-1].type == "duplicate_report" and events[-1].payload["reporter_phone"] == "13900001111"


def test_a_dispatcher_cannot_open_the_intake_form(qtbot, world, tmp_path):
    window = _desk(qtbot, world, tmp_path, "disp")
    try:
        qtbot.keyClick(window, Qt.Key.Key_F2)
        assert window.intake.form is None
    finally:
        close_desk(window)


def test_a_shift_leader_merges_the_selected_case_at_the_desk(qtbot, world, tmp_path, monkeypatch):
    from ui.desk import merge

    cases = _cases(world)
    kept, gone = cases[world.dispatching[0]], cases[world.dispatching[1]]
    offered = []

    def pick(parent, label, choices):
        offered.extend(choices)
        return next(c for c in choices if c.startswith(kept.number))

    monkeypatch.setattr(merge, "ask_merge_target", pick)
    window = _desk(qtbot, world, tmp_path, "leader")
    try:
        window.presenter.select_case(gone.id)
        qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: world.runtime.store.case(gone.id).status is Status.MERGED, timeout=10_000)
        assert any(c.startswith(kept.number) for c in offered)
        assert world.runtime.store.case(gone.id).merged_into == kept.id
        qtbot.waitUntil(lambda: window.panel.case_id == kept.id)
        window.presenter.select_case(gone.id)
        qtbot.waitUntil(lambda: kept.number in window.panel.fields["duplicates"].text())
    finally:
        close_desk(window)


def test_the_case_panel_counts_the_calls_taken_as_duplicates(qtbot, taker_desk, world):
    target = world.dispatching[0]
    world.service().report_duplicate("taker", target, source="hotline", description="再次来电",
                                     reporter_name="周七")
    taker_desk.presenter.select_case(target)
    qtbot.waitUntil(lambda: "1 more call" in taker_desk.panel.fields["duplicates"].text(), timeout=10_000)
    qtbot.waitUntil(lambda: taker_desk.panel.timeline.topLevelItemCount() >= 4)
    last = taker_desk.panel.timeline.topLevelItem(taker_desk.panel.timeline.topLevelItemCount() - 1)
    assert last.text(2) == "Also reported by" and "周*" in last.text(3) and "周七" not in last.text(3)


def test_a_report_from_another_source_shows_the_case_it_may_repeat(qtbot, taker_desk, world):
    """A field supervisor's report (not the intake form) next to an open case of the same big
    class: the case panel names the open case it may repeat (the panel has already looked for
    duplicates, so the new case reaches its look-up by the picture's change, not by a fresh scan)."""
    first = _cases(world)[world.dispatching[0]]
    taker_desk.presenter.select_case(first.id)
    qtbot.waitUntil(lambda: first.number in taker_desk.panel.number_label.text(), timeout=10_000)
    again = world.service().report("sup", source="supervisor", class_code="E0104", lon=first.lon, lat=first.lat,
                                   description="道路不洁")
    qtbot.waitUntil(lambda: again.id in taker_desk.session.picture.cases, timeout=10_000)
    taker_desk.presenter.select_case(again.id)
    qtbot.waitUntil(lambda: first.number in taker_desk.panel.fields["duplicates"].text())
    assert taker_desk.panel.fields["duplicates"].text().startswith("Possible duplicate of")


def test_a_supervisor_at_the_centre_records_callers_data_without_reading_it_back(qtbot, world, tmp_path):
    """Supervisors may report but not read citizens' data: the caller's fields show only while
    typed, and a duplicate candidate's reporter is masked."""
    from PySide6.QtWidgets import QLineEdit

    world.service().report("taker", source="hotline", class_code="E0102", lon=_cases(world)[1].lon,
                           lat=_cases(world)[1].lat, description="先前来电", reporter_name="王小明")
    window = _desk(qtbot, world, tmp_path, "sup")
    try:
        form = _open_form(qtbot, window)
        assert form.phone.echoMode() == QLineEdit.EchoMode.PasswordEchoOnEdit
        assert form.name.echoMode() == QLineEdit.EchoMode.PasswordEchoOnEdit
        form.pick_class("E0102")
        qtbot.keyClicks(form.grid, _cases(world)[1].grid_code)
        qtbot.keyClick(form.grid, Qt.Key.Key_Return)
        texts = [form.duplicates.item(i).text() for i in range(form.duplicates.count())]
        assert any("王**" in t for t in texts) and not any("王小明" in t for t in texts)
    finally:
        close_desk(window)


def test_the_case_it_may_repeat_is_no_longer_named_once_it_is_merged_away(qtbot, taker_desk, world):
    first, other = (_cases(world)[i] for i in world.dispatching[:2])
    again = world.service().report("sup", source="supervisor", class_code="E0104", lon=first.lon, lat=first.lat,
                                   description="道路不洁")
    qtbot.waitUntil(lambda: again.id in taker_desk.session.picture.cases, timeout=10_000)
    taker_desk.presenter.select_case(again.id)
    qtbot.waitUntil(lambda: first.number in taker_desk.panel.fields["duplicates"].text())
    world.service().merge("leader", other.id, first.id)                 # another desk, meanwhile
    qtbot.waitUntil(lambda: not taker_desk.session.picture.cases[first.id].is_open, timeout=10_000)
    taker_desk.presenter.select_case(other.id)
    taker_desk.presenter.select_case(again.id)
    assert first.number not in taker_desk.panel.fields["duplicates"].text()
