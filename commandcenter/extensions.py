"""The longest extension (延期) a department may ask for, per class and tier.

Set in the class catalog file: a top-level ``"max_extension": {"general": "30wd", …}`` for every
class, and a class's own ``"max_extension"`` for exceptions; without them the defaults below
hold. A request beyond the limit is refused, so a deadline cannot be pushed years ahead."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

from .catalog import DEFAULT_CATALOG_PATH, TIERS
from .errors import InputFileError, ValidationError
from .worktime import TimeLimit

#: generous enough for real work, small enough that no deadline runs off into another year
DEFAULT_MAX_EXTENSION = {"general": "30wd", "difficult": "60wd", "urgent": "72h"}

MESSAGES = {
    "extension_too_long": ("longer than the longest extension for class {class_code} ({tier}): {limit}",
                           "超过类别 {class_code}（{tier}）允许的最长延期：{limit}"),
}


@dataclass(frozen=True)
class ExtensionLimits:
    """Longest extension per tier, and per class where the catalog sets its own."""

    by_tier: Mapping[str, TimeLimit]
    by_class: Mapping[str, Mapping[str, TimeLimit]] = field(default_factory=dict)

    def longest(self, class_code: str, tier: str) -> TimeLimit:
        return self.by_class.get(class_code, {}).get(tier) or self.by_tier[tier]

    def check(self, class_code: str, tier: str, requested: str, deadline: datetime | None,
              extend: Callable[[datetime, str], datetime]) -> None:
        """Refuse ``requested`` when it would move ``deadline`` past the longest extension.
        Compared as deadlines on the working-time clock, so '3wd' and '20wh' compare rightly."""
        longest = self.longest(class_code, tier)
        if deadline is None:
            return
        if extend(deadline, requested) > extend(deadline, str(longest)):
            raise ValidationError("limit", requested, f"longer than the longest extension for class {class_code} "
                                                      f"({tier}): {longest}", reason="extension_too_long",
                                  class_code=class_code, tier=tier, limit=str(longest))

    @classmethod
    def for_catalog(cls, catalog) -> ExtensionLimits:
        """The limits the file ``catalog`` was loaded from sets (read once per file)."""
        return _load_cached(str(getattr(catalog, "source", DEFAULT_CATALOG_PATH)))

    @classmethod
    def load(cls, path: str | Path | None = None) -> ExtensionLimits:
        """The limits a catalog file sets (the shipped one when ``path`` is None)."""
        path = Path(path) if path is not None else DEFAULT_CATALOG_PATH
        document = json.loads(path.read_text(encoding="utf-8"))
        by_tier = _limits(str(path), "max_extension", {**DEFAULT_MAX_EXTENSION, **document.get("max_extension", {})})
        by_class = {}
        for index, small in enumerate(document.get("small_classes", [])):
            if "max_extension" in small:
                by_class[small["code"]] = _limits(str(path), f"small_classes[{index}].max_extension",
                                                  small["max_extension"])
        return cls(by_tier, by_class)


@lru_cache(maxsize=8)
def _load_cached(path: str) -> ExtensionLimits:
    if not Path(path).is_file():   # a catalog built in memory: the defaults
        return ExtensionLimits(_limits(path, "max_extension", DEFAULT_MAX_EXTENSION))
    return ExtensionLimits.load(path)


def _limits(source: str, where: str, raw) -> dict[str, TimeLimit]:
    if not isinstance(raw, dict):
        raise InputFileError(source, where, "expected an object of tier → limit")
    out = {}
    for tier, text in raw.items():
        if tier not in TIERS:
            raise InputFileError(source, f"{where}.{tier}", f"unknown tier; expected {', '.join(TIERS)}")
        try:
            out[tier] = TimeLimit.parse(text)
        except ValidationError as error:
            raise InputFileError(source, f"{where}.{tier}", f"bad time limit {text!r}: {error.problem}") from None
    return out
