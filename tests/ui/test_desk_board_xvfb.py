"""A real desk in a real X window under Xvfb: the operator floats the linkage board off the
window (double-click on its title), then drags a case with the mouse from the dispatch queue to
the department at the far end of the board — held at the board's right edge until it has
scrolled there — confirms the department, and after the undo time the database holds the
dispatch and its event."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from commandcenter.case import Status
from tests.ui.desk_world import CLASSES, PASSWORD, desk_world
from tests.ui.test_desk_xvfb import ROOT, SHOTS, TOOLS, centre, wait_for, xdotool, xserver  # noqa: F401
import shutil

pytestmark = [pytest.mark.xvfb, pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS), reason="needs Xvfb, xdotool and ImageMagick")]


def geometry_of(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def inside(rect, area) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and x + w <= ax + aw and ay <= y and y + h <= ay + ah


def glide(display, start, end, steps=10):
    for step in range(1, steps + 1):
        xdotool(display, "mousemove", start[0] + (end[0] - start[0]) * step // steps,
                start[1] + (end[1] - start[1]) * step // steps)
        time.sleep(0.04)   # (between mouse moves, as a hand moves)


def test_a_case_dragged_to_the_far_end_of_a_floating_board_is_dispatched_there(xserver, sqlite_url, tmp_path):
    world = desk_world(sqlite_url, dispatching=3, handling=1)
    target_file = tmp_path / "geometry.json"
    env = {**os.environ, "DISPLAY": xserver, "QT_QPA_PLATFORM": "xcb", "CC_TEST_PASSWORD": PASSWORD,
           "COMMANDCENTER_GEOMETRY_FILE": str(target_file), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    desk = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "desk", "--db", sqlite_url, "--lang", "en",
         "--user", "disp", "--password-env", "CC_TEST_PASSWORD"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def seen(condition, what, timeout_s=30):
        return wait_for(lambda: desk.poll() is None and (g := geometry_of(target_file)) is not None
                        and condition(g) and g, timeout_s, what)

    try:
        geometry = seen(lambda g: g["queue"]["rows"] and g["board"], "the desk's window", 60)
        assert geometry["queue"]["key"] == "dispatch" and not geometry["docks"]["board"]["floating"]

        # Float the board: a double-click on its title bar.
        xdotool(xserver, "mousemove", *centre(geometry["docks"]["board"]["title"]))
        xdotool(xserver, "click", "--repeat", "2", "--delay", "80", 1)
        geometry = seen(lambda g: g["docks"]["board"]["floating"], "the board floating")

        # Pick the case: the board puts its class's department first; the far end is another one.
        row = geometry["queue"]["rows"][0]
        case_id = row["case_id"]
        default = dict(CLASSES)[world.runtime.store.case(case_id).class_code]
        xdotool(xserver, "mousemove", *centre(row["rect"]))
        xdotool(xserver, "click", 1)
        geometry = seen(lambda g: g["board_order"][0] == default, "the board ordered for the case")
        far = geometry["board_order"][-1]
        view = geometry["board_view"]
        assert not inside(geometry["board"][far], view), "the far department should need scrolling"

        # Drag the row to the board's right edge and hold it there until the board has scrolled.
        start = centre(row["rect"])
        edge = (view[0] + view[2] - 12, view[1] + view[3] // 2)
        xdotool(xserver, "mousemove", *start)
        xdotool(xserver, "mousedown", 1)
        glide(xserver, start, edge, 14)
        geometry = seen(lambda g: inside(g["board"][far], g["board_view"]), "the board scrolled to the far end")
        glide(xserver, edge, centre(geometry["board"][far]), 6)
        time.sleep(0.2)
        xdotool(xserver, "mouseup", 1)

        # A department other than the class's default asks first: the operator says Yes.
        geometry = seen(lambda g: g["dialog"] and "Yes" in g["dialog"]["buttons"], "the confirmation")
        xdotool(xserver, "mousemove", *centre(geometry["dialog"]["buttons"]["Yes"]))
        xdotool(xserver, "click", 1)
        SHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(SHOTS / "desk_board_far_drag.png")],
                       env={**os.environ, "DISPLAY": xserver}, check=False, timeout=30)
        wait_for(lambda: world.runtime.store.case(case_id).status is Status.HANDLING, 20, "the dispatch")
        stored = world.runtime.store.case(case_id)
        assert stored.department_code == far and stored.dispatched_by == "disp"
        event = world.runtime.store.events_of_case(case_id)[-1]
        assert (event.type, event.actor, event.payload["department"]) == ("dispatch", "disp", far)
    finally:
        desk.terminate()
        try:
            output, _ = desk.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            desk.kill()
            output, _ = desk.communicate()
        (tmp_path / "desk.log").write_bytes(output or b"")
