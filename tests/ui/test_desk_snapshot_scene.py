"""``snapshot desk --case N --form STEP --notifications --grid-filter CODE``: the desk drawn in
the middle of work, to look at how its panels share the screen; a wrong option says which."""
from __future__ import annotations

import argparse
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from commandcenter.errors import ValidationError  # noqa: E402
from tests.ui.desk_world import close_desk, desk_args, desk_world, open_desk  # noqa: E402
from ui.desk import snapshot_scene  # noqa: E402
from ui.render import wait  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]


def scene(**options) -> argparse.Namespace:
    values = dict(case=None, form=None, notifications=False, grid_filter=None)
    values.update(options)
    return argparse.Namespace(**values)


def test_the_scene_opens_the_case_its_form_the_notices_and_the_grid_filter(qtbot, sqlite_url, tmp_path):
    world = desk_world(sqlite_url, dispatching=2, handling=1)
    desk = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini")
    try:
        case = desk.session.picture.cases[world.dispatching[1]]
        snapshot_scene.prepare(desk, scene(case=case.number, form="dispatch", notifications=True,
                                           grid_filter=case.grid_code), wait)
        assert desk.panel.case_id == case.id and desk.panel.timeline.topLevelItemCount() == 3
        assert desk.panel.form is not None and desk.panel.form.command == "dispatch"
        assert desk.notifications.isVisible()
        assert desk.presenter.grid_filter == case.grid_code and desk.queues._filter_bar.grid_chip.isVisible()
        with pytest.raises(ValidationError, match="--form"):
            snapshot_scene.prepare(desk, scene(case=case.number, form="check"), wait)
        with pytest.raises(ValidationError, match="--case"):
            snapshot_scene.prepare(desk, scene(case="20990101000001"), wait)
        with pytest.raises(ValidationError, match="--grid-filter"):
            snapshot_scene.prepare(desk, scene(grid_filter="999999999999999"), wait)
    finally:
        close_desk(desk)


def test_a_form_without_a_case_or_a_scene_on_the_wall_stops_before_anything_opens(sqlite_url):
    from ui import snapshot

    args = desk_args(sqlite_url)
    args.__dict__.update(screen="desk", size="800x600", screens=None, grid=None, at=None, form="dispatch", case=None,
                         notifications=False, grid_filter=None, out="x.png")
    with pytest.raises(ValidationError, match="--form"):
        snapshot.run(args)
    args.__dict__.update(screen="wall", form=None, notifications=True)
    with pytest.raises(ValidationError, match="only the desk"):
        snapshot.run(args)
