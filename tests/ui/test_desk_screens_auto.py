"""A desk started on a machine with several monitors (Qt's offscreen platform told it has three or
two screens): without options the panels go one monitor group each; ``--screens 1`` keeps them
on the first monitor. Nothing lies across a bezel."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.ui.desk_world import PASSWORD, desk_world
from tests.ui.test_desk_xvfb import ROOT, wait_for
from ui.desk.screen_plan import crosses

pytestmark = [pytest.mark.gui, pytest.mark.webview]
MONITORS = [(0, 0, 1920, 1080), (1920, 0, 1920, 1080), (3840, 0, 1920, 1080)]


def screens_config(path, monitors):
    path.write_text(json.dumps({"screens": [
        {"name": f"monitor{i}", "x": x, "y": y, "width": w, "height": h, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1} for i, (x, y, w, h) in enumerate(monitors)]}), encoding="utf-8")
    return path


def docks_of_a_desk(tmp_path, url, monitors, *options):
    geometry = tmp_path / "geometry.json"
    config = screens_config(tmp_path / "screens.json", monitors)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "CC_TEST_PASSWORD": PASSWORD,
           "COMMANDCENTER_GEOMETRY_FILE": str(geometry), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu"}
    desk = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "desk", "--db", url, "--lang", "en",
                             "--user", "disp", "--password-env", "CC_TEST_PASSWORD", *options],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ready():
        try:
            data = json.loads(geometry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if all(d["visible"] for d in data["docks"].values()) else None

    try:
        return wait_for(lambda: desk.poll() is None and ready(), 60, "the desk's panels")
    finally:
        desk.terminate()
        desk.wait(15)


def monitor_of(rect, monitors):
    return next(i for i, m in enumerate(monitors) if not crosses(rect, m) and m[0] <= rect[0] < m[0] + m[2])


@pytest.mark.parametrize("count", [3, 2])
def test_on_several_monitors_the_panels_go_one_group_per_monitor(sqlite_url, tmp_path, count):
    desk_world(sqlite_url, dispatching=2, handling=1)
    monitors = MONITORS[:count]
    data = docks_of_a_desk(tmp_path, sqlite_url, monitors)
    docks = {name: dock["rect"] for name, dock in data["docks"].items()}
    for name, rect in docks.items():
        for monitor in monitors:
            assert not crosses(rect, monitor), f"{name} {rect} across {monitor}"
    placed = {name: monitor_of(rect, monitors) for name, rect in docks.items()}
    expected = {"queue": 0, "panel": 0, "map": 1, "board": 2} if count == 3 else \
        {"queue": 0, "panel": 0, "map": 1, "board": 1}
    assert placed == expected
    assert data["docks"]["board"]["floating"] and not data["docks"]["queue"]["floating"]


def test_screens_1_keeps_the_desk_on_the_first_monitor(sqlite_url, tmp_path):
    desk_world(sqlite_url, dispatching=2, handling=1)
    data = docks_of_a_desk(tmp_path, sqlite_url, MONITORS[:2], "--screens", "1")
    assert not any(dock["floating"] for dock in data["docks"].values())
    for name, dock in data["docks"].items():
        assert not crosses(dock["rect"], MONITORS[0]) and dock["rect"][0] < 1920, name
