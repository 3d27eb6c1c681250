"""Fixtures shared by the screen tests."""
from __future__ import annotations

import pytest

from tests.ui.desk_world import close_desk, open_desk


@pytest.fixture
def desk(qtbot, world, tmp_path):
    """The desk of dispatcher ``disp`` on the module's ``world``, closed after the test."""
    window = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini")
    yield window
    close_desk(window)
