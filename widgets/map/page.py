"""The map page: folium builds the Leaflet page around our controller, with local files only.

folium's default page pulls Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs; here its
asset lists are replaced by Leaflet 1.9.4 from the `django-js-lib-leaflet` package (BSD-2-Clause,
unmodified), Qt's built-in qwebchannel.js, earcut 3.2.4 (ISC, unmodified, resources/map/vendor/) and
resources/map/. The page carries no data: it is built
once per process and every view loads the same HTML. The HTML is also kept in the user's cache
folder under a fingerprint of this module, folium's version and the page's options, so a start
that finds it there does not load folium at all (its imports take half a second or more).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import js_lib_leaflet
from PySide6.QtCore import QUrl

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "map"
LEAFLET = Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"


def _file_url(path: Path) -> str:
    return QUrl.fromLocalFile(str(path)).toString()


LEAFLET_JS = [("leaflet", _file_url(LEAFLET / "leaflet.js"))]
LEAFLET_CSS = [("leaflet_css", _file_url(LEAFLET / "leaflet.css"))]


def _attach_controller(options: dict):
    """A folium element that hands folium's map object to the page controller right after
    folium creates it."""
    from branca.element import MacroElement
    from jinja2 import Template

    class _AttachController(MacroElement):
        _template = Template(
            """{% macro script(this, kwargs) %}
            ccMap.attach({{ this._parent.get_name() }}, {{ this.options|tojson }});
            {% endmacro %}"""
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "AttachController"
            self.options = options

    return _AttachController()


def offline_map(js: list[tuple[str, str]] = (), css: list[tuple[str, str]] = (), **options):
    """A folium map with no tiles whose page loads Leaflet (plus `js`/`css`) from local files only."""
    import folium

    fmap = folium.Map(tiles=None, **options)
    fmap.default_js = LEAFLET_JS + list(js)
    fmap.default_css = LEAFLET_CSS + list(css)
    return fmap


def _cache_path(options: tuple) -> Path:
    from widgets.map.geography_cache import default_folder

    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update(repr((options, version("folium"), version("branca"), str(RESOURCES), str(LEAFLET))).encode())
    return default_folder().parent / "pages" / f"map-{digest.hexdigest()}.html"


@lru_cache(maxsize=4)
def page_html(community_label_zoom: float, components_min_zoom: float, renderer: str = "auto") -> str:
    """The HTML of the map page; load it with `page_base_url()` as base. `renderer` 'auto' draws the
    cells with WebGL where the browser has it, 'canvas' always with Canvas2D. Read from the cache
    folder when built there before (a cache that cannot be read or written is only slower)."""
    path = _cache_path((community_label_zoom, components_min_zoom, renderer))
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    html = _build_page(community_label_zoom, components_min_zoom, renderer)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as fh:
            fh.write(html)
        os.replace(fh.name, path)
    except OSError:
        pass
    return html


def _build_page(community_label_zoom: float, components_min_zoom: float, renderer: str) -> str:
    fmap = offline_map(
        js=[
            ("qwebchannel", QWEBCHANNEL_JS),
            ("earcut", _file_url(RESOURCES / "vendor" / "earcut.min.js")),
            ("cc_themes", _file_url(RESOURCES / "themes.js")),
            ("cc_geometry", _file_url(RESOURCES / "geometry.js")),
            ("cc_gridlayer", _file_url(RESOURCES / "gridlayer.js")),
            ("cc_glbase", _file_url(RESOURCES / "glbase.js")),
            ("cc_canvaspicture", _file_url(RESOURCES / "canvaspicture.js")),
            ("cc_canvascells", _file_url(RESOURCES / "canvascells.js")),
            ("cc_gllines", _file_url(RESOURCES / "gllines.js")),
            ("cc_glidmap", _file_url(RESOURCES / "glidmap.js")),
            ("cc_gllayer", _file_url(RESOURCES / "gllayer.js")),
            ("cc_legend", _file_url(RESOURCES / "legend.js")),
            ("cc_probe", _file_url(RESOURCES / "probe.js")),
            ("cc_mapbridge", _file_url(RESOURCES / "mapbridge.js")),
        ],
        css=[("cc_map_css", _file_url(RESOURCES / "map.css"))],
        location=(39.92, 116.41),
        zoom_start=13,
        attribution_control=False,
        zoom_snap=0.25,
        zoom_delta=0.5,
        wheel_px_per_zoom_level=120,
    )
    _attach_controller(
        {"communityLabelZoom": community_label_zoom, "componentsMinZoom": components_min_zoom, "renderer": renderer}
    ).add_to(fmap)
    return fmap.get_root().render()


def page_base_url() -> QUrl:
    return QUrl.fromLocalFile(str(RESOURCES) + "/")
