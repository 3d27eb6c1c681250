"""The wall's ticker says how late a case is in words, on the case's own clock: "超期 1天2小时"
(working days of office hours), not "26.5 h over"."""
from __future__ import annotations

from ui.wall.presenter import TickerItem
from ui.wall.render import ticker_entries
from tests.world import tiny_district
from widgets.desk_preview import sample_context

WORDS = {"warning": "预警", "urgent": "紧急", "overdue": "超期", "grid": "网格 {grid}",
         "warning_text": "{place} {count} {hours} {expected}"}


def _late_text(lang: str, hours: float, unit: str) -> str:
    district = tiny_district()
    community = district.communities[0]
    item = TickerItem("overdue", 1, "20261124000001", "E0102", community.street_code, community.code,
                      overdue_hours=hours, clock_unit=unit)
    return ticker_entries([item], sample_context(district, lang=lang), WORDS)[0].text


def test_overdue_time_reads_in_words_on_the_cases_clock():
    working_day_h = 7.5                                   # 09:00–12:00 and 13:30–17:30
    assert _late_text("zh", working_day_h + 2, "work_hours").endswith("超期 1天2小时")
    assert _late_text("zh", 1 + 20 / 60, "work_hours").endswith("超期 1:20")
    assert _late_text("en", 26, "hours").endswith("1 d 2 h overdue")
    assert "h over" not in _late_text("en", 3, "work_hours")
