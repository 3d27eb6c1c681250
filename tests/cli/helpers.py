"""Running the command line in-process, and where the real district data lives."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from commandcenter.cli import main
from db.backend import backend

DATA = Path(os.environ.get("COMMANDCENTER_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
BOUNDARY = DATA / "dongcheng_boundary.geojson"
BOUNDARY_WGS84 = DATA / "dongcheng_boundary_wgs84.geojson"
DIVISIONS = DATA / "dongcheng_divisions.csv"

needs_data = pytest.mark.usefixtures("shared_data")


def run(capsys, *argv) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``commandcenter ARGV``; argparse's own exits count too."""
    try:
        code = main([str(a) for a in argv], backend)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def info(capsys, url: str) -> dict:
    code, out, _ = run(capsys, "info", "--db", url, "--format", "json")
    assert code == 0
    return json.loads(out)
