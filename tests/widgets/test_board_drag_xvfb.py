"""The real thing, for the board's virtual lists: a board in a real X window under Xvfb, a card
dragged by the mouse (xdotool) out of its department's list onto another department's list asks
for a re-dispatch there; a plain click on a card selects its case."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.ui.test_desk_xvfb import ROOT, TOOLS, drag, wait_for, xdotool, xserver  # noqa: F401
import shutil

pytestmark = [pytest.mark.xvfb, pytest.mark.gui, pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS), reason="needs Xvfb, xdotool and ImageMagick")]

APP = r"""
import json, sys
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from tests.widgets.desk_helpers import at, make_world
from widgets.linkage_board import LinkageBoard

out = sys.argv[1]
world = make_world()
moving = world.being_handled(department="szsr", dispatched=at(9, 10))
for i in range(300):                      # a long list in the target column
    world.being_handled(department="ylyh", grid=i % 16, dispatched=at(9, i % 50))
board = LinkageBoard(world.signals, world.context)
board.set_pinned(["szsr", "ylyh"])
board.setGeometry(0, 0, 1600, 420)
board.show()
told = {"requests": [], "selected": []}

def write(**extra):
    told.update(extra)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(told, f)

board.sig_dispatch_requested.connect(lambda *args: write(requests=told["requests"] + [list(args)]))
board.sig_case_selected.connect(lambda case_id: write(selected=told["selected"] + [case_id]))

def tell():
    source, target = board.columns["szsr"], board.columns["ylyh"]
    card = source.card_of(moving).visual_rect().center()
    where = source.view.viewport().mapToGlobal(card)
    aim = target.view.viewport().mapToGlobal(target.view.viewport().rect().center())
    write(moving=moving, card=[where.x(), where.y()], target=[aim.x(), aim.y()],
          version=world.picture.cases[moving].version, order=board.order())

ticker = QTimer(interval=300)             # where things are now (a selection reorders the columns)
ticker.timeout.connect(tell)
ticker.start()
QTimer.singleShot(60_000, app.quit)
sys.exit(app.exec())
"""


def test_a_card_dragged_by_the_mouse_onto_another_column_asks_for_a_redispatch(xserver, tmp_path):
    told = tmp_path / "told.json"
    env = {**os.environ, "DISPLAY": xserver, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([sys.executable, "-c", APP, str(told)], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def read():
        try:
            return json.loads(told.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    try:
        state = wait_for(lambda: app.poll() is None and (s := read()) is not None and "card" in s and s, 60,
                         "the board's window")
        card, target = tuple(state["card"]), tuple(state["target"])
        xdotool(xserver, "mousemove", *card)
        time.sleep(0.2)
        xdotool(xserver, "click", 1)
        state = wait_for(lambda: (s := read()) and s["selected"] and s, 20, "the card's case selected")
        assert state["selected"] == [state["moving"]]
        # Selected, its class's department (zlsw) comes first: where the columns are now.
        state = wait_for(lambda: (s := read()) and s["order"][0] == "zlsw" and s, 20, "the columns reordered")
        card, target = tuple(state["card"]), tuple(state["target"])
        drag(xserver, card, target)
        state = wait_for(lambda: (s := read()) and s["requests"] and s, 20, "the drop")
        assert state["requests"] == [[state["moving"], state["version"], "ylyh", "szsr"]]
    finally:
        app.terminate()
        try:
            app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            app.communicate()
