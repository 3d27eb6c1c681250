"""Writes resources/sounds/urgent.wav: the desk's chime for a new urgent case (two short rising
tones, 0.36 s, 22.05 kHz mono 16-bit, faded in and out so it does not click). Run it again to
change the sound; the file is committed so nothing is generated at run time."""
from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
TONES = ((880.0, 0.14), (1320.0, 0.18))
GAP_S = 0.04
VOLUME = 0.45


def samples():
    for index, (frequency, seconds) in enumerate(TONES):
        count = int(RATE * seconds)
        fade = int(RATE * 0.015)
        for n in range(count):
            envelope = min(1.0, n / fade, (count - n) / fade)
            yield VOLUME * envelope * math.sin(2 * math.pi * frequency * n / RATE)
        if index < len(TONES) - 1:
            yield from (0.0 for _ in range(int(RATE * GAP_S)))


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples()))


if __name__ == "__main__":
    write(Path(__file__).resolve().parent.parent / "resources" / "sounds" / "urgent.wav")
