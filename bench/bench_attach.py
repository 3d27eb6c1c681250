"""``attach.store_mb_s``: a 5 MB photo checked (decoded in full), hashed and stored with its
``attach`` event in one transaction, on SQLite; baseline: writing the same bytes to a file and
fsyncing it (what a plain file store would cost). Run: python bench/run.py attach."""
from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 5


def _photo(seed: int) -> bytes:
    """A JPEG of about 5 MB (noise compresses badly, as a phone photo of a street does)."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", (2700, 2000), rng.randbytes(2700 * 2000 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def run() -> list[dict]:
    from tests.world import build_world, cell_point

    with tempfile.TemporaryDirectory() as folder:
        rt = build_world(f"sqlite:///{Path(folder) / 'attach.sqlite'}")
        lon, lat = cell_point(0)
        case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="b")
        rates, sizes, plain = [], [], []
        for i in range(ROUNDS):
            path = Path(folder) / f"photo{i}.jpg"
            path.write_bytes(_photo(i))
            size = path.stat().st_size
            t0 = time.perf_counter()
            rt.service.attach("sup", case.id, path, phase="report")
            rates.append(size / 1048576 / (time.perf_counter() - t0))
            sizes.append(size)
            t0 = time.perf_counter()
            with open(Path(folder) / f"copy{i}", "wb") as out:
                out.write(path.read_bytes())
                out.flush()
                os.fsync(out.fileno())
            plain.append(size / 1048576 / (time.perf_counter() - t0))
    mb = statistics.median(sizes) / 1048576
    return [dict(name="attach.store_mb_s", value=round(statistics.median(rates), 1), unit="MB/s",
                 baseline=round(statistics.median(plain), 1),
                 note=f"median of {ROUNDS} photos of {mb:.1f} MB: read, decoded in full, SHA-256, blob + event in "
                      f"one SQLite transaction; baseline = writing the bytes to a file with fsync")]


if __name__ == "__main__":
    import json

    for line in run():
        print(json.dumps(line, ensure_ascii=False))
