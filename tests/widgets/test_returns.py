"""Returned cases (退回) look returned wherever the dispatcher decides: the queue row, the board
card and the case panel show the badge and the reason; the dispatch form never offers the case
straight back to the department that returned it."""
from __future__ import annotations

import pytest

from commandcenter.case import last_events_of
from commandcenter.roles import Role, User
from tests.widgets.desk_helpers import BILLBOARD, MANHOLE, at, make_world
from widgets.case_panel import CasePanel
from widgets.linkage_board import LinkageBoard
from widgets.queue_model import RETURNED_ROLE
from widgets.queue_rows import COL
from widgets.queue_table import QueueTabs
from widgets.returns import ReturnNotes

pytestmark = pytest.mark.gui

DISPATCHER = User("disp", "陈派遣", Role.DISPATCHER)
REASON = "井盖属自来水公司产权"


@pytest.fixture
def world():
    return make_world()


def returned_case(world, department="zlsw", class_code=MANHOLE):
    case_id = world.being_handled(department=department, class_code=class_code)
    world.scenario.step(case_id, "return_case", at(10, 0), reason=REASON)
    return case_id


def panel_for(qtbot, world, notes, case_id):
    panel = CasePanel(world.signals, world.context)
    qtbot.addWidget(panel)
    panel.set_return_notes(notes)
    panel.set_user(DISPATCHER)
    panel.show_case(case_id)
    return panel


def test_the_queue_row_shows_the_badge_and_the_reason(qtbot, world):
    tabs = QueueTabs(world.signals, world.context)
    qtbot.addWidget(tabs)
    tabs.set_return_notes(ReturnNotes(world.signals))
    fresh = world.waiting_for_dispatch()
    case_id = returned_case(world)
    model = tabs.model("dispatch")
    row = model.row_of(case_id)
    assert model.index(row, COL["number"]).data(RETURNED_ROLE) == "Returned"
    assert REASON in model.index(row, COL["class"]).data()
    assert model.index(model.row_of(fresh), COL["number"]).data(RETURNED_ROLE) is None
    # the reason is searchable too
    tabs.set_filters(text="自来水")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.case_id_at(0) == case_id


def test_a_reason_read_from_history_after_a_reload_reaches_the_row(qtbot, world):
    case_id = returned_case(world)
    asked = []
    notes = ReturnNotes(world.signals, lambda ids, kind, shown: asked.append((ids, kind, shown)))
    tabs = QueueTabs(world.signals, world.context)
    qtbot.addWidget(tabs)
    tabs.set_return_notes(notes)
    assert [(ids, kind) for ids, kind, _ in asked] == [([case_id], "return_case")]
    model = tabs.model("dispatch")
    assert REASON not in model.index(model.row_of(case_id), COL["class"]).data()
    asked[0][2](last_events_of(world.scenario.events[case_id], [case_id], "return_case"))   # the last return arrives
    qtbot.waitUntil(lambda: REASON in model.index(model.row_of(case_id), COL["class"]).data())


def test_the_case_panel_shows_the_badge_and_who_returned_it_why(qtbot, world):
    notes = ReturnNotes(world.signals)
    case_id = returned_case(world)
    panel = panel_for(qtbot, world, notes, case_id)
    assert not panel.returned_badge.isHidden()
    assert REASON in panel.fields["returned"].text()
    assert world.context.department_name("zlsw") in panel.fields["returned"].text()
    fresh = panel_for(qtbot, world, notes, world.waiting_for_dispatch())
    assert fresh.returned_badge.isHidden()


def test_the_form_never_preselects_the_department_that_returned_it(qtbot, world):
    notes = ReturnNotes(world.signals)
    case_id = returned_case(world, department="zlsw")     # zlsw is the manhole's class default
    panel = panel_for(qtbot, world, notes, case_id)
    form = panel.open_action("dispatch")
    combo = form.input("department")
    assert combo.currentData() is None                   # nothing chosen: the operator picks
    assert combo.itemData(combo.count() - 1) == "zlsw" and "returned it" in combo.itemText(combo.count() - 1)
    assert REASON in form.return_label.text()
    assert not form.submit()                              # no department chosen


def test_the_form_preselects_the_class_default_when_another_department_returned_it(qtbot, world):
    notes = ReturnNotes(world.signals)
    case_id = returned_case(world, department="cgzf")     # wrongly sent to cgzf, which returned it
    panel = panel_for(qtbot, world, notes, case_id)
    combo = panel.open_action("dispatch").input("department")
    assert combo.currentData() == "zlsw"
    assert combo.itemData(combo.count() - 1) == "cgzf"


def test_sending_it_back_to_the_returning_department_needs_a_reason(qtbot, world):
    notes = ReturnNotes(world.signals)
    case_id = returned_case(world, department="zlsw")
    panel = panel_for(qtbot, world, notes, case_id)
    form = panel.open_action("dispatch")
    combo = form.input("department")
    combo.setCurrentIndex(combo.findData("zlsw"))
    with qtbot.assertNotEmitted(panel.sig_action_requested):
        assert not form.submit()
    assert "needs a reason" in form.error_label.text()
    form.input("reason").setPlainText("核实为自来水井盖，属该部门")
    with qtbot.waitSignal(panel.sig_action_requested) as sent:
        assert form.submit()
    assert sent.args[3] == {"department": "zlsw", "reason": "核实为自来水井盖，属该部门"}


def test_an_ordinary_dispatch_form_asks_no_reason(qtbot, world):
    panel = panel_for(qtbot, world, ReturnNotes(world.signals), world.waiting_for_dispatch())
    form = panel.open_action("dispatch")
    with pytest.raises(KeyError):
        form.input("reason")
    assert form.return_label is None


def test_the_board_card_of_a_case_returned_before_shows_it(qtbot, world):
    board = LinkageBoard(world.signals, world.context)
    qtbot.addWidget(board)
    board.set_return_notes(ReturnNotes(world.signals))
    case_id = returned_case(world, department="cgzf", class_code=BILLBOARD)
    world.scenario.step(case_id, "dispatch", at(10, 10), department="szsr")
    card = board.columns["szsr"].card_of(case_id)
    assert card.tag == "returned" and REASON in card.detail and REASON in card.toolTip()


def test_after_a_reload_the_reasons_are_read_in_one_go(qtbot, world):
    """A desk asks for every returned case's last return in one read, and redraws once."""
    first, second = returned_case(world), returned_case(world)
    batches = []
    notes = ReturnNotes(world.signals, lambda ids, kind, shown: batches.append((ids, kind, shown)))
    told = []
    notes.sig_changed.connect(told.append)
    assert [(sorted(ids), kind) for ids, kind, _ in batches] == [(sorted([first, second]), "return_case")]
    ids, _kind, shown = batches[0]
    shown(last_events_of([e for cid in ids for e in world.scenario.events[cid]], ids, "return_case"))
    qtbot.waitUntil(lambda: bool(told))
    assert told == [frozenset({first, second})]
    assert notes.note(first).reason == REASON and notes.note(second).reason == REASON
