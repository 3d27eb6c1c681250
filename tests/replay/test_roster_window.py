"""The roster in the trainer's window and on its command line: ``trainer --trainees`` ticks the
expected trainees in the staff list (an unknown name stops the command, named); the trainer ticks
more before the session and unticks one while it runs; the session keeps the roster in its
sandbox; the debrief on screen (1600×900, every column visible) and its CSV list every expected
trainee, the absent one marked, besides the one who acted unexpected."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()   # before pytest-qt creates the QApplication

from PySide6.QtCore import Qt  # noqa: E402

from commandcenter.cli import build_parser, main  # noqa: E402
from commandcenter.training_roster import load_roster  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.replay.conftest import trainer_shown, window_history  # noqa: E402
from tests.replay.test_debrief_screen import columns_on_screen  # noqa: E402
from tests.world import cell_point  # noqa: E402
from ui.commands import register as register_screens  # noqa: E402
from ui.trainer import source  # noqa: E402
from ui.trainer.cli import roster_option  # noqa: E402
from ui.trainer.presenter import SCORED, TRAINING  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return window_history(tmp_path_factory, "roster", seed=4)


def trainer_args(*argv):
    args = build_parser([register_screens]).parse_args(["trainer", *argv])
    args.backend = backend
    return args


def test_an_unknown_trainee_on_the_command_line_is_refused_by_name(world, capsys):
    code = main(["trainer", "--db", world.url, "--trainees", "taker,ghost"], backend, extra=[register_screens])
    err = capsys.readouterr().err
    assert code == 2 and "ghost" in err and "--trainees" in err
    assert roster_option(trainer_args("--db", world.url)) == ()


def test_the_roster_from_the_command_line_through_the_window_to_the_debrief(qtbot, world, tmp_path, monkeypatch):
    from ui.trainer.window import build_trainer

    args = trainer_args("--db", world.url, "--lang", "en", "--trainees", "taker,sup2")
    args.roster = roster_option(args)
    assert args.roster == ("taker", "sup2")
    with trainer_shown(qtbot, args, lambda session: build_trainer(session, args)) as window:
        panel, picker = window.training, window.training.roster
        assert picker.checked() == ("sup2", "taker") and window.presenter.roster == ("sup2", "taker")
        assert "coach" not in [picker.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(picker.list.count())]
        qtbot.waitUntil(panel.start_button.isEnabled, timeout=15_000)
        window.side_tabs.setCurrentWidget(panel)            # the trainer opens the Training tab
        assert picker.isVisible() and picker.count_label.text() == "2 expected"

        # before the session: the trainer ticks one more
        item = picker.item_of("disp2")
        picker.list.setFocus()
        picker.list.setCurrentItem(item)
        qtbot.keyClick(picker.list, Qt.Key.Key_Space)      # the list's own tick key
        assert item.checkState() == Qt.CheckState.Checked
        assert window.presenter.roster == ("disp2", "sup2", "taker") and picker.count_label.text() == "3 expected"

        panel.auto_check.setChecked(False)
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.presenter.mode == TRAINING, timeout=20_000)
        training = window.presenter.session
        assert training.roster == ("disp2", "sup2", "taker") and picker.isVisible()

        # while it runs: sup2 is not coming after all
        picker.item_of("sup2").setCheckState(Qt.CheckState.Unchecked)
        qtbot.waitUntil(lambda: load_roster(training.store) == ("disp2", "taker"), timeout=10_000)

        # taker works a case, leader (not expected) too; disp2 never signs in
        lon, lat = cell_point(2)                            # as after a click on the map
        window.presenter.inject_at({"class_code": "E0102", "description": "暴露垃圾", "tier": None,
                                    "expected_department": None}, lon, lat)
        qtbot.waitUntil(lambda: any(s.case_id is not None for s in training.schedule), timeout=10_000)
        case_id = next(s.case_id for s in training.schedule if s.case_id is not None)
        training.runtime.service.act("taker", case_id, "accept")
        training.runtime.service.act("leader", case_id, "register")

        qtbot.mouseClick(window.findChild(type(panel.start_button), "end_training"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.presenter.mode == SCORED, timeout=10_000)
        table = panel.report_table
        rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
                for r in range(table.rowCount())}
        assert set(rows) == {"taker", "leader", "disp2"}
        assert rows["disp2"][8:] == ["0.0", "Absent"] and rows["taker"][9] == "Present"
        assert rows["leader"][9] == "Unexpected"
        absent_row = list(rows).index("disp2")
        assert table.item(absent_row, 9).toolTip() == "Absent: never signed in"
        assert table.horizontalHeaderItem(9).text() == "Attendance"
        assert "2 trainees expected, 1 absent" in panel.report_summary.text()
        assert not picker.isVisible()
        qtbot.waitUntil(lambda: columns_on_screen(table) == [], timeout=5000)
        assert not table.horizontalScrollBar().isVisible()

        out = tmp_path / "roster.csv"
        monkeypatch.setattr(source, "choose_save_file", lambda *_args: str(out))
        with qtbot.waitSignal(window.presenter.sig_message, timeout=10_000,
                              check_params_cb=lambda _level, text: text.startswith("Saved")):
            qtbot.mouseClick(window.findChild(type(panel.start_button), "export_csv"), Qt.MouseButton.LeftButton)
        text = out.read_text(encoding="utf-8-sig")
        assert "expected trainees 应到学员,\"disp2, taker (2; 未参加 absent: 1)\"" in text
        assert any(line.startswith("disp2,") and line.endswith(",1,0,absent,未参加") for line in text.splitlines())
