"""The wall at 03:00 (``snapshot wall --at``) on a demo database: the picture is the log as it
stood then, the clock reads 03:00, and nothing misleads a leader looking at it — the on-time
closing rate over the night's few closes reads as its counts ("… / … 应结案"), no empty figure is
"与昨日持平", today's trend point is marked provisional or left out with a word, and the
estimated-holidays warning is on the wall whenever the calendar lacks an official year."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from datetime import datetime, timedelta, timezone  # noqa: E402

import pytest  # noqa: E402

from commandcenter.clock import LOCAL_TZ, local  # noqa: E402
from commandcenter.demo import build_demo  # noqa: E402
from commandcenter.errors import ValidationError  # noqa: E402
from db import open_store  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.screen_texts import widget_texts  # noqa: E402
from tests.wall.wall_world import wall_args  # noqa: E402
from ui.app import install_language  # noqa: E402
from ui.wall.moment import parse_moment  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]

START = datetime(2026, 11, 2, 16, 0, tzinfo=timezone.utc)    # Tuesday 00:00 in Beijing
NIGHT = "2026-11-05 03:00"                                   # Thursday 03:00, inside the history


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('night') / 'demo.sqlite'}"
    build_demo(open_store(url), backend, seed=0, start=START, days=4)
    return url


@pytest.fixture
def night_wall(qapp, qtbot, demo_url):
    from ui.session import open_session

    install_language(qapp, "zh")
    args = wall_args(demo_url, lang="zh", at=NIGHT)
    session = open_session(args, read_only=True, show_progress=False)
    wall = build_wall(session, args)
    wall.resize(3840, 2160)
    wall.show()
    session.start()
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=30_000)
    yield wall
    session.close()
    wall.close()
    wall.deleteLater()
    install_language(qapp, "en")


def test_the_moment_is_read_in_beijing_time_and_a_bad_one_is_refused():
    assert parse_moment("2026-11-05 03:00") == datetime(2026, 11, 5, 3, 0, tzinfo=LOCAL_TZ)
    assert parse_moment("2026-11-05T03:00:30+00:00").utcoffset() == timedelta(0)
    for bad in ("2026-11-05", "03:00", "tomorrow night"):
        with pytest.raises(ValidationError, match="--at"):
            parse_moment(bad)


def test_the_wall_at_three_in_the_night_reads_true(night_wall, demo_url):
    wall = night_wall
    figures = wall.figures
    at = parse_moment(NIGHT)
    # the picture is the log as it stood at 03:00, not the cases as they are now
    assert figures.now == at and local(wall.session.picture.now()).strftime("%H:%M") == "03:00"
    assert all(c.created_at <= at for c in wall.session.picture.cases.values())
    assert "03:00:00" in wall.header.clock.texts()

    tiles = wall.kpis.tiles
    rate = tiles["on_time_closing_rate"].number_text()
    assert rate.endswith("应结案") and "%" not in rate, rate   # the night's few closes: counts, not a rate
    for key, tile in tiles.items():
        assert "与昨日持平" not in tile.change_text() or tile.number_text() != "0", key

    trend = figures.on_time_trend
    assert trend[-1].provisional and trend[-1].day == at.date() and not any(p.provisional for p in trend[:-1])
    words = wall.trend.visible_texts()
    assert ("○ 今日截至目前" in words) if trend[-1].rate is not None else ("○ 今日结案尚少，暂不画点" in words)

    calendar = wall.context.calendar
    missing = calendar.official_calendar_missing(calendar.years_in_use(figures.now))
    assert wall.header.calendar_warning.isVisible() == bool(missing)
    texts = " ".join(widget_texts(wall))
    assert "0.0%" not in texts
