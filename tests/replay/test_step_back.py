"""Step back in a replay: each step back shows exactly the situation before the last event, down
to the start of the period; and in the trainer's window a selected case that leaves its queue
leaves the selection empty instead of jumping to another case."""
from __future__ import annotations

import argparse
from datetime import timedelta

import pytest

from commandcenter.replay import Replay
from commandcenter.situation import SituationPicture
from db.backend import backend


def test_stepping_back_undoes_each_step(history):
    scenario = history.scenario()
    replay = Replay(scenario, SituationPicture())
    replay.jump(history.start + timedelta(hours=10))
    seen = []
    for _ in range(25):
        seen.append((replay.position, dict(replay.picture.cases)))
        replay.step()
    for position, cases in reversed(seen):
        event = replay.step_back()
        assert event is not None and replay.position == position
        assert replay.picture.cases == cases
        assert replay.time <= event.at


def test_stepping_back_stops_at_the_start(history):
    replay = Replay(history.scenario(), SituationPicture())
    at_start = dict(replay.picture.cases)
    replay.step()
    replay.step()
    assert replay.step_back() is not None and replay.step_back() is not None
    assert replay.step_back() is None
    assert replay.picture.cases == at_start and replay.time == replay.start


@pytest.mark.gui
@pytest.mark.webview
def test_trainer_step_back_button_and_a_stable_selection(qtbot, history):
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    from PySide6.QtCore import Qt

    from tests.replay.conftest import trainer_shown
    from ui.trainer.window import TrainerWindow

    args = argparse.Namespace(db=history.url, lang="en", backend=backend, read_only=True)
    with trainer_shown(qtbot, args, TrainerWindow) as window:
        scenario = history.scenario()
        window.presenter.show_scenario(scenario, "history", history.start + timedelta(hours=9))
        replay = window.presenter.replay
        # the next event that takes a case out of intake (accept/verify/reject)
        future = replay.events[replay.position:]
        leaving = next(e for e in future if e.type in ("accept", "request_verify", "reject")
                       and window.queues.model("intake").row_of(e.case_id) is not None)
        window.select_case(leaving.case_id)
        chosen = []
        window.queues.sig_case_selected.connect(chosen.append)
        assert window.panel.case_id == leaving.case_id
        while replay.position < len(replay.events) and replay.events[replay.position - 1] is not leaving:
            qtbot.mouseClick(window.controls.step_button, Qt.MouseButton.LeftButton)
        view = window.queues.view("intake")
        assert window.queues.model("intake").row_of(leaving.case_id) is None
        assert not view.currentIndex().isValid() and view.selectionModel().selectedRows() == []
        assert [c for c in chosen if c not in (None, leaving.case_id)] == []     # never jumped elsewhere
        assert window.panel.case_id == leaving.case_id
        position = replay.position
        qtbot.mouseClick(window.controls.back_button, Qt.MouseButton.LeftButton)
        assert replay.position == position - 1
        assert window.queues.model("intake").row_of(leaving.case_id) is not None    # back in intake
        assert [c for c in chosen if c not in (None, leaving.case_id)] == []
        assert window.controls.position_label.text() == f"event {position - 1} of {len(replay.events)}"
