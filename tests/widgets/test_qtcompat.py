"""PySide6 6.12.0 on Python 3.11 drops a reference to None/True on every void call and emit;
without widgets.qtcompat a busy desk aborts ("deallocating True or False")."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QCoreApplication, QObject, Signal
from widgets import qtcompat
qtcompat.apply()

class Feed(QObject):
    sig_changed = Signal(object)

app = QCoreApplication([])
feed = Feed()
feed.sig_changed.connect(lambda change: None)
for i in range(20000):
    feed.sig_changed.emit(i)
    feed.setObjectName("desk")
print("survived")
"""


def test_a_long_busy_session_does_not_abort():
    result = subprocess.run([sys.executable, "-c", PROGRAM.format(root=str(ROOT))], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout
