"""The linkage board's cards show an evidence badge (附件: a clip and the number of files) on
cases with attachments — added while the desk watches, or before it started — and none on others."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from tests.domain.test_attachments import photo_bytes  # noqa: E402
from tests.ui.desk_world import close_desk, desk_world, open_desk  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=1, handling=2)


def _card(desk, case_id):
    case = desk.board._picture.cases[case_id]
    return desk.board.columns[case.department_code].card_of(case_id)


def _badge_pixels(card) -> int:
    """Pixels of the badge's grey pill in the card as drawn."""
    rect = card.badge_rect()
    image = card.grab().toImage()
    grey = QColor("#e8eaed").rgb()
    return sum(image.pixel(x, rect.center().y()) == grey for x in range(rect.left(), rect.right()))


def _photo(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(photo_bytes(64, 32))
    return path


def test_a_case_given_evidence_shows_the_badge_with_the_count(qtbot, world, tmp_path):
    with_files, without = world.handling
    desk = open_desk(qtbot, world.url, "sz", tmp_path / "desk.ini")
    try:
        assert _card(desk, with_files).badge_rect().isEmpty()
        service = world.service()
        service.attach("sz", with_files, _photo(tmp_path, "before.jpg"), phase="before")
        service.attach("sz", with_files, _photo(tmp_path, "after.png"), phase="after")
        qtbot.waitUntil(lambda: desk.board._picture.cases[with_files].attachment_count == 2, timeout=10_000)
        card = _card(desk, with_files)
        assert not card.badge_rect().isEmpty() and _badge_pixels(card) > 5
        assert "Evidence: 2 files" in card.toolTip()
        other = _card(desk, without)
        assert other.badge_rect().isEmpty() and "Evidence" not in other.toolTip()
    finally:
        close_desk(desk)


def test_evidence_added_before_the_desk_started_is_counted(qtbot, world, tmp_path):
    case_id = world.handling[0]
    world.service().attach("sz", case_id, _photo(tmp_path, "before.jpg"), phase="before")
    desk = open_desk(qtbot, world.url, "sz", tmp_path / "desk.ini")
    try:
        card = _card(desk, case_id)
        assert not card.badge_rect().isEmpty()
        assert "Evidence: 1 files" in card.toolTip()
        assert _card(desk, world.handling[1]).badge_rect().isEmpty()
    finally:
        close_desk(desk)
