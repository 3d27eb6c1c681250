"""The scripted call of the keyboard-only intake path, as keys a call-taker presses from the
phone ringing to the saved case: used by the GUI test and by ``bench/bench_intake.py``
(``intake.keys_per_case``). Each step is ('type', text) or ('key', key name, modifiers)."""
from __future__ import annotations

PHONE = "13812345678"
CLASS_QUERY, CLASS_CODE = "bllj", "E0102"       # 暴露垃圾 by its pinyin initials
# Typed key by key: QTest types ASCII only (Chinese comes through an input method, see the tests)
DESCRIPTION = "rubbish piled at gate 3"
GRID_CODE, COMMUNITY_CODE = "990101002001003", "990101002001"

SCRIPT = (
    ("key", "F2", ""),                   # the phone rings: open the form
    ("type", PHONE), ("key", "Tab", ""),
    ("key", "Tab", ""),                  # the caller gives no name
    ("key", "Tab", ""),                  # source: 12345 hotline, as offered
    ("type", CLASS_QUERY), ("key", "Return", ""),   # Enter picks the first match, focus moves on
    ("key", "Tab", ""),                  # tier: by class
    ("type", DESCRIPTION), ("key", "Tab", ""),
    ("key", "Tab", ""),                  # no address: the supervisor's grid code instead
    ("type", GRID_CODE), ("key", "Return", ""),     # Enter finds the grid
    ("key", "Return", "ctrl"),           # Ctrl+Enter saves
)


def keystrokes(script=SCRIPT) -> int:
    """Key presses of the script: every typed character counts one (an input method may need
    more for Chinese), every key or chord one."""
    return sum(len(step[1]) if step[0] == "type" else 1 for step in script)
