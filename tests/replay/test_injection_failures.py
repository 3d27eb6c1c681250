"""A scripted injection that fails (a place outside the district) is reported in Chinese, in the
trainer's window and in the log, and skipped; the later injections still fire."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from commandcenter.scenario import Injection, Scenario
from commandcenter.training import TrainingSession, sandbox_url_for
from db.backend import backend
from tests.world import FakeClock, build_world, cell_point

T0 = datetime(2026, 12, 2, 1, 30, tzinfo=timezone.utc)   # a Wednesday, 09:30 in Beijing
OUTSIDE = (116.5, 39.9)                                   # kilometres from the tiny district


def three_injections(start: datetime) -> Scenario:
    return Scenario(start, start + timedelta(hours=1), (), (
        Injection(start, "E0102", *cell_point(0), "暴露垃圾"),
        Injection(start + timedelta(minutes=5), "E0102", *OUTSIDE, "区外的垃圾"),
        Injection(start + timedelta(minutes=10), "E0401", *cell_point(9), "游商"),
    ))


def test_a_failing_injection_is_skipped_and_the_later_ones_fire(tmp_path, caplog):
    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    runtime = build_world(production_url)
    clock = FakeClock(T0)
    session = TrainingSession.start(runtime.store, backend, three_injections(T0), production_url=production_url,
                                    sandbox_url=sandbox_url_for(production_url, T0), clock=clock)
    clock.advance(minutes=20)
    with caplog.at_level(logging.WARNING, logger="commandcenter.training"):
        outcome = session.run_due()
    first, outside, third = session.schedule
    assert [c.description for c in outcome.cases] == ["暴露垃圾", "游商"]
    assert first.case_id is not None and third.case_id is not None
    assert outside.case_id is None and outcome.failed == [outside]
    assert "计划注入（09:35:00，区外的垃圾）失败，已跳过" in caplog.text
    assert "不在本区单元网格范围内" in caplog.text
    # not retried at the next tick
    clock.advance(seconds=1)
    assert session.due() == [] and session.run_due().cases == []
    assert len(session.store.load_cases()) == 2


def test_the_trainer_sees_the_failure_in_chinese(qtbot, tmp_path):
    import argparse
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    from PySide6.QtWidgets import QApplication

    from ui.app import install_language
    from ui.session import REPLAY, open_session
    from ui.trainer.presenter import TRAINING
    from ui.trainer.window import TrainerWindow

    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    build_world(production_url)
    args = argparse.Namespace(db=production_url, lang="zh", backend=backend, read_only=True)
    install_language(QApplication.instance(), "zh")
    screen = open_session(args, source=REPLAY, read_only=True, show_progress=False)
    window = TrainerWindow(screen)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    try:
        start = datetime.now(timezone.utc) - timedelta(hours=1)
        scenario = Scenario(start, start + timedelta(hours=2), (), tuple(
            Injection(start, i.class_code, i.lon, i.lat, i.description) for i in three_injections(start).injections))
        window.presenter.show_scenario(scenario, "三个注入")
        window.presenter.start_training()
        qtbot.waitUntil(lambda: window.presenter.mode == TRAINING, timeout=15_000)
        session = window.presenter.session
        # the trainer's countdowns run on the sandbox's (the scenario's) calendar during the session
        assert window.context.calendar is session.runtime.calendar
        assert type(session.runtime.calendar).__name__ == "ShiftedCalendar"
        qtbot.waitUntil(lambda: all(s.case_id is not None or s.failure is not None for s in session.schedule),
                        timeout=10_000)
        qtbot.waitUntil(lambda: "已跳过" in window.message_bar.text(), timeout=5000)
        assert "区外的垃圾" in window.message_bar.text() and "不在本区单元网格范围内" in window.message_bar.text()
        assert [s.case_id is not None for s in session.schedule] == [True, False, True]
        table = window.training.schedule_table
        qtbot.waitUntil(lambda: "失败" in (table.item(1, 4).text() if table.item(1, 4) else ""), timeout=5000)
        assert "1 个失败" in window.training.count_label.text()
    finally:
        window.close()
        screen.close()
        install_language(QApplication.instance(), "en")
