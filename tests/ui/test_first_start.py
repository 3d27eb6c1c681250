"""First start on an empty database: the desk builds the demo off the GUI thread while a dialog
names each stage of the build with the percentage done."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication

import ui.session as session
from db import open_store
from db.backend import backend
from ui.loader import DEMO_STAGE_TEXTS, build_demo_if_empty


def test_the_progress_dialog_names_each_stage_with_its_percentage(qtbot, tmp_path, monkeypatch):
    store = open_store(f"sqlite:///{tmp_path / 'first.sqlite'}")
    dialogs = []

    def keep(title):
        dialogs.append(session.LoadProgressDialog(title))
        return dialogs[-1]

    monkeypatch.setattr(session, "progress_dialog", keep)
    summary = session.run_in_background(lambda progress: build_demo_if_empty(store, backend, progress, days=1),
                                        title="Starting the control desk…")
    assert summary.cases > 500 and summary.end <= datetime.now(timezone.utc)
    shown = dialogs[0].shown
    labels = list(dict.fromkeys(label for label, _ in shown))
    stages = {key: QCoreApplication.translate("DeskLoader", text) for key, text in DEMO_STAGE_TEXTS.items()}
    assert labels == list(stages.values())                  # each stage once, in order
    percents = [percent for _, percent in shown]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    history = [percent for label, percent in shown if label == stages["history"]]
    assert any(0 < p < 100 for p in history), "the simulation shows its progress, not a stuck bar"
    assert not dialogs[0].isVisible()
    assert build_demo_if_empty(store, backend, lambda *_: None) is None     # the second start builds nothing
