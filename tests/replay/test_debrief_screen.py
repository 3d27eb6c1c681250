"""The debrief on the trainer's screen at 1600×900: the scenario and trainer named, every trainee
(a passive one too), the per-case table, and no column off-screen."""
from __future__ import annotations

import argparse
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from commandcenter.auth import sign_in  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.replay.test_training import _scripted_session  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


def columns_on_screen(table) -> list[tuple[int, int, int]]:
    """(column, right edge, viewport width) of every column whose right edge is past the viewport."""
    width = table.viewport().width()
    return [(c, table.columnViewportPosition(c) + table.columnWidth(c), width) for c in range(table.columnCount())
            if table.columnViewportPosition(c) + table.columnWidth(c) > width or table.columnViewportPosition(c) < 0]


@pytest.mark.parametrize("size", [(1600, 900), (1920, 1080)])
def test_every_column_of_the_debrief_is_on_screen(qtbot, tmp_path, size):
    from ui.session import REPLAY, open_session
    from ui.trainer.presenter import SCORED
    from ui.trainer.window import TrainerWindow

    session, _ = _scripted_session(tmp_path)
    session.scenario_name = "暴雨早高峰演练"
    sign_in(session.store.accounts, "disp2", session.trainee_password, now=session.started_at)
    report = session.finish()
    production_url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    args = argparse.Namespace(db=production_url, lang="en", backend=backend, read_only=True)
    screen = open_session(args, source=REPLAY, read_only=True, show_progress=False)
    window = TrainerWindow(screen)
    qtbot.addWidget(window)
    try:
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.presenter._set_mode(SCORED)
        window.training.show_report(report)
        panel = window.training
        qtbot.waitUntil(lambda: panel.report_table.isVisible() and panel.case_table.isVisible(), timeout=5000)
        qtbot.wait(50)   # one layout pass: column widths settle after the first paint
        assert "暴雨早高峰演练" in panel.report_summary.text() and "coach" in panel.report_summary.text()
        names = [panel.report_table.item(r, 0).text() for r in range(panel.report_table.rowCount())]
        assert "disp2" in names and len(names) == 4
        assert panel.report_table.item(names.index("disp2"), 8).text() == "0.0"
        assert {panel.report_table.item(r, 1).text() for r in range(4)} >= {"Dispatcher", "Shift leader"}
        assert panel.case_table.rowCount() == 3
        assert columns_on_screen(panel.report_table) == [] and columns_on_screen(panel.case_table) == []
        for table in (panel.report_table, panel.case_table):
            assert not table.horizontalScrollBar().isVisible()
            assert min(table.columnWidth(c) for c in range(table.columnCount())) >= 36
        score_cell = panel.report_table.visualItemRect(panel.report_table.item(0, 8))
        assert score_cell.right() <= panel.report_table.viewport().width()
        assert panel.report_table.mapTo(window, score_cell.topRight()).x() <= window.width()
    finally:
        window.close()
        screen.close()


def test_the_debrief_headers_are_translated(qtbot):
    from PySide6.QtWidgets import QApplication

    from ui.app import install_language
    from ui.trainer.case_breakdown import case_table

    install_language(QApplication.instance(), "zh")
    try:
        table = case_table()
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert headers == ["案件", "类别", "应派部门", "实派部门", "受理", "立案", "派遣", "超期未办"]
    finally:
        install_language(QApplication.instance(), "en")
