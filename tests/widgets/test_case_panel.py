"""The case panel shows what the role may see and offers exactly what the role may do."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from commandcenter.roles import Role, User
from commandcenter.worktime import WORK_DAYS
from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
from widgets.action_form import LimitInput
from widgets.case_panel import CasePanel

pytestmark = pytest.mark.gui

DISPATCHER = User("disp", "陈派遣", Role.DISPATCHER)
CALL_TAKER = User("taker", "王受理", Role.CALL_TAKER)
SHIFT_LEADER = User("leader", "赵值班", Role.SHIFT_LEADER)
SUPERVISOR = User("sup", "李监督", Role.SUPERVISOR)


def water(code="zlsw"):
    return User(f"dept-{code}", code, Role.DEPARTMENT, code)


@pytest.fixture
def world():
    return make_world()


def _panel(qtbot, world, user, case_id):
    panel = CasePanel(world.signals, world.context)
    qtbot.addWidget(panel)
    panel.resize(440, 900)
    panel.set_user(user)
    panel.show_case(case_id)
    return panel


def test_dispatcher_sees_only_dispatch_on_a_case_waiting_for_dispatch(qtbot, world):
    panel = _panel(qtbot, world, DISPATCHER, world.waiting_for_dispatch())
    assert panel.action_commands() == ["dispatch", "note"]


def test_call_taker_sees_intake_steps(qtbot, world):
    case_id = world.scenario.report(at(9, 50), MANHOLE)
    panel = _panel(qtbot, world, CALL_TAKER, case_id)
    assert panel.action_commands() == ["accept", "request_verify", "reject", "note"]


def test_department_operators_see_steps_only_on_their_own_cases(qtbot, world):
    case_id = world.being_handled(department="zlsw")
    other = _panel(qtbot, world, water("cgzf"), case_id)
    assert other.action_commands() == []
    assert not other.no_actions_label.isHidden()
    own = _panel(qtbot, world, water("zlsw"), case_id)
    assert own.action_commands() == ["return_case", "report_done", "request_extension", "request_suspension"]
    # The highlighted main step (Ctrl+Enter) moves the case on; returning it is the exception.
    assert own.primary_command == "report_done"
    own.trigger_first_action()
    assert own.form.command == "report_done"


def test_actions_follow_the_case_as_it_changes(qtbot, world):
    case_id = world.waiting_for_dispatch()
    panel = _panel(qtbot, world, DISPATCHER, case_id)
    world.scenario.step(case_id, "dispatch", at(10, 0), department="zlsw")
    assert panel.action_commands() == ["redispatch", "note", "urge"]
    assert panel.fields["department"].text() == world.context.department_name("zlsw")
    panel.set_user(None)
    assert panel.action_commands() == []


def test_reason_is_required_before_a_reject_is_sent(qtbot, world):
    case_id = world.scenario.report(at(9, 50), MANHOLE)
    panel = _panel(qtbot, world, CALL_TAKER, case_id)
    form = panel.open_action("reject")
    with qtbot.assertNotEmitted(panel.sig_action_requested):
        assert not form.submit()
    assert not form.error_label.isHidden()
    assert form.error_label.text() == "Reason is required"
    reason = form.input("reason")
    assert isinstance(reason, QPlainTextEdit)
    reason.setPlainText("重复上报")
    version = world.picture.cases[case_id].version
    with qtbot.waitSignal(panel.sig_action_requested) as request:
        form.confirm_button.click()
    assert request.args == [case_id, version, "reject", {"reason": "重复上报"}]
    assert panel.form is None


def test_dispatch_form_offers_the_class_default_department_first(qtbot, world):
    case_id = world.waiting_for_dispatch(BILLBOARD)
    panel = _panel(qtbot, world, DISPATCHER, case_id)
    panel.action_buttons["dispatch"].click()
    combo = panel.form.input("department")
    assert isinstance(combo, QComboBox)
    assert combo.itemData(0) == "cgzf"
    assert combo.count() == len(world.context.departments)
    with qtbot.waitSignal(panel.sig_action_requested) as request:
        panel.trigger_first_action()         # Ctrl+Enter confirms the open form
    assert request.args[2:] == ["dispatch", {"department": "cgzf"}]


def test_redispatch_leaves_out_the_current_department(qtbot, world):
    case_id = world.being_handled(department="cgzf", class_code=BILLBOARD)
    panel = _panel(qtbot, world, DISPATCHER, case_id)
    combo = panel.open_action("redispatch").input("department")
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert "cgzf" not in codes and len(codes) == len(world.context.departments) - 1


def test_yes_no_steps_answer_with_two_buttons(qtbot, world):
    case_id = world.being_handled()
    world.scenario.step(case_id, "report_done", at(10, 30))
    panel = _panel(qtbot, world, SUPERVISOR, case_id)
    form = panel.open_action("check")
    assert [b.text() for b in form.answer_buttons] == ["Passed", "Rework"]
    form.input("note").setText("仍有破损")
    with qtbot.waitSignal(panel.sig_action_requested) as request:
        form.answer_buttons[1].click()
    assert request.args[2:] == ["check", {"passed": False, "note": "仍有破损"}]


def test_extension_limit_is_picked_in_words(qtbot, world):
    case_id = world.being_handled(department="zlsw")
    panel = _panel(qtbot, world, water("zlsw"), case_id)
    form = panel.open_action("request_extension")
    limit = form.input("limit")
    assert isinstance(limit, LimitInput)
    assert [limit.unit.itemText(i) for i in range(limit.unit.count())] == [
        "working days", "working hours", "hours (round the clock)"]
    form.input("reason").setPlainText("需外购井盖")
    with qtbot.assertNotEmitted(panel.sig_action_requested):
        assert not form.submit()          # no amount chosen yet
    assert "required" in form.error_label.text() and not form.error_label.isHidden()
    limit.set_limit(2, WORK_DAYS)
    with qtbot.waitSignal(panel.sig_action_requested) as request:
        assert form.submit()
    assert request.args[3] == {"limit": "2wd", "reason": "需外购井盖"}


def test_personal_data_is_masked_unless_the_role_needs_it(qtbot):
    from commandcenter.privacy import case_view_for

    shown = {}
    for user, public in ((DISPATCHER, False), (CALL_TAKER, False), (SHIFT_LEADER, False), (CALL_TAKER, True)):
        world = make_world()
        world.picture.admit = case_view_for(user.role, public=public)   # as the session fills it
        case_id = world.scenario.report(at(9, 50), MANHOLE, reporter_name="张伟明", reporter_phone="13912345678")
        assert world.picture.cases[case_id].reporter_phone in ("13912345678", "*******5678")
        shown[(user.role, public)] = _panel(qtbot, world, user, case_id).fields["reporter"].text()
    assert shown[(DISPATCHER.role, False)] == "张**  *******5678"
    assert shown[(CALL_TAKER.role, False)] == "张伟明  13912345678"
    assert "13912345678" in shown[(SHIFT_LEADER.role, False)]
    assert shown[(CALL_TAKER.role, True)] == "张**  *******5678"   # the wall and the trainer always mask


def test_details_show_class_conditions_deadline_and_counts(qtbot, world):
    case_id = world.waiting_for_dispatch(BILLBOARD)
    panel = _panel(qtbot, world, DISPATCHER, case_id)
    small = world.context.catalog.small_class(BILLBOARD)
    assert panel.number_label.text() == world.picture.cases[case_id].number
    assert small.zh in panel.fields["class"].text() and small.en in panel.fields["class"].text()
    assert panel.fields["register_condition"].text() == small.register_condition
    assert panel.fields["close_condition"].text() == small.close_condition
    assert panel.fields["counts"].text() == "0 / 0 / 0"
    assert "10:00" in panel.deadline_label.text()       # due 30 working minutes after 09:30
    assert ">due now<" in panel.deadline_label.text()   # exactly at its deadline


def test_timeline_lists_every_step_in_local_time_and_grows_live(qtbot, world):
    case_id = world.waiting_for_dispatch()
    panel = _panel(qtbot, world, DISPATCHER, case_id)
    panel.set_timeline(case_id, world.scenario.events[case_id])
    assert panel.timeline.topLevelItemCount() == 3
    first = panel.timeline.topLevelItem(0)
    assert first.text(0) == "11-24 09:10"                # reported 09:10 Asia/Shanghai
    assert first.text(1) == "李监督 · Field supervisor"
    assert first.text(2) == "Report"
    world.scenario.step(case_id, "dispatch", at(10, 0), department="zlsw", note="请尽快")
    assert panel.timeline.topLevelItemCount() == 4
    last = panel.timeline.topLevelItem(3)
    assert last.text(2) == "Dispatch case"
    assert last.text(3) == f"→ {world.context.department_name('zlsw')}；请尽快"


def test_locate_button_asks_for_the_map(qtbot, world):
    case_id = world.waiting_for_dispatch()
    panel = _panel(qtbot, world, DISPATCHER, case_id)
    with qtbot.waitSignal(panel.sig_locate_requested) as locate:
        qtbot.mouseClick(panel.locate_button, Qt.MouseButton.LeftButton)
    assert locate.args == [case_id]
    panel.show_case(None)
    assert not panel.empty_label.isHidden()


def test_an_open_form_whose_case_another_desk_moved_on_says_so_and_sends_nothing(qtbot, world):
    """The bad path of a busy shift: the form is open on case A, another dispatcher sends A
    away, the operator presses Ctrl+Enter — nothing may be sent, for A or any other case."""
    me = User("heling", "何玲", Role.DISPATCHER)
    case_a = world.waiting_for_dispatch(registered=at(9, 40))
    world.waiting_for_dispatch(registered=at(9, 45))
    panel = _panel(qtbot, world, me, case_a)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    sent = []
    panel.sig_action_requested.connect(lambda *args: sent.append(args))
    qtbot.keyClick(panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.form is not None and panel.form.command == "dispatch"
    assert panel.form.confirm_button.isEnabled()

    world.scenario.step(case_a, "dispatch", at(10, 12), actor="disp", department="cgzf")

    number = world.picture.cases[case_a].number
    assert panel.case_id == case_a
    assert panel.form is not None and panel.form.is_stale
    assert not panel.form.confirm_button.isEnabled()
    notice = panel.form.notice_label.text()
    assert number in notice and "陈派遣" in notice and "Dispatch" in notice and "10:12" in notice
    assert panel.notice == notice
    qtbot.keyClick(panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel.form.submit()
    assert sent == []




def test_the_notice_is_in_chinese_on_a_chinese_desk(qtbot, chinese):
    world = make_world(lang="zh")
    me = User("heling", "何玲", Role.DISPATCHER)
    case_a = world.waiting_for_dispatch()
    panel = _panel(qtbot, world, me, case_a)
    panel.open_action("dispatch")
    world.scenario.step(case_a, "dispatch", at(10, 3), actor="disp", department="cgzf")
    number = world.picture.cases[case_a].number
    assert panel.form.notice_label.text() == f"案件 {number} 已被 陈派遣 于 10:03 派遣"


def test_a_form_sends_the_version_it_was_opened_on(qtbot, world):
    """Even a change the panel was not told about cannot slip under the form: the step carries
    the version the operator saw, and the service refuses it as a conflict."""
    case_a = world.waiting_for_dispatch()
    panel = _panel(qtbot, world, DISPATCHER, case_a)
    form = panel.open_action("dispatch")
    opened_on = world.picture.cases[case_a].version
    with qtbot.waitSignal(panel.sig_action_requested) as sent:
        form.submit()
    assert sent.args[0] == case_a and sent.args[1] == opened_on


def test_a_case_that_leaves_the_desk_stays_shown_with_a_notice(qtbot, world):
    case_a = world.waiting_for_dispatch()
    panel = _panel(qtbot, world, DISPATCHER, case_a)
    panel.open_action("dispatch")
    number = world.picture.cases[case_a].number
    world.picture.remove([case_a])
    assert panel.case_id == case_a and panel.number_label.text() == number
    assert panel.empty_label.isHidden()
    assert number in panel.notice and panel.form.is_stale
    assert panel.action_commands() == []


def test_own_steps_raise_no_notice(qtbot, world):
    case_a = world.waiting_for_dispatch()
    panel = _panel(qtbot, world, DISPATCHER, case_a)
    world.scenario.step(case_a, "dispatch", at(10, 5), actor="disp", department="cgzf")
    assert panel.notice == ""
