"""One wall world per test module (SQLite): building it through the real service takes a second."""
from __future__ import annotations

import pytest

from tests.wall.wall_world import wall_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return wall_world(f"sqlite:///{tmp_path_factory.mktemp('wall') / 'wall.sqlite'}")
