"""A trainee's desk (``desk --training``): it refuses to open a database that is not a sandbox,
with a sentence saying what to do, and on a sandbox it shows a training marker nobody can miss."""
from __future__ import annotations

import argparse
from datetime import datetime, timezone

import pytest

from commandcenter.errors import SandboxRequired, TrainingDeskRefused
from commandcenter.messages import render
from commandcenter.scenario import Scenario
from commandcenter.training import TrainingSession, sandbox_url_for
from db.backend import backend
from main import main
from tests.world import build_world, cell_point
from ui.loader import load_screen_data

T0 = datetime(2026, 12, 2, 1, 30, tzinfo=timezone.utc)


def test_training_desk_refuses_to_open_production(sqlite_url):
    build_world(sqlite_url)
    args = argparse.Namespace(db=sqlite_url, backend=backend, training=True)
    with pytest.raises(TrainingDeskRefused) as refused:
        load_screen_data(args, lambda step: None, build_demo=False)
    assert isinstance(refused.value, SandboxRequired)
    assert "请使用培训员提供的 --db 地址" in render(refused.value, "zh")
    assert "is not one" in render(refused.value, "en")


def test_the_desk_command_says_why_and_exits(sqlite_url, capsys, monkeypatch):
    runtime = build_world(sqlite_url)
    monkeypatch.setenv("COMMANDCENTER_LANG", "zh")
    assert main(["desk", "--training", "--db", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 学员席位（desk --training）只能打开培训沙箱") and sqlite_url.rsplit("/", 1)[1] in err
    assert backend.counts(runtime.store)["cases"] == 0


def test_a_training_service_still_refuses_production_writes(sqlite_url):
    runtime = build_world(sqlite_url, training=True)
    lon, lat = cell_point(0)
    with pytest.raises(SandboxRequired):
        runtime.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="训练")
    assert backend.counts(runtime.store)["cases"] == 0


@pytest.mark.gui
def test_the_trainee_desk_on_a_sandbox_shows_the_training_marker(qtbot, tmp_path):
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from ui.desk.startup import build_desk
    from ui.session import open_session

    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    runtime = build_world(production_url)
    sandbox_url = sandbox_url_for(production_url, T0)
    TrainingSession.start(runtime.store, backend, Scenario(T0, T0), sandbox_url=sandbox_url,
                          production_url=production_url)
    args = argparse.Namespace(db=sandbox_url, lang="en", backend=backend, read_only=False, training=True)
    session = open_session(args, show_progress=False, build_demo=False)
    user = next(u for u in session.data.users if u.name == "disp")
    window = build_desk(session, args, user, settings=QSettings(str(tmp_path / "desk.ini"),
                                                                 QSettings.Format.IniFormat))
    try:
        window.resize(1600, 900)
        window.show()
        banner = window.training_banner
        qtbot.waitUntil(banner.isVisible, timeout=5000)
        assert "培训模式 / TRAINING" in banner.text() and "sandbox" in banner.text()
        assert window.windowTitle().startswith("【培训模式 / TRAINING】")
        top_left = banner.mapTo(window, banner.rect().topLeft())
        assert top_left.y() <= window.menuBar().height() + 2           # the first thing under the menu
        assert banner.width() >= window.width() - 2 and banner.height() >= 28
    finally:
        window.close()
        session.close()
        window.deleteLater()
