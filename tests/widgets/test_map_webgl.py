"""The WebGL map layer, tested in a browser that has WebGL.

This suite's Chromium runs with --disable-gpu, and there QtWebEngine offers no WebGL (the map then
draws with Canvas2D and says so: see test_map_view.py). Chromium's flags are fixed per process, so
the WebGL cases (map_webgl_cases.py) run in a pytest process of their own with software WebGL.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).with_name("map_webgl_cases.py")
ROOT = Path(__file__).resolve().parents[2]
# ANGLE over Mesa's llvmpipe: WebGL in software, as on a machine without a GPU.
WEBGL_FLAGS = "--no-sandbox --use-angle=swiftshader"
EXPECTED = 8


@pytest.mark.gui
@pytest.mark.webview
def test_webgl_layer_cases_pass_in_a_browser_with_webgl():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS=WEBGL_FLAGS)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(CASES)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) == EXPECTED and "skipped" not in summary, summary
