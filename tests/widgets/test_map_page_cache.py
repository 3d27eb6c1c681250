"""The map page's HTML is kept in the cache folder: a second start finds it there and does not load
folium (half a second or more of imports on every desk, wall and trainer start)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_PROBE = """
import sys
from widgets.map.page import page_html
html = page_html(15.0, 17.0)
print("folium" in sys.modules, len(html), "ccMap.attach" in html, "leaflet.js" in html)
"""


def _start(cache: Path) -> list[str]:
    env = dict(os.environ, COMMANDCENTER_CACHE=str(cache), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_second_start_reads_the_page_from_the_cache_without_folium(tmp_path):
    first = _start(tmp_path)
    assert first[0] == "True" and first[2:] == ["True", "True"]     # built with folium
    pages = list(tmp_path.rglob("map-*.html"))
    assert len(pages) == 1
    second = _start(tmp_path)
    assert second == ["False"] + first[1:]                          # the same page, folium never loaded


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _start(blocked / "sub")[2:] == ["True", "True"]
