"""The map's cell values and the desk's open/overdue/at-risk totals above it follow live events by
counting only the changed cases, and stay equal to a full count of the picture."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from commandcenter.case import Status, Tier
from tests.widgets.test_city_scale import city_picture, live_events
from widgets.live import SituationSignals
from widgets.map_layers import SituationMapLayers, grid_values
from widgets.map_view import MapView
from widgets.summary import SituationSummary

pytestmark = pytest.mark.gui


def _full_totals(picture, context):
    now, state = picture.now(), context.deadline_clock.state
    open_cases = [c for c in picture.cases.values() if c.is_open]
    return {"open": len(open_cases), "overdue": sum(1 for c in open_cases if c.is_overdue(now)),
            "at_risk": sum(1 for c in open_cases if state(c, now) == "at_risk")}


def _live_map(qtbot, cases: int):
    """A picture of ``cases`` cases of the demo district at a pinned moment, and the map's layers
    observing it."""
    context, picture = city_picture(cases)
    now = picture.now()
    signals = SituationSignals(picture)
    view = MapView()
    qtbot.addWidget(view)
    return context, picture, now, signals, view, SituationMapLayers(view, signals, context)


def _drawn(layers) -> bool:
    """The layers have folded in every change they were told of (they coalesce for 120 ms)."""
    return not layers._reset_pending and not layers._pending and not layers._flush_timer.isActive()


def test_cell_values_and_totals_follow_live_events_as_a_full_count_would(qtbot):
    context, picture, now, signals, view, layers = _live_map(qtbot, 3000)
    summary = SituationSummary(signals, context)
    totals = [summary.totals()]
    summary.sig_totals.connect(totals.append)
    assert totals[-1] == _full_totals(picture, context)
    events = live_events(picture, context, 100)
    for i in range(0, len(events), 5):
        picture.apply(events[i:i + 5])
    expected = _full_totals(picture, context)
    qtbot.waitUntil(lambda: totals[-1] == expected, timeout=20_000)
    qtbot.waitUntil(lambda: _drawn(layers), timeout=20_000)
    for ramp in ("load", "overdue"):
        layers.set_ramp(ramp)
        full = grid_values(picture.cases.values(), picture.now(), ramp)
        grids = {g.code for g in context.district_map.grids}
        assert {code: layers.cell_value(code) for code in grids if layers.cell_value(code)} == full
    # live again in the overdue ramp: only the touched grids change, to what a full count says
    more = [replace(e, seq=e.seq + picture.last_seq) for e in live_events(picture, context, 50, seed=12)]
    assert picture.apply(more).events == tuple(more)
    qtbot.waitUntil(lambda: totals[-1] == _full_totals(picture, context), timeout=20_000)
    qtbot.waitUntil(lambda: _drawn(layers), timeout=20_000)
    full = grid_values(picture.cases.values(), picture.now(), "overdue")
    assert {g.code: layers.cell_value(g.code) for g in context.district_map.grids
            if layers.cell_value(g.code)} == full


def test_as_time_passes_the_open_cases_are_counted_again_in_slices(qtbot):
    context, picture, now, signals, view, layers = _live_map(qtbot, 5000)
    summary = SituationSummary(signals, context)
    totals = [summary.totals()]
    summary.sig_totals.connect(totals.append)
    qtbot.waitUntil(lambda: _drawn(layers), timeout=20_000)
    layers.set_ramp("overdue")
    before = {g.code: layers.cell_value(g.code) for g in context.district_map.grids}
    picture.set_time(now + timedelta(hours=20))   # many deadlines pass without any event
    layers._on_tick()
    assert layers._slices, "a big picture is counted again in more than one slice"
    expected = _full_totals(picture, context)
    qtbot.waitUntil(lambda: not layers._slices and totals[-1] == expected, timeout=30_000)
    full = grid_values(picture.cases.values(), picture.now(), "overdue")
    after = {g.code: layers.cell_value(g.code) for g in context.district_map.grids}
    assert {code: v for code, v in after.items() if v} == full and after != before


def test_after_a_reset_the_markers_are_the_queue_s_and_the_urgent_open_cases_in_their_deadline_colours(qtbot):
    context, picture, now, signals, view, layers = _live_map(qtbot, 3000)
    qtbot.waitUntil(lambda: _drawn(layers), timeout=20_000)

    def expected(wanted):
        return {c.id: (context.deadline_clock.state(c, now), c.tier is Tier.URGENT,
                       f"{c.number} {context.class_name(c.class_code)}")
                for c in picture.cases.values() if c.is_open and wanted(c)}

    def shown():
        return {m.case_id: (m.state, m.urgent, m.label) for m in view._state.markers.values()}

    dispatch = expected(lambda c: c.tier is Tier.URGENT or c.status is Status.DISPATCHING)
    assert 0 < len(dispatch) < len(expected(lambda c: True))
    assert shown() == dispatch and layers.marker_count() == len(dispatch)
    assert {s for s, _u, _l in dispatch.values()} >= {"on_time", "overdue"}
    layers.set_marker_scope("all")
    assert shown() == expected(lambda c: True)
