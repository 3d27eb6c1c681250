"""The base-map setting: none by default, offline tiles by choice, online only when configured."""
from __future__ import annotations

import pytest

from commandcenter.basemap import BaseMap
from commandcenter.cli import main
from commandcenter.errors import ValidationError
from db.backend import backend
from tests.world import build_world


def test_default_is_no_base_map():
    assert BaseMap.from_json(None).kind == "none"


@pytest.mark.parametrize("kwargs,field", [
    (dict(kind="satellite"), "basemap.kind"),
    (dict(kind="folder", location="/no/such/folder"), "basemap.location"),
    (dict(kind="online", location="https://tiles.example/{z}/{x}.png"), "basemap.location"),
    (dict(kind="online", location="https://t.example/{z}/{x}/{y}.png", datum="gcj02"), "basemap.datum"),
])
def test_bad_settings_name_the_field(kwargs, field):
    with pytest.raises(ValidationError) as err:
        BaseMap(**kwargs)
    assert err.value.field == field


def test_cli_stores_the_setting_for_every_screen(capsys, sqlite_url, tmp_path):
    build_world(sqlite_url)
    assert main(["db", "basemap", "--folder", str(tmp_path), "--db", sqlite_url], backend) == 2   # admins only
    assert main(["db", "basemap", "--folder", str(tmp_path), "--db", sqlite_url, "--local-admin"], backend) == 0
    store = backend.open_store(sqlite_url)
    assert BaseMap.from_json(store.meta("basemap")) == BaseMap("folder", str(tmp_path))
    assert main(["db", "basemap", "--online", "not-a-template", "--db", sqlite_url, "--local-admin"], backend) == 2
    assert "basemap.location" in capsys.readouterr().err
    assert BaseMap.from_json(store.meta("basemap")).kind == "folder", "a refused setting changes nothing"


@pytest.mark.gui
@pytest.mark.webview
def test_a_configured_tile_folder_reaches_the_map(qtbot, tmp_path):
    from ui.basemap import apply_basemap
    from widgets.map_view import MapView

    view = MapView(theme="light")
    qtbot.addWidget(view)
    assert apply_basemap(view, BaseMap("folder", str(tmp_path), max_zoom=17)) is None
    assert view._state.tiles["url"].startswith("tiles://") and view._state.tiles["maxZoom"] == 17
    assert apply_basemap(view, BaseMap()) is None
