"""The wall's figures: the KPI tiles equal ``commandcenter kpi`` for the same windows, and the
charts, ticker and early warnings follow the cases."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from commandcenter.cli import main as cli_main
from commandcenter.clock import local
from commandcenter.queues import DeadlineClock
from db.backend import backend
from tests.wall.wall_world import BURST_REPORTS, loaded_session
from commandcenter.kpi_asof import MIN_RATE_DENOMINATOR, TODAY_TILES, StoreKpis
from ui.wall.presenter import WallPresenter, local_midnight


@pytest.fixture(scope="module")
def session(world):
    return loaded_session(world.url, at=world.now)


@pytest.fixture(scope="module")
def figures(world, session):
    runtime = session.runtime
    presenter = WallPresenter(deadline_clock=DeadlineClock(runtime.catalog, runtime.calendar),
                              district_map=runtime.district_map, kpi_source=StoreKpis(backend, session.store))
    return presenter.figures(list(session.picture.cases.values()), world.now)


def cli_kpi(capsys, url, start, end, by="all") -> list[dict]:
    argv = ["kpi", "--db", url, "--from", local(start).isoformat(), "--to", local(end).isoformat(),
            "--by", by, "--format", "json"]
    assert cli_main(argv, backend) == 0
    return json.loads(capsys.readouterr().out)["rows"]


def test_today_tiles_equal_the_kpi_command(capsys, world, figures):
    [row] = cli_kpi(capsys, world.url, local_midnight(world.now), world.now)
    assert figures.today.as_dict() == {k: v for k, v in row.items() if k != "all"}
    for tile in figures.kpis:
        assert tile.value == row[tile.key]
    assert {t.key for t in figures.kpis} == set(TODAY_TILES)


def test_the_change_is_against_the_same_hours_yesterday(capsys, world, figures):
    day = timedelta(days=1)
    [row] = cli_kpi(capsys, world.url, local_midnight(world.now) - day, world.now - day)
    assert figures.yesterday.as_dict() == {k: v for k, v in row.items() if k != "all"}
    reported = next(t for t in figures.kpis if t.key == "reported")
    assert reported.change == row["reported"] * -1 + figures.today.reported


def test_department_rates_equal_the_kpi_command_for_30_days(capsys, world, figures):
    rows = cli_kpi(capsys, world.url, local_midnight(world.now) - timedelta(days=29), world.now, by="department")
    by_code = {r["department"]: r for r in rows}
    assert figures.departments
    for department in figures.departments:
        assert department.on_time_handling_rate == by_code[department.code]["on_time_handling_rate"]


def test_intake_per_hour_counts_todays_reports(world, figures, session):
    today = local(world.now).date()
    reported_today = [c for c in session.picture.cases.values() if local(c.created_at).date() == today]
    assert sum(figures.hourly_today) == len(reported_today) == figures.today.reported
    assert len(figures.hourly_today) == local(world.now).hour + 1
    assert figures.usual_weeks == 1 and len(figures.hourly_usual) == 24


def test_a_burst_in_one_grid_is_an_early_warning_on_the_map_and_first_in_the_ticker(world, figures):
    grid_warnings = [w for w in figures.warnings if w.level == "grid"]
    assert [(w.code, w.count) for w in grid_warnings] == [(world.burst_grid, BURST_REPORTS)]
    assert world.burst_grid in figures.flagged_cells
    assert figures.ticker[0].kind == "warning" and figures.ticker[0].warning.code == world.burst_grid


def test_urgent_cases_are_on_the_map_and_in_the_ticker(world, figures):
    assert {m.case_id for m in figures.markers} == set(world.urgent_ids)
    assert [t.case_id for t in figures.ticker if t.kind == "urgent"] == world.urgent_ids


def test_overdue_cases_in_the_ticker_are_the_open_overdue_ones(world, figures, session):
    overdue = {c.id for c in session.picture.cases.values() if c.is_overdue(world.now)}
    listed = [t for t in figures.ticker if t.kind == "overdue"]
    assert listed and {t.case_id for t in listed} <= overdue
    assert [t.overdue_hours for t in listed] == sorted((t.overdue_hours for t in listed), reverse=True)
    assert sum(figures.overdue_per_cell.values()) == len(overdue)


def test_each_day_of_the_trend_equals_the_kpi_command_for_that_day(capsys, world, figures):
    assert len(figures.on_time_trend) == 30
    assert [p.provisional for p in figures.on_time_trend] == [False] * 29 + [True]
    assert figures.on_time_trend[-1].day == local(world.now).date()
    assert figures.on_time_trend[0].rate is None   # before the history began
    for point in figures.on_time_trend[-4:]:
        start = local_midnight(world.now) - timedelta(days=(local(world.now).date() - point.day).days)
        [row] = cli_kpi(capsys, world.url, start, min(world.now, start + timedelta(days=1)))
        # a day with too few cases due to close is a gap in the line, not a dive to 0 %
        tiny = row["due_to_close"] < MIN_RATE_DENOMINATOR
        assert point.rate == (None if tiny else row["on_time_closing_rate"])


def test_streets_compare_open_and_overdue_cases(figures, session, world):
    open_cases = [c for c in session.picture.cases.values() if c.is_open]
    assert sum(s.open for s in figures.streets) == len(open_cases)
    assert sum(s.overdue for s in figures.streets) == sum(1 for c in open_cases if c.is_overdue(world.now))


def test_a_street_warning_flags_the_cells_its_burst_came_from():
    from dataclasses import replace
    from datetime import datetime, timezone

    from commandcenter.case import Case, Source, Status, Tier

    now = datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc)
    base = Case(id=0, number="", version=1, status=Status.REPORTED, source=Source.HOTLINE, kind="event",
                class_code="E0101", tier=Tier.GENERAL, description="", lon=0, lat=0, grid_code="",
                community_code="990101001001", street_code="990101001", created_at=now, stage_started_at=now,
                stage_deadline=None, updated_at=now, updated_by="sup")
    history = [replace(base, id=100 + d, grid_code="990101001001009", created_at=now - timedelta(days=d, hours=1))
               for d in range(1, 29)]
    burst = [replace(base, id=i, grid_code=f"990101001001{i:03d}", created_at=now - timedelta(minutes=10 + i))
             for i in range(1, 8)]
    presenter = WallPresenter(deadline_clock=None)
    figures = presenter.figures(history + burst, now)
    assert [(w.level, w.code) for w in figures.warnings] == [("street", "990101001")]
    assert set(figures.flagged_cells) == {c.grid_code for c in burst}


def test_a_drilled_down_street_has_the_kpi_commands_figures_and_its_communities(capsys, world, session):
    from ui.wall.selection import Selection

    runtime = session.runtime
    presenter = WallPresenter(deadline_clock=DeadlineClock(runtime.catalog, runtime.calendar),
                              district_map=runtime.district_map, kpi_source=StoreKpis(backend, session.store))
    cases = list(session.picture.cases.values())
    street = world.burst_grid[:9]
    figures = presenter.figures(cases, world.now, Selection("street", street))
    rows = cli_kpi(capsys, world.url, local_midnight(world.now), world.now, by="street")
    row = next(r for r in rows if r["street"] == street)
    assert figures.today.as_dict() == {k: v for k, v in row.items() if k != "street"}
    assert figures.area_level == "community"
    assert {a.code[:9] for a in figures.streets} == {street}
    assert sum(a.open for a in figures.streets) == sum(1 for c in cases if c.is_open and c.street_code == street)
    # emergencies stay district-wide while a street is shown
    district = presenter.figures(cases, world.now)
    assert figures.ticker == district.ticker and figures.warnings == district.warnings
    grid = presenter.figures(cases, world.now, Selection("grid", world.burst_grid))
    assert grid.area_level is None and grid.streets == ()
    assert grid.today.reported == sum(1 for c in cases if c.grid_code == world.burst_grid
                                      and local_midnight(world.now) <= c.created_at < world.now)
