"""One wall world per test module (SQLite): building it through the real service takes a second.
Tests that add cases take a world of their own, and the wall shown on it."""
from __future__ import annotations

import pytest

from tests.wall.wall_world import loaded_session, wall_args, wall_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return wall_world(f"sqlite:///{tmp_path_factory.mktemp('wall') / 'wall.sqlite'}")


@pytest.fixture
def own_world(tmp_path):
    """A world of this test's own: the test adds cases."""
    return wall_world(f"sqlite:///{tmp_path / 'wall.sqlite'}")


@pytest.fixture
def shown_wall(qtbot, own_world):
    """The wall (English, 1600×900) on ``own_world`` at its moment, its map ready; a still picture
    that takes new events when the test calls ``catch_up(wall.session)``."""
    from ui.render import dispose
    from ui.wall.window import build_wall

    session = loaded_session(own_world.url, at=own_world.now)
    wall = build_wall(session, wall_args(own_world.url))
    try:
        wall.resize(1600, 900)
        wall.show()
        qtbot.waitUntil(wall.map.is_ready, timeout=30_000)
        yield wall
    finally:
        dispose(wall)
