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
from widgets.case_drag import read_case_mime  # noqa: E402

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
    assert last.text(2) == "Note" and "请尽快到场处置" in last.text(3)
    assert desk.panel.notice == ""                       # my own note is not news to me


def _ctrl_click_rows(qtbot, desk, queue, rows):
    from PySide6.QtCore import Qt

    view, model = desk.queues.view(queue), desk.queues.model(queue)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(rows[0], 1)).center())
    for row in rows[1:]:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         pos=view.visualRect(model.index(row, 1)).center())
    return [model.case_id_at(r) for r in rows]


def test_ctrl_d_on_several_selected_cases_is_one_batch_with_one_undo(qtbot, desk, world):
    stored = world.runtime.store.case
    chosen = _ctrl_click_rows(qtbot, desk, "dispatch", [0, 1, 2])
    assert desk.queues.selected_case_ids() == chosen
    assert desk.panel.case_id == chosen[-1]                # the panel follows the current row
    _shortcut(desk, "Ctrl+D").trigger()
    pending = desk.dispatch.pending
    assert pending.case_ids == chosen and desk.board.undo_bar.isVisible()
    assert "3 cases" in desk.board.undo_bar.label.text()
    desk.board.sig_undo_requested.emit(chosen[1])          # one undo takes back the whole batch
    assert desk.dispatch.pending is None
    assert {stored(c).status for c in chosen} == {Status.DISPATCHING}
    _shortcut(desk, "Ctrl+D").trigger()
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: {stored(c).status for c in chosen} == {Status.HANDLING}, timeout=5000)
    for case_id in chosen:
        case = stored(case_id)
        assert case.department_code == desk.context.default_department(case.class_code)
        assert [e.type for e in world.runtime.store.events_of_case(case_id)].count("dispatch") == 1
    qtbot.waitUntil(lambda: desk.message_bar.level == "info" and "3" in desk.message_bar.text(), timeout=5000)


def test_a_batch_dropped_on_a_department_names_the_case_another_desk_took(qtbot, desk, world, monkeypatch):
    from commandcenter.case import Status as S

    asked = []
    monkeypatch.setattr(dialogs, "confirm_other_department", lambda *a: asked.append(a) or True)
    stored = world.runtime.store.case
    model = desk.queues.model("dispatch")
    view = desk.queues.view("dispatch")
    chosen = _ctrl_click_rows(qtbot, desk, "dispatch", [0, 1, 2, 3])
    mime = model.mimeData([model.index(r, 0) for r in range(4)])   # what the drag carries
    desk.board.columns["szsr"].sig_dropped.emit(read_case_mime(mime), "szsr")   # the column's drop
    assert len(asked) == 1                                  # one question for the whole batch
    assert desk.dispatch.pending.case_ids == chosen
    taken = chosen[2]
    world.service().act("disp2", taken, "dispatch", department="cgzf")   # another desk, meanwhile
    desk.dispatch.commit_now()
    qtbot.waitUntil(lambda: desk.message_bar.level == "error", timeout=5000)
    number = stored(taken).number
    assert number in desk.message_bar.text() and "disp2" in desk.message_bar.text()
    assert "3 of 4" in desk.message_bar.text()
    assert stored(taken).department_code == "cgzf"
    assert all(stored(c).department_code == "szsr" and stored(c).status is S.HANDLING
               for c in chosen if c != taken)
    assert view.selectionMode() == view.SelectionMode.ExtendedSelection


def test_the_departments_desk_hears_an_urge_and_the_dispatcher_its_reply(qtbot, world, tmp_path):
    """Two desks on one database: the dispatcher urges in the case panel; the department's
    notification centre counts it unread and opens the case; its reply reaches the dispatcher."""
    case_id = world.handling[0]
    department = world.runtime.store.case(case_id).department_code
    operator = {"szsr": "sz", "cgzf": "cg", "ylyh": "yl"}[department]
    disp = open_desk(qtbot, world.url, "disp", tmp_path / "disp.ini")
    dept = open_desk(qtbot, world.url, operator, tmp_path / "dept.ini")
    try:
        disp.presenter.select_case(case_id)
        assert "urge" in disp.panel.action_commands()
        form = disp.panel.open_action("urge")
        form.input("message").insertPlainText("请今天下班前处置完毕")
        form.submit()
        qtbot.waitUntil(lambda: dept.notifications.unread_count == 1, timeout=10_000)
        assert "Notifications (1)" == dept.notification_button.text()
        [notice] = dept.notifications.notices()
        assert notice.kind == "urge" and "请今天下班前处置完毕" in dept.notifications.text_of(notice)
        assert disp.notifications.unread_count == 0            # not addressed to the dispatcher
        dept.notification_button.click()
        assert dept.notifications.isVisible()
        dept.notifications._on_activated(dept.notifications.list.item(0))
        assert dept.notifications.unread_count == 0 and dept.presenter.selected == case_id
        assert dept.notification_button.text() == "Notifications"
        qtbot.waitUntil(lambda: "urge_reply" in dept.panel.action_commands(), timeout=5000)
        reply = dept.panel.open_action("urge_reply")
        reply.input("reply").insertPlainText("已派人到场")
        reply.submit()
        qtbot.waitUntil(lambda: disp.notifications.unread_count == 1, timeout=10_000)
        assert "已派人到场" in disp.notifications.text_of(disp.notifications.notices()[0])
        assert world.runtime.store.case(case_id).urge_count == 1
    finally:
        close_desk(dept)
        close_desk(disp)


