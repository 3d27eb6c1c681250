"""The real thing: ``python main.py desk`` in a real X window under Xvfb, a case dragged by the
mouse (xdotool) from the dispatch queue onto its department's column on the linkage board; after
the undo time the database holds the dispatch and its event.

The desk tells where its widgets are through $COMMANDCENTER_GEOMETRY_FILE (a support hook)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commandcenter.case import Status
from tests.ui.desk_world import CLASSES, PASSWORD, desk_world

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/work/shots")
TOOLS = ("Xvfb", "xdotool", "import")

pytestmark = [pytest.mark.xvfb, pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS), reason="needs Xvfb, xdotool and ImageMagick")]


def free_display() -> int:
    number = 91
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return number


@pytest.fixture
def xserver():
    number = free_display()
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    display = f":{number}"
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.05)
    yield display
    server.terminate()
    server.wait(10)


def wait_for(condition, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def read_geometry(path: Path) -> dict | None:
    try:
        geometry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return geometry if geometry["queue"]["rows"] and geometry["board"] else None


def centre(rect) -> tuple[int, int]:
    x, y, width, height = rect
    return x + width // 2, y + height // 2


def xdotool(display: str, *args) -> None:
    subprocess.run(["xdotool", *map(str, args)], env={**os.environ, "DISPLAY": display}, check=True)


def drag(display: str, start: tuple[int, int], end: tuple[int, int], steps: int = 12) -> None:
    """Press, move in small steps (Qt starts a drag only after the mouse has moved), release."""
    xdotool(display, "mousemove", *start)
    time.sleep(0.2)
    xdotool(display, "mousedown", 1)
    time.sleep(0.2)
    for step in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * step // steps
        y = start[1] + (end[1] - start[1]) * step // steps
        xdotool(display, "mousemove", x, y)
        time.sleep(0.05)
    time.sleep(0.3)
    xdotool(display, "mouseup", 1)


def test_dragging_a_queue_row_onto_a_department_column_dispatches_it(xserver, sqlite_url, tmp_path):
    world = desk_world(sqlite_url, dispatching=3, handling=1)
    geometry_file = tmp_path / "geometry.json"
    env = {**os.environ, "DISPLAY": xserver, "QT_QPA_PLATFORM": "xcb", "CC_TEST_PASSWORD": PASSWORD,
           "COMMANDCENTER_GEOMETRY_FILE": str(geometry_file), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    desk = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "desk", "--db", sqlite_url, "--lang", "en",
         "--user", "disp", "--password-env", "CC_TEST_PASSWORD"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        geometry = wait_for(lambda: desk.poll() is None and read_geometry(geometry_file), 60, "the desk's window")
        assert geometry["queue"]["key"] == "dispatch"
        time.sleep(1.0)   # let the first paint settle before the mouse moves
        geometry = read_geometry(geometry_file)
        row = geometry["queue"]["rows"][0]
        case_id = row["case_id"]
        case = world.runtime.store.case(case_id)
        department = dict(CLASSES)[case.class_code]   # the class's default: no confirmation asked
        drag(xserver, centre(row["rect"]), centre(geometry["board"][department]))
        time.sleep(0.5)
        SHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(SHOTS / "desk_drag.png")],
                       env={**os.environ, "DISPLAY": xserver}, check=False, timeout=30)
        assert world.runtime.store.case(case_id).status is Status.DISPATCHING   # undo time runs
        wait_for(lambda: world.runtime.store.case(case_id).status is Status.HANDLING, 15, "the dispatch")
        stored = world.runtime.store.case(case_id)
        assert stored.department_code == department and stored.dispatched_by == "disp"
        event = world.runtime.store.events_of_case(case_id)[-1]
        assert (event.type, event.actor, event.payload["department"]) == ("dispatch", "disp", department)
    finally:
        desk.terminate()
        try:
            output, _ = desk.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            desk.kill()
            output, _ = desk.communicate()
        (tmp_path / "desk.log").write_bytes(output or b"")
