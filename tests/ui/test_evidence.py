"""Evidence at the desk: thumbnails of a case's photos (upright) under the case panel, the viewer
with the photo's EXIF time and place next to the case's, and files added from the Case menu —
a bad file named in the message bar with nothing written."""
from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from tests.domain.test_attachments import photo_bytes  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402
from ui.desk import evidence  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=1, handling=1)


@pytest.fixture
def desk(qtbot, world, tmp_path):
    window = open_desk(qtbot, world.url, "sz", tmp_path / "desk.ini")
    yield window
    close_desk(window)


def test_thumbnails_are_upright_and_the_viewer_shows_exif_beside_the_case(qtbot, desk, world, tmp_path):
    case_id = world.handling[0]
    case = world.runtime.store.case(case_id)
    path = tmp_path / "before.jpg"
    path.write_bytes(photo_bytes(64, 32, orientation=6, gps=(case.lon + 0.001, case.lat)))
    world.service().attach("sz", case_id, path, phase="before")
    desk.presenter.select_case(case_id)
    strip = desk.evidence_strip
    qtbot.waitUntil(lambda: len(strip.buttons) == 1 and not strip.buttons[0].icon().isNull(), timeout=10_000)
    assert "1" in strip.title.text() and strip.buttons[0].text() == "Before handling"
    icon = strip.buttons[0].icon().pixmap(96, 96)
    assert icon.height() > icon.width()            # EXIF orientation 6: the photo stands upright
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.evidence.viewer is not None, timeout=10_000)
    viewer = desk.evidence.viewer
    info = viewer.findChild(type(strip.title), "evidence_info").text()
    assert "Taken (camera clock): 2026-11-24 09:41:05" in info
    metres = int(re.search(r": (\d+) m from the case's place", info).group(1))
    assert 80 <= metres <= 90                      # 0.001° of longitude east of the case at 39.6° N
    picture = viewer.findChild(type(strip.title), "evidence_picture").pixmap()
    assert picture.height() > picture.width()
    viewer.close()


def test_files_added_from_the_case_menu_and_a_bad_one_refused(qtbot, desk, world, tmp_path, monkeypatch):
    case_id = world.handling[0]
    good, bad = tmp_path / "after.png", tmp_path / "after2.jpg"
    good.write_bytes(photo_bytes(fmt="PNG", taken=None))
    bad.write_bytes(b"not a photo")
    answers = [([str(bad), str(good)], "after"), ([str(good)], "after")]
    monkeypatch.setattr(evidence, "ask_evidence", lambda parent, lang, default: answers.pop(0))
    desk.presenter.select_case(case_id)
    before = world.runtime.store.case(case_id).version
    messages = []
    desk.presenter.sig_message.connect(lambda kind, text: messages.append((kind, text)))
    qtbot.keyClick(desk, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[-1][0] == "error" and "after2.jpg" in messages[-1][1]
    assert world.runtime.store.case(case_id).version == before      # the good file was not written either
    qtbot.keyClick(desk, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(desk.evidence_strip.buttons) == 1, timeout=10_000)
    events = world.runtime.store.events_of_case(case_id)
    assert events[-1].type == "attach" and events[-1].payload["phase"] == "after" and events[-1].actor == "sz"


def test_before_and_after_open_side_by_side(qtbot, desk, world, tmp_path):
    case_id = world.handling[0]
    service = world.service()
    before, after = tmp_path / "before.jpg", tmp_path / "after.jpg"
    before.write_bytes(photo_bytes(40, 30, taken="2026:11:24 09:00:00"))
    after.write_bytes(photo_bytes(30, 40, taken="2026:11:24 11:00:00"))
    service.attach("sz", case_id, before, phase="before")
    service.attach("sz", case_id, after, phase="after")
    desk.presenter.select_case(case_id)
    strip = desk.evidence_strip
    qtbot.waitUntil(lambda: len(strip.buttons) == 2, timeout=10_000)
    qtbot.mouseClick(strip.buttons[1], Qt.MouseButton.LeftButton)      # the after photo
    qtbot.waitUntil(lambda: desk.evidence.viewer is not None, timeout=10_000)
    viewer = desk.evidence.viewer
    assert viewer.objectName() == "evidence_compare"
    captions = [c.text() for c in viewer.findChildren(type(strip.title), "evidence_caption")]
    assert captions[0].startswith("Before handling") and captions[1].startswith("After handling")
    pictures = [p.pixmap() for p in viewer.findChildren(type(strip.title), "evidence_picture")]
    assert [(p.width() > p.height()) for p in pictures] == [True, False]
    viewer.close()
