"""The trainer's window: it replays through the desk's own widgets, a jump shows the queues as they
were at that moment, and a training session runs end to end from the window."""
from __future__ import annotations

import argparse
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from datetime import timedelta  # noqa: E402

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from PySide6.QtCore import QDateTime, QPoint, Qt  # noqa: E402

from commandcenter.clock import local  # noqa: E402
from commandcenter.queues import QUEUES  # noqa: E402
from commandcenter.replay import fold_events  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.replay.conftest import trainer_shown, window_history  # noqa: E402
from ui.trainer import source  # noqa: E402
from ui.trainer.presenter import REPLAY, TRAINING  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return window_history(tmp_path_factory, "trainer", seed=9)


@pytest.fixture
def window(qtbot, world):
    from ui.trainer.window import TrainerWindow

    args = argparse.Namespace(db=world.url, lang="en", backend=backend, read_only=True)
    with trainer_shown(qtbot, args, TrainerWindow) as win:
        win.presenter.show_scenario(world.scenario(), "test history")
        yield win


def queue_counts(win) -> dict[str, int]:
    return {q.key: win.queues.model(q.key).rowCount() for q in QUEUES}


def expected_counts(world, t) -> dict[str, int]:
    cases = fold_events([e for e in world.scenario().events if e.at <= t])
    return {q.key: sum(1 for c in cases.values() if c.is_open and q.accepts(c)) for q in QUEUES}


def test_jump_to_a_time_shows_the_queues_as_they_were(qtbot, window, world):
    seen = []
    for hours in (6, 26, 14):
        t = world.start + timedelta(hours=hours)
        window.controls.jump_edit.setDateTime(QDateTime(local(t).replace(tzinfo=None)))
        qtbot.mouseClick(window.controls.jump_button, Qt.MouseButton.LeftButton)
        assert window.presenter.replay.time == t
        assert queue_counts(window) == expected_counts(world, t)
        assert window.controls.time_label.text().startswith(f"{local(t):%Y-%m-%d %H:%M:%S}")
        seen.append(queue_counts(window))
    assert seen[0] != seen[1]
    tab = window.queues.tabText(0)
    assert str(seen[-1]["intake"]) in tab


def test_clicking_the_timeline_seeks_there(qtbot, window, world):
    strip = window.timeline
    x = strip.x_of(world.start + timedelta(hours=20))
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(round(x), strip.height() // 2))
    t = window.presenter.replay.time
    assert abs((t - (world.start + timedelta(hours=20))).total_seconds()) < 3600
    assert queue_counts(window) == expected_counts(world, t)


def test_playing_advances_the_picture_and_pausing_stops_it(qtbot, window, world):
    window.driver.jump(world.start + timedelta(hours=9))
    window.controls.speed.setCurrentIndex(window.controls.speed.findData(3600.0))
    qtbot.mouseClick(window.controls.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.presenter.replay.time > world.start + timedelta(hours=9, minutes=30),
                    timeout=5000)
    qtbot.mouseClick(window.controls.play_button, Qt.MouseButton.LeftButton)
    stopped = window.presenter.replay.time
    qtbot.wait(400)
    assert window.presenter.replay.time == stopped
    assert queue_counts(window) == expected_counts(world, stopped)
    assert window.picture.now() == stopped


def test_a_training_session_from_the_window(qtbot, window, world, tmp_path, monkeypatch):
    window.driver.jump(world.start + timedelta(hours=20))
    window.training.auto_check.setChecked(False)
    qtbot.mouseClick(window.training.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.presenter.mode == TRAINING, timeout=15_000)
    sandbox_url = window.training.sandbox_edit.text()
    assert ".sandbox_" in sandbox_url and window.training.command_edit.text().endswith(f"--db {sandbox_url}")
    assert not window.controls.play_button.isEnabled()
    qtbot.waitUntil(lambda: window.picture.source_name == "sandbox", timeout=5000)
    waiting_before = window.queues.model("intake").rowCount()
    assert window.training.schedule_table.rowCount() > 0
    window.training.schedule_table.selectRow(0)
    qtbot.mouseClick(window.findChild(type(window.training.start_button), "inject_now"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.queues.model("intake").rowCount() == waiting_before + 1, timeout=5000)
    assert "case" in window.training.schedule_table.item(0, 4).text()

    case_id = window.presenter.session.schedule[0].case_id
    window.presenter.session.runtime.service.act("taker", case_id, "accept")
    window.presenter.feed.refresh()
    qtbot.waitUntil(lambda: window.queues.model("register").row_of(case_id) is not None, timeout=5000)

    qtbot.mouseClick(window.findChild(type(window.training.start_button), "end_training"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.report_table.rowCount() == 1, timeout=5000)
    assert window.training.report_table.item(0, 0).text() == "taker"
    out = tmp_path / "scores.csv"
    monkeypatch.setattr(source, "choose_save_file", lambda *_args: str(out))
    qtbot.mouseClick(window.findChild(type(window.training.start_button), "export_csv"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=5000)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "scenario 演练,test history"
    assert lines[lines.index(next(line for line in lines if line.startswith("trainee,"))) + 1].startswith("taker,")

    window.training.sig_new_requested.emit()
    assert window.presenter.mode == REPLAY and window.picture.source_name == "replay"
    assert window.picture.now() == world.start + timedelta(hours=20)
