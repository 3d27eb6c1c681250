"""The case panel squeezed (the notification list open above it, a form open, a small monitor):
no line of text is drawn over another, the step buttons and the open form stay on screen, the
history gives way before the details scroll, and a new case opens at its top."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea

from tests.widgets.desk_helpers import at, make_world
from tests.widgets.fit_checks import buttons_out_of_reach, cut_off, fully_on_screen, overlaps, settle, text_labels
from tests.widgets.test_case_panel import DISPATCHER
from widgets.case_panel import CasePanel
from widgets.returns import ReturnNotes

pytestmark = pytest.mark.gui

LONG = ("视频巡查发现：中和小区社区15号网格路口绿地脏乱，垃圾和建筑废料堆放已有三天，居民多次反映，"
        "Rubbish and building waste piled at the corner for three days, residents have called several times")

RETURN_REASON = ("井盖属自来水公司产权，不属于本单位处置范围，请改派自来水公司；"
                 "the manhole cover belongs to the water company, not to us: please send it to them")


@pytest.fixture(params=["en", "zh"])
def world(request):
    return make_world(lang=request.param)


def details_bar(panel: CasePanel):
    """The scroll bar of the case's details."""
    return panel.findChild(QScrollArea).verticalScrollBar()


def squeezed_panel(qtbot, world, height: int, *, form: str | None = "dispatch") -> CasePanel:
    case_id = world.waiting_for_dispatch(description=LONG)
    panel = CasePanel(world.signals, world.context)
    qtbot.addWidget(panel)
    panel.resize(440, height)
    panel.set_user(DISPATCHER)
    panel.show()
    panel.show_case(case_id)
    panel.set_timeline(case_id, world.scenario.events[case_id])
    if form:
        panel.open_action(form)
    settle()
    return panel


@pytest.mark.parametrize("height", [360, 420, 560])
def test_squeezed_rows_keep_their_height_and_never_overlap(qtbot, world, height):
    panel = squeezed_panel(qtbot, world, height)
    labels = text_labels(panel._details, panel)
    assert any(label.text() == LONG for label in labels)
    assert overlaps(labels, panel._details) == []
    assert cut_off(labels) == []
    # the open form's own rows too
    form_labels = text_labels(panel.form, panel.form)
    assert overlaps(form_labels, panel.form) == [] and cut_off(form_labels) == []


@pytest.mark.parametrize("height", [360, 420])
def test_squeezed_the_buttons_and_the_form_stay_on_screen_and_the_top_stays_readable(qtbot, world, height):
    panel = squeezed_panel(qtbot, world, height)
    assert details_bar(panel).maximum() > 0          # the details scroll...
    assert buttons_out_of_reach(panel) == []                        # ...the steps and the form do not
    assert all(fully_on_screen(b) for b in panel.action_buttons.values())
    assert fully_on_screen(panel.form.confirm_button)
    assert fully_on_screen(panel.number_label) and fully_on_screen(panel.fields["class"])
    rows = panel.timeline.topLevelItemCount()
    assert rows == 3   # report, accept, register: all three rows shown
    assert panel.timeline.viewport().height() >= rows * panel.timeline.sizeHintForRow(0)


def test_the_history_gives_way_before_the_details_scroll(qtbot, world):
    panel = squeezed_panel(qtbot, world, 900, form=None)
    assert details_bar(panel).maximum() == 0          # every detail shown, no scrolling
    tall = panel.timeline.height()
    panel.open_action("dispatch")
    qtbot.waitUntil(lambda: panel.timeline.height() < tall)           # the form took the history's room
    settle()
    assert details_bar(panel).maximum() == 0
    assert buttons_out_of_reach(panel) == []


def test_the_operators_history_height_is_kept(qtbot, world):
    panel = squeezed_panel(qtbot, world, 700, form=None)
    splitter = panel._splitter
    total = sum(splitter.sizes())
    splitter.moveSplitter(total - 300, 1)                            # dragged: the history 300 px tall
    chosen = splitter.sizes()[1]
    assert abs(chosen - 300) <= splitter.handleWidth()
    panel.resize(440, 720)
    settle()
    assert splitter.sizes()[1] >= chosen
    assert overlaps(text_labels(panel._details, panel), panel._details) == []


def test_a_new_case_opens_at_its_number(qtbot, world):
    panel = squeezed_panel(qtbot, world, 360)
    bar = details_bar(panel)
    bar.setValue(bar.maximum())
    assert not fully_on_screen(panel.number_label)
    other = world.waiting_for_dispatch(description=LONG)
    panel.show_case(other)
    assert bar.value() == 0 and fully_on_screen(panel.number_label)


def test_a_form_saying_long_things_is_never_squeezed(qtbot, world):
    """A department returned the case with a long reason, and meanwhile another desk moved it on:
    the dispatch form's wrapped notices keep their lines whole under a squeezed panel; the details
    give way instead."""
    notes = ReturnNotes(world.signals)   # hears the reason as the department returns the case
    case_id = world.being_handled(department="zlsw")
    world.scenario.step(case_id, "return_case", at(10, 0), reason=RETURN_REASON)
    panel = CasePanel(world.signals, world.context)
    qtbot.addWidget(panel)
    panel.resize(440, 380)
    panel.set_return_notes(notes)
    panel.set_user(DISPATCHER)
    panel.show()
    panel.show_case(case_id)
    panel.set_timeline(case_id, world.scenario.events[case_id])
    form = panel.open_action("dispatch")
    form.set_stale(f"Case {world.picture.cases[case_id].number}: dispatched by another dispatcher at 10:05; this "
                   "form can no longer be sent, open the case again to see where it stands")
    settle()
    form_labels = text_labels(form, form)
    assert any(RETURN_REASON in label.text() for label in form_labels)
    assert overlaps(form_labels, form) == [] and cut_off(form_labels) == []
    assert buttons_out_of_reach(panel) == []
    assert fully_on_screen(panel.number_label)
