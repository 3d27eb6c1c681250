"""The case panel's location line says when the street and community are a derived partition
(not surveyed), and says nothing of the kind for surveyed ones."""
from __future__ import annotations

from dataclasses import replace

import pytest

from commandcenter.geography.model import DistrictMap
from tests.widgets.desk_helpers import make_world
from widgets.case_panel import CasePanel

pytestmark = pytest.mark.gui


def _surveyed(district: DistrictMap) -> DistrictMap:
    return DistrictMap(district.district, tuple(replace(s, derived=False) for s in district.streets),
                       tuple(replace(c, derived=False) for c in district.communities), district.grids)




def _note_shown(qtbot, lang: str, note: str) -> None:
    world = make_world(lang=lang)
    panel = CasePanel(world.signals, world.context)
    qtbot.addWidget(panel)
    case_id = world.waiting_for_dispatch()
    panel.show_case(case_id)
    place = panel.fields["place"].text()
    assert world.context.street_name(world.picture.cases[case_id].street_code) in place
    assert note in place and "<i" in place            # a note in grey italics under the place


def test_the_location_line_notes_a_derived_partition(qtbot):
    _note_shown(qtbot, "en", "derived partition, not surveyed boundaries")


def test_the_note_is_in_chinese_on_a_chinese_desk(qtbot, chinese):
    _note_shown(qtbot, "zh", "派生划分，非实测边界")


def test_a_surveyed_partition_gets_no_note(qtbot):
    world = make_world()
    world.context.district_map = _surveyed(world.context.district_map)
    panel = CasePanel(world.signals, world.context)
    qtbot.addWidget(panel)
    panel.show_case(world.waiting_for_dispatch())
    assert "derived" not in panel.fields["place"].text()
