"""Complaint type (问题分类 / 诉求类型) → catalog small class, from an editable table.

``resources/hotline/complaint_classes.csv``: ``category,class_code,note``. A category is the
last level of the hotline's type ("暴露垃圾") or a longer path ("市政->供排水->积水", levels
joined by ``->``, ``/`` or ``>``); the most specific match wins, then a ``*`` row if present.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from commandcenter.errors import InputFileError

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources" / "hotline" / "complaint_classes.csv"
_LEVEL_SPLIT = re.compile(r"\s*(?:->|→|>|/|\\|－>|—>)\s*")


class ComplaintClasses:
    def __init__(self, table: dict[tuple[str, ...], str], source: str):
        self._table = table
        self.source = source

    def class_of(self, category: str) -> str | None:
        levels = _levels(category)
        # Longest path ending in the most specific level first, then shorter suffixes.
        for start in range(len(levels)):
            code = self._table.get(tuple(levels[start:]))
            if code is not None:
                return code
        for end in range(len(levels) - 1, 0, -1):
            code = self._table.get((levels[end - 1],))
            if code is not None:
                return code
        return self._table.get(("*",))


def load_complaint_classes(path: str | Path | None = None, catalog=None) -> ComplaintClasses:
    """Read the table; with ``catalog``, every class code must exist in it."""
    path = Path(path) if path else DEFAULT_PATH
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputFileError(source, "", f"cannot read the class mapping: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(source, f"byte {exc.start}", "not UTF-8 text") from None
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if not reader.fieldnames or not {"category", "class_code"} <= set(reader.fieldnames):
        raise InputFileError(source, "header", "the header must name category,class_code[,note]")
    table: dict[tuple[str, ...], str] = {}
    for row in reader:
        category, code = (row.get("category") or "").strip(), (row.get("class_code") or "").strip()
        if not category and not code:
            continue
        where = f"category {category!r}"
        if not category or not code:
            raise InputFileError(source, where, "both category and class_code are needed")
        if catalog is not None:
            try:
                catalog.small_class(code)
            except Exception:  # the catalog's own not-found error, whatever its type
                raise InputFileError(source, where, f"class {code} is not in the class catalog") from None
        table[tuple(_levels(category))] = code
    return ComplaintClasses(table, source)


def _levels(category: str) -> list[str]:
    text = unicodedata.normalize("NFKC", category or "").strip()
    return [level for level in _LEVEL_SPLIT.split(text) if level]
