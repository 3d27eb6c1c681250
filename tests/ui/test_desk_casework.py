"""The desk's notes, canned phrases, batch dispatch and notification centre over a real database."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from commandcenter.case import Status  # noqa: E402
from commandcenter.phrases import PhraseBook  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from ui.desk import dialogs  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    def unexpected(*args):
        raise AssertionError(f"unexpected dialog: {args}")

    for name in ("confirm_other_department", "ask_redispatch_reason", "confirm_returned_dispatch",
                 "ask_resend_reason"):
        monkeypatch.setattr(dialogs, name, unexpected)


@pytest.fixture
def world(sqlite_url):
    w = desk_world(sqlite_url, dispatching=4, handling=1)
    book = PhraseBook(w.runtime.store)
    book.set_own("disp", ["已电话联系责任单位"])
    w.runtime.store.set_meta("phrases:centre", '["请尽快到场处置"]')
    return w


@pytest.fixture
def desk(qtbot, world, tmp_path):
    window = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini")
    yield window
    close_desk(window)


def _shortcut(desk, keys):
    return next(a for a in desk._shortcut_actions if a.shortcut().toString() == keys)


def test_a_note_typed_with_a_canned_phrase_is_written_and_shown_in_the_history(qtbot, desk, world):
    from PySide6.QtCore import Qt

    case_id = world.dispatching[1]
    desk.presenter.select_case(case_id)
    qtbot.waitUntil(lambda: desk.panel.timeline.topLevelItemCount() == 3)
    qtbot.waitUntil(lambda: desk.context.phrases == ("已电话联系责任单位", "请尽快到场处置"))
    assert "note" in desk.panel.action_commands()
    _shortcut(desk, "Ctrl+Shift+N").trigger()
    form = desk.panel.form
    assert form is not None and form.command == "note"
    edit = form.input("note")
    edit.insertPlainText("反映人再次来电")   # Chinese comes from the input method, not key codes
    picker = form.phrase_pickers["note"]
    assert picker.phrases == ("已电话联系责任单位", "请尽快到场处置")
    picker.menu().actions()[1].trigger()               # 请尽快到场处置
    assert edit.toPlainText() == "反映人再次来电；请尽快到场处置"
    qtbot.keyClick(desk.panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: world.runtime.store.events_of_case(case_id)[-1].type == "note", timeout=5000)
    event = world.runtime.store.events_of_case(case_id)[-1]
    assert event.payload == {"note": "反映人再次来电；请尽快到场处置"} and event.actor == "disp"
    assert world.runtime.store.case(case_id).status is Status.DISPATCHING
    qtbot.waitUntil(lambda: desk.panel.timeline.topLevelItemCount() == 4, timeout=5000)
    last = desk.panel.timeline.topLevelItem(3)
    assert last.text(2) == "Add note" and "请尽快到场处置" in last.text(3)
    assert desk.panel.notice == ""                       # my own note is not news to me
