"""Early warnings (早预警) on hand-made intake histories."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.errors import ValidationError
from commandcenter.warnings import WarningRule, early_warnings, expected_count, poisson_upper_tail

NOW = datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc)   # 15:00 in Shanghai
GRID_A, GRID_B = "990101001001001", "990101001001002"
STREET_1, STREET_2 = "990101001", "990101002"


@dataclass(frozen=True)
class Report:
    created_at: datetime
    grid_code: str
    street_code: str


def reports(n: int, *, days_ago: int = 0, minutes_ago: int = 30, grid: str = GRID_A, street: str = STREET_1):
    at = NOW - timedelta(days=days_ago, minutes=minutes_ago)
    return [Report(at, grid, street) for _ in range(n)]


def quiet_history(days: int = 28, per_day: int = 1, grid: str = GRID_A, street: str = STREET_1):
    """``per_day`` reports in the same afternoon hours on each of the previous ``days`` days."""
    return [r for d in range(1, days + 1) for r in reports(per_day, days_ago=d, grid=grid, street=street)]


def codes(warnings, level):
    return {w.code for w in warnings if w.level == level}


def test_a_burst_in_a_quiet_grid_is_flagged():
    history = quiet_history(per_day=0) + reports(1, days_ago=40)   # 40 days of history, nothing in these hours
    warnings = early_warnings(history + reports(4), NOW, areas={"grid": 4000, "street": 15})
    grid = next(w for w in warnings if w.level == "grid")
    assert (grid.code, grid.count) == (GRID_A, 4)
    assert grid.expected == pytest.approx(1 / 28)
    assert grid.window_start == NOW - timedelta(hours=3)


def test_a_usual_afternoon_is_not_flagged():
    busy_every_day = quiet_history(per_day=5)
    assert early_warnings(busy_every_day + reports(6), NOW, areas={"grid": 4000, "street": 15}) == []


def test_two_or_three_reports_are_never_news_for_a_street():
    history = quiet_history(per_day=0) + reports(1, days_ago=40)
    warnings = early_warnings(history + reports(3), NOW, areas={"grid": 1, "street": 1})
    assert codes(warnings, "street") == set()
    assert codes(warnings, "grid") == {GRID_A}


def test_reports_outside_the_window_do_not_count():
    history = quiet_history(per_day=0) + reports(1, days_ago=40)
    earlier_today = reports(6, minutes_ago=3 * 60 + 1)
    assert early_warnings(history + earlier_today, NOW, areas={"grid": 4000, "street": 15}) == []


def test_one_past_burst_does_not_hide_a_new_one():
    past_burst = reports(30, days_ago=5)
    history = quiet_history(per_day=0) + reports(1, days_ago=40) + past_burst
    warnings = early_warnings(history + reports(5), NOW, areas={"grid": 4000, "street": 15})
    assert GRID_A in codes(warnings, "grid")


def test_a_street_is_flagged_when_its_grids_together_rise():
    spread = [r for g in range(6) for r in reports(1, grid=f"99010100100{g:04d}")]
    history = quiet_history(per_day=1) + reports(1, days_ago=40)
    warnings = early_warnings(history + spread, NOW, areas={"grid": 4000, "street": 15})
    assert codes(warnings, "street") == {STREET_1}
    assert codes(warnings, "grid") == set()


def test_more_areas_need_stronger_evidence():
    history = quiet_history(per_day=0, grid=GRID_B, street=STREET_2) + reports(1, days_ago=40)
    today = reports(3)
    assert codes(early_warnings(history + today, NOW, areas={"grid": 10, "street": 2}), "grid") == {GRID_A}
    assert codes(early_warnings(history + today, NOW, areas={"grid": 100_000, "street": 2}), "grid") == set()


def test_no_warnings_without_a_week_of_history():
    young = reports(1, days_ago=3) + reports(10)
    assert early_warnings(young, NOW) == []


def test_most_surprising_first():
    history = quiet_history(per_day=0) + reports(1, days_ago=40)
    today = reports(4) + reports(9, grid=GRID_B, street=STREET_2)
    warnings = early_warnings(history + today, NOW, areas={"grid": 4000, "street": 15})
    assert [w.p_value for w in warnings] == sorted(w.p_value for w in warnings)
    assert warnings[0].code in (GRID_B, STREET_2)


def test_poisson_tail_matches_the_textbook_values():
    assert poisson_upper_tail(0, 2.0) == 1.0
    assert poisson_upper_tail(1, 2.0) == pytest.approx(1 - 0.1353352832, rel=1e-9)
    assert poisson_upper_tail(3, 0.05) == pytest.approx(2.00675e-5, rel=1e-4)
    assert 0 < poisson_upper_tail(60, 1.0) < 1e-80


def test_expected_count_drops_the_busiest_day_and_adds_one():
    assert expected_count([0] * 28, 28) == pytest.approx(1 / 28)
    assert expected_count([2] * 27 + [40], 28) == pytest.approx((54 + 1) / 28)


@pytest.mark.parametrize("field, kwargs", [("window_hours", {"window_hours": 0}),
                                           ("baseline_days", {"baseline_days": 3}),
                                           ("alpha", {"alpha": 1.5}), ("min_ratio", {"min_ratio": 0.5})])
def test_a_nonsense_rule_is_refused(field, kwargs):
    with pytest.raises(ValidationError) as err:
        WarningRule(**kwargs)
    assert err.value.field == field
