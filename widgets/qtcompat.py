"""A guard against a defect of PySide6 6.12.0 (pyproject pins PySide6 below 6.12 for it).

The PySide6 6.12.0 wheels are built against Python 3.12+ headers, where ``None``, ``True`` and
``False`` are immortal and ``Py_RETURN_NONE``/``Py_RETURN_TRUE`` skip the reference they hand
out. On Python 3.11 every void Qt call (``setText``, ``beginResetModel``, …) and every
``signal.emit()`` then lowers the reference count of ``None`` or ``True`` by one, and after
some thousands of calls the interpreter aborts ("deallocating None/True or False").

``apply()`` gives those singletons the immortality 3.12 gives them (PEP 683): a reference
count so large the binding can never bring it to zero. It does nothing on Python 3.12+ or
when a probe shows the binding hands out its references correctly."""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

_SINGLETONS = (None, True, False, NotImplemented, Ellipsis)
_IMMORTAL_BOOST = 1 << 40
_applied = False


def binding_drops_references() -> bool:
    """True when a void Qt call costs ``None`` a reference (the defect described above)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def apply() -> bool:
    """Make the singletons immortal if this interpreter and binding need it; idempotent.
    Returns True when the work-around is in force."""
    global _applied
    if not _applied and sys.version_info < (3, 12) and binding_drops_references():
        for singleton in _SINGLETONS:
            ctypes.c_ssize_t.from_address(id(singleton)).value += _IMMORTAL_BOOST
        _applied = True
    return _applied