def test_an_escalation_rings_on_the_shift_leaders_desk(qtbot, world, tmp_path):
    from datetime import timedelta

    from commandcenter.urging import Escalation

    case_id = world.handling[0]
    leader = open_desk(qtbot, world.url, "leader", tmp_path / "leader.ini")
    try:
        leader.notifications._sound = False
        deadline = world.runtime.store.case(case_id).stage_deadline
        rt = world.runtime
        Escalation(rt.store, rt.catalog, rt.calendar, clock=lambda: deadline + timedelta(days=10)).tick()
        qtbot.waitUntil(lambda: leader.notifications.unread_count >= 1, timeout=10_000)
        kinds = {n.kind for n in leader.notifications.notices()}
        assert kinds == {"escalation"} and leader.notifications.rings >= 1
    finally:
        close_desk(leader)


def test_a_desk_signing_in_after_an_urge_opens_its_centre_on_it(qtbot, world, tmp_path):
    case_id = world.handling[0]
    department = world.runtime.store.case(case_id).department_code
    operator = {"szsr": "sz", "cgzf": "cg", "ylyh": "yl"}[department]
    world.service().act("disp2", case_id, "urge", message="请尽快处置")
    dept = open_desk(qtbot, world.url, operator, tmp_path / "dept.ini")
    try:
        qtbot.waitUntil(lambda: dept.notifications.unread_count == 1, timeout=10_000)
        assert dept.notifications.isVisible() and dept.notification_button.isChecked()
        assert dept.notifications.rings == 0           # the backlog does not ring
    finally:
        close_desk(dept)


def test_the_user_edits_their_own_phrases_and_the_forms_offer_them(qtbot, desk, world, monkeypatch):
    seen = []

    def answer(parent, own, centre, can_edit_centre):
        seen.append((tuple(own), tuple(centre), can_edit_centre))
        return ["已电话联系责任单位", "请反映人留意回访电话"], None

    monkeypatch.setattr(dialogs, "edit_phrases", answer)
    desk.presenter.edit_phrases(desk)
    qtbot.waitUntil(lambda: desk.context.phrases == ("已电话联系责任单位", "请反映人留意回访电话", "请尽快到场处置"),
                    timeout=5000)
    assert seen == [(("已电话联系责任单位",), ("请尽快到场处置",), False)]   # a dispatcher edits only their own
    assert PhraseBook(world.runtime.store).for_user("disp").own == ("已电话联系责任单位", "请反映人留意回访电话")
    desk.presenter.select_case(world.dispatching[0])
    form = desk.panel.open_action("note")
    assert form.phrase_pickers["note"].phrases == desk.context.phrases


def test_a_snapshot_of_a_desk_shows_the_days_notices_with_its_picture(qtbot, world, tmp_path):
    """A live desk reads the day's notices a second after its picture (not while the queues and
    the map are first drawn); a snapshot (a session that writes nothing) reads them with the
    picture, so the picture it draws has them."""
    case_id = world.handling[0]
    department = world.runtime.store.case(case_id).department_code
    operator = {"szsr": "sz", "cgzf": "cg", "ylyh": "yl"}[department]
    world.service().act("disp2", case_id, "urge", message="请尽快处置")
    dept = open_desk(qtbot, world.url, operator, tmp_path / "dept.ini", read_only=True)
    try:
        assert not dept.notices._backlog_timer.isActive()      # not put off
        qtbot.waitUntil(lambda: dept.notifications.unread_count == 1, timeout=10_000)
        assert dept.notifications.isVisible()
    finally:
        close_desk(dept)
