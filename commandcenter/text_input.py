"""Free text typed or pasted by people (descriptions, reasons, notes, names), made safe to store
and to show: control characters could drive a terminal (ESC sequences), and bidirectional
overrides can make a description read differently on screen from what is stored
("Trojan Source"). They are removed; line breaks and tabs stay."""
from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, C1 controls, the bidi embeddings/overrides
# (U+202A–U+202E) and isolates (U+2066–U+2069)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """``value`` with Windows and old-Mac line ends made \\n and unsafe characters removed."""
    return _UNSAFE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
