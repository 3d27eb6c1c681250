"""A call from the phone to a department, in real windows under Xvfb with the real keyboard and
mouse (xdotool): a call-taker's ``python main.py desk`` records the call with the keyboard only
(F2, the phone number, the class by its pinyin initials, a grid code, Ctrl+Enter) and the
database holds a new hotline case on that grid; once accepted and registered, a dispatcher's desk
on the same database picks it in the dispatch queue with the mouse and sends it with Ctrl+D, and
after the undo time the case is in handling at the class's department, its last event the
dispatch. No single role both records and dispatches, so two desks run one after the other."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from commandcenter.case import Source, Status
from tests.ui import intake_keys
from tests.ui.desk_world import CLASSES, PASSWORD, desk_world
from tests.ui.test_desk_board_xvfb import geometry_of
from tests.ui.test_desk_xvfb import ROOT, SHOTS, TOOLS, centre, wait_for, xdotool, xserver  # noqa: F401

pytestmark = [pytest.mark.xvfb, pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS), reason="needs Xvfb, xdotool and ImageMagick")]

DESK_TITLE = "control desk"
FORM_TITLE = "Intake: record a report"


def visible_windows(display: str, title: str, pid: int) -> list[str]:
    """The ids of the process's shown X windows whose title contains ``title``."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", title],
                           env={**os.environ, "DISPLAY": display}, capture_output=True, text=True)
    return found.stdout.split()


class Desk:
    """``python main.py desk`` signed in as ``user``, telling where its widgets are."""

    def __init__(self, display: str, url: str, user: str, tmp_path):
        self.display, self.user = display, user
        self.geometry_file = tmp_path / f"geometry-{user}.json"
        self.log = tmp_path / f"desk-{user}.log"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "CC_TEST_PASSWORD": PASSWORD,
               "COMMANDCENTER_GEOMETRY_FILE": str(self.geometry_file),
               "XDG_CONFIG_HOME": str(tmp_path / f"config-{user}")}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "desk", "--db", url, "--lang", "en",
             "--user", user, "--password-env", "CC_TEST_PASSWORD"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def seen(self, condition, what: str, timeout_s: float = 30):
        """The desk's geometry once ``condition`` holds for it (the desk must stay up)."""
        def check():
            assert self.process.poll() is None, f"the {self.user} desk exited"
            geometry = geometry_of(self.geometry_file)
            return geometry if geometry is not None and condition(geometry) else None
        return wait_for(check, timeout_s, what)

    def window(self, title: str, what: str, timeout_s: float = 30) -> str:
        return wait_for(lambda: self.process.poll() is None and next(iter(
            visible_windows(self.display, title, self.process.pid)), None), timeout_s, what)

    def focus(self, title: str, what: str) -> None:
        """Give the keyboard to the desk's window titled ``title`` (there is no window manager)."""
        xdotool(self.display, "windowfocus", "--sync", self.window(title, what))
        wait_for(lambda: title in focused_title(self.display), 10, f"{what} with the keyboard focus")
        time.sleep(0.2)   # (between xdotool actions)

    def close(self) -> None:
        self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        self.log.write_bytes(output or b"")


def press(display: str, script) -> None:
    """The call-taker's keys, as in tests/ui/intake_keys.py (ASCII only), on the real keyboard."""
    for step in script:
        if step[0] == "type":
            xdotool(display, "type", "--delay", "40", step[1])
        else:
            xdotool(display, "key", f"{step[2]}+{step[1]}" if step[2] else step[1])
        time.sleep(0.15)   # (between key strokes, as a hand types)


def focused_title(display: str) -> str:
    """The title of the X window holding the keyboard focus."""
    found = subprocess.run(["xdotool", "getwindowfocus", "getwindowname"],
                           env={**os.environ, "DISPLAY": display}, capture_output=True, text=True)
    return found.stdout.strip()


def screenshot(display: str, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["import", "-window", "root", str(SHOTS / name)],
                   env={**os.environ, "DISPLAY": display}, check=False, timeout=30)


def test_a_call_recorded_at_one_desk_is_dispatched_from_another(xserver, sqlite_url, tmp_path):
    world = desk_world(sqlite_url, dispatching=2, handling=0)
    store = world.runtime.store
    before = {case.id for case in store.load_cases()}

    # The phone rings at the call-taker's desk: F2, then the call with the keyboard only.
    taker = Desk(xserver, sqlite_url, "taker", tmp_path)
    try:
        taker.seen(lambda g: g["queue"]["key"] == "intake", "the call-taker's desk", 60)
        taker.focus(DESK_TITLE, "the call-taker's window")
        press(xserver, intake_keys.SCRIPT[:1])
        wait_for(lambda: FORM_TITLE in focused_title(xserver), 30, "the intake form with the keyboard focus")
        time.sleep(0.3)   # (between xdotool actions: let Qt put the focus on the phone field)
        press(xserver, intake_keys.SCRIPT[1:-1])
        screenshot(xserver, "intake_form_filled.png")
        press(xserver, intake_keys.SCRIPT[-1:])
        new = wait_for(lambda: [c for c in store.load_cases() if c.id not in before], 20, "the recorded case")
        wait_for(lambda: FORM_TITLE not in focused_title(xserver), 20, "the form closing")
    finally:
        taker.close()
    assert len(new) == 1
    case = new[0]
    assert (case.source, case.status, case.class_code) == (Source.HOTLINE, Status.REPORTED, intake_keys.CLASS_CODE)
    assert (case.grid_code, case.community_code) == (intake_keys.GRID_CODE, intake_keys.COMMUNITY_CODE)
    assert (case.reporter_phone, case.description, case.reported_by) == (
        intake_keys.PHONE, intake_keys.DESCRIPTION, "taker")
    assert store.events_of_case(case.id)[-1].type == "report"

    # Accepted and registered (受理, 立案) by their posts, through the service of another process.
    service = world.service()
    service.act("taker", case.id, "accept")
    service.act("leader", case.id, "register")

    # The dispatcher picks the new case in the dispatch queue with the mouse and presses Ctrl+D.
    dispatcher = Desk(xserver, sqlite_url, "disp", tmp_path)
    try:
        geometry = dispatcher.seen(lambda g: g["queue"]["key"] == "dispatch" and any(
            row["case_id"] == case.id for row in g["queue"]["rows"]), "the case in the dispatch queue", 60)
        dispatcher.focus(DESK_TITLE, "the dispatcher's window")
        row = next(row for row in geometry["queue"]["rows"] if row["case_id"] == case.id)
        xdotool(xserver, "mousemove", *centre(row["rect"]))
        time.sleep(0.2)   # (between xdotool actions)
        xdotool(xserver, "click", 1)
        time.sleep(0.3)   # (between xdotool actions: the row is selected)
        xdotool(xserver, "key", "ctrl+d")
        screenshot(xserver, "intake_dispatch_pending.png")
        department = dict(CLASSES)[intake_keys.CLASS_CODE]
        wait_for(lambda: store.case(case.id).status is Status.HANDLING, 30, "the dispatch")
    finally:
        dispatcher.close()
    stored = store.case(case.id)
    assert (stored.department_code, stored.dispatched_by) == (department, "disp")
    event = store.events_of_case(case.id)[-1]
    assert (event.type, event.actor, event.payload["department"]) == ("dispatch", "disp", department)
