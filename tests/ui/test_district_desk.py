"""A district's desk in a city database: ``desk --district`` shows that district's map and cases
only; a user assigned to a district sees only its cases on a city-wide desk."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from commandcenter.districts import case_district  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.db.test_city_districts import EAST, city, report_in  # noqa: E402,F401
from tests.ui.desk_world import close_desk, desk_args  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def db_url(sqlite_url):
    return sqlite_url


def _open(qtbot, url, user_name, tmp_path, district=None):
    from ui.desk.startup import build_desk
    from ui.session import open_session

    args = desk_args(url)
    args.district = district
    session = open_session(args, show_progress=False)
    user = next(u for u in session.data.users if u.name == user_name)
    window = build_desk(session, args, user, settings=QSettings(str(tmp_path / "d.ini"), QSettings.Format.IniFormat))
    session.start()
    window.show()
    qtbot.waitUntil(lambda: session.picture.source_name == "live" and bool(session.picture.cases), timeout=10_000)
    return window


def _two_district_cases(rt):
    report_in(rt, rt.district_map.grid("990101001001001"))
    report_in(rt, rt.district_map.grid(EAST + "001001001"))
    report_in(rt, rt.district_map.grid(EAST + "001002001"))


def test_desk_district_option_shows_one_districts_map_and_cases(qtbot, city, tmp_path):
    rt, url = city
    _two_district_cases(rt)
    window = _open(qtbot, url, "disp", tmp_path, district=EAST)
    try:
        session = window.session
        assert {case_district(c) for c in session.picture.cases.values()} == {EAST}
        assert len(session.picture.cases) == 2
        assert {g.code[:6] for g in session.runtime.district_map.grids} == {EAST}
        assert len(session.data.geography.cells) == 16
        # a new report in the other district never reaches this desk's picture
        report_in(rt, rt.district_map.grid("990101001001002"))
        last = report_in(rt, rt.district_map.grid(EAST + "001002002"))
        qtbot.waitUntil(lambda: last.id in session.picture.cases, timeout=10_000)
        assert {case_district(c) for c in session.picture.cases.values()} == {EAST}
    finally:
        close_desk(window)


def test_a_district_users_desk_holds_only_their_districts_cases(qtbot, city, tmp_path):
    rt, url = city
    _two_district_cases(rt)
    assert backend.counts(rt.store)["cases"] == 3
    window = _open(qtbot, url, "disp_w", tmp_path)
    try:
        assert {case_district(c) for c in window.session.picture.cases.values()} == {"990101"}
    finally:
        close_desk(window)
