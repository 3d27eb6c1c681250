"""Read-only and private: no reporter's name or phone number in any text the wall shows, and
the wall's own connection cannot write (SQLite: refused by the database file's query-only mode)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from tests.wall.screen_texts import page_text, widget_texts  # noqa: E402
from tests.wall.wall_world import REPORTER_NAME, REPORTER_PHONE, loaded_session, wall_args  # noqa: E402
from tests.world import cell_point  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]

SECRETS = (REPORTER_NAME, REPORTER_NAME[0] + "*", REPORTER_NAME[1:], REPORTER_PHONE, REPORTER_PHONE[:3] + "*",
           REPORTER_PHONE[-4:], REPORTER_PHONE[3:7])


@pytest.fixture(params=["en", "zh"])
def wall(request, qtbot, world):
    session = loaded_session(world.url, at=world.now)
    window = build_wall(session, wall_args(world.url, lang=request.param))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(window.map.is_ready, timeout=30_000)
    yield window
    window.close()


def js(qtbot, view: QWebEngineView, expression: str):
    result = []
    view.page().runJavaScript(f"JSON.stringify({expression})", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    return json.loads(result[0])


def test_no_reporter_name_or_phone_in_any_text_of_the_wall(qtbot, wall, world):
    cases = list(wall.session.picture.cases.values())
    assert cases and all(c.reporter_name == REPORTER_NAME and c.reporter_phone == REPORTER_PHONE for c in cases)
    web = wall.map.findChild(QWebEngineView)
    qtbot.waitUntil(lambda: js(qtbot, web, "ccMap.probe.state()")["markers"] > 0,
                    timeout=5000)
    # hover the urgent case so its tooltip is on the page too
    urgent = wall.session.picture.cases[world.urgent_ids[0]]
    x, y = js(qtbot, web, f"ccMap.probe.containerPoint({urgent.lon}, {urgent.lat})")
    QTest.mouseMove(web.focusProxy(), QPoint(1, 1))
    QTest.mouseMove(web.focusProxy(), QPoint(round(x), round(y)))
    qtbot.waitUntil(lambda: urgent.number in page_text(qtbot, wall.map), timeout=5000)

    texts = widget_texts(wall) + wall.marker_labels() + [page_text(qtbot, wall.map)]
    shown = "\n".join(texts)
    assert urgent.number in shown and any(c.number in shown for c in cases if c.is_overdue(world.now))
    for secret in SECRETS:
        assert secret not in shown, secret


def test_the_walls_connection_cannot_write(world):
    session = loaded_session(world.url)
    lon, lat = cell_point(0)
    with pytest.raises(DBAPIError, match="readonly|read-only|query_only"):
        session.runtime.service.report("sup", source="hotline", class_code="E0101", lon=lon, lat=lat,
                                       description="written by the wall?")
