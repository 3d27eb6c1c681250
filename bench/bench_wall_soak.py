"""A short soak of the wall for bench/run.py: ``wall.rss_slope_mb_per_1k_events`` from
bench/soak_wall.py run for a few minutes at 60× on a fresh demo database, its simulated clock
starting on a working morning so events flow (the full soak is ``python bench/soak_wall.py
--minutes 30``; ``--code /work/main`` runs the same soak on another checkout's wall for a
baseline). The slope is per 1,000 events applied, less the picture's own growth, which is printed
beside it. Baseline: the issue's measurement before the fix (wall 731 → 1,072 MB over 11 minutes
at 60×, about 3,000 simulation steps; printed as None: it was not per event)."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINUTES = 4


def run():
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'soak.sqlite'}"
        done = subprocess.run([sys.executable, str(HERE / "soak_wall.py"), "--db", db, "--minutes", str(MINUTES),
                               "--size", "1920x1080"], capture_output=True, text=True, timeout=1700)
        for text in done.stdout.splitlines():
            if text.startswith("{"):
                line = json.loads(text)
                if line["name"].startswith(("wall.rss_slope", "wall.soak.picture", "wall.soak.renderer_slope",
                                            "wall.soak.events")):
                    line["note"] = f"{MINUTES}-minute soak; " + line["note"]
                    yield line
        if done.returncode:
            raise RuntimeError(done.stderr[-2000:])


def main() -> None:
    for line in run():
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
