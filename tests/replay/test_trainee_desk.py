"""A trainee's desk (``desk --training``) refuses to act on a database that is not a sandbox."""
from __future__ import annotations

import argparse

import pytest

from commandcenter.errors import SandboxRequired
from db.backend import backend
from tests.world import build_world, cell_point
from ui.loader import load_screen_data


def test_training_desk_on_production_refuses_every_action(sqlite_url):
    build_world(sqlite_url)
    args = argparse.Namespace(db=sqlite_url, backend=backend, training=True)
    data = load_screen_data(args, lambda step: None, build_demo=False)
    lon, lat = cell_point(0)
    with pytest.raises(SandboxRequired):
        data.runtime.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat,
                                    description="训练")
    assert backend.counts(data.runtime.store)["cases"] == 0
