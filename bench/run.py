"""Runs every benchmark in the project and prints one JSON object per line:
{"name", "value", "unit", "baseline", "note"}. Usage: python bench/run.py [NAME_FILTER]"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from widgets import qtcompat  # noqa: E402  (PySide6 6.12.0 on Python 3.11: see widgets/qtcompat.py)

qtcompat.apply()


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lines_of(module) -> list[dict]:
    if hasattr(module, "run"):
        return list(module.run())
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        module.main()
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{")]


def main(argv: list[str]) -> int:
    wanted = argv[0] if argv else ""
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted and wanted not in path.stem:
            continue
        try:
            for line in _lines_of(_load(path)):
                print(json.dumps(line, ensure_ascii=False), flush=True)
        except Exception as exc:  # one broken benchmark must not hide the others' numbers
            failed += 1
            print(json.dumps({"name": path.stem, "value": None, "unit": "", "baseline": None,
                              "note": f"failed: {exc!r}"}, ensure_ascii=False), flush=True)
            traceback.print_exc(file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
