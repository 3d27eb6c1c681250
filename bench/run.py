"""Runs every benchmark in the project and prints one JSON object per line:
{"name", "value", "unit", "baseline", "note"}. Usage: python bench/run.py [NAME_FILTER]

Each ``bench_*.py`` runs in a fresh process (a benchmark that needs a QApplication, a web view
or a database server of its own cannot disturb the next one), and a benchmark that fails —
even by aborting its process — prints its failure line while the others still print theirs.
The run exits 0 once every benchmark has been tried; ``--strict`` exits 1 if any failed."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: one benchmark file may take this long before it is stopped and reported as failed
TIMEOUT_S = 1800


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_one(path: Path) -> int:
    """In the child process: print the JSON lines of one benchmark file."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    module = _load(path)
    if hasattr(module, "run"):
        for line in module.run():
            print(json.dumps(line, ensure_ascii=False), flush=True)
        return 0
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = module.main()
    for line in buffer.getvalue().splitlines():
        if line.startswith("{"):
            print(line, flush=True)
    return int(result or 0) if isinstance(result, int) else 0


def _failure(name: str, why: str) -> str:
    return json.dumps({"name": name, "value": None, "unit": "", "baseline": None, "note": f"failed: {why}"},
                      ensure_ascii=False)


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    wanted = next((a for a in argv if not a.startswith("--")), "")
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted and wanted not in path.stem:
            continue
        try:
            child = subprocess.run([sys.executable, __file__, "--one", str(path)], cwd=ROOT, text=True,
                                   stdout=subprocess.PIPE, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            out, code = exc.stdout or "", f"timed out after {TIMEOUT_S} s"
        else:
            out, code = child.stdout, child.returncode
        printed = [line for line in out.splitlines() if line.startswith("{")]
        for line in printed:
            print(line, flush=True)
        if code != 0 or not printed:
            failed += 1
            print(_failure(path.stem, f"exit {code}" if isinstance(code, int) else code), flush=True)
    return 1 if strict and failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        sys.exit(run_one(Path(sys.argv[2])))
    sys.exit(main(sys.argv[1:]))
