"""Which attribute of a delivered file holds what: field-name synonyms of the usual deliveries.

Surveys name the same thing differently (BGID, BGBM, WGBM, 网格编码 …). A role is found by the
first synonym present (case-insensitive); ``--field role=NAME`` names it outright when a
delivery uses a name nobody foresaw.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from commandcenter.errors import InputFileError, ValidationError

SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("BGID", "BGBM", "WGBM", "WGDM", "WGID", "网格编码", "网格代码", "单元网格编码", "grid_code", "code"),
    "street_code": ("JDDM", "JDBM", "SSJDDM", "街道代码", "街道编码", "street_code"),
    "street": ("JDMC", "SSJD", "街道名称", "所属街道", "街道", "street_name", "street"),
    "community_code": ("SQDM", "SQBM", "SSSQDM", "社区代码", "社区编码", "community_code"),
    "community": ("SQMC", "SSSQ", "社区名称", "所属社区", "社区", "community_name", "community"),
    "area": ("MJ", "BGMJ", "WGMJ", "面积", "area_m2", "area"),
}


def parse_field_options(options: Iterable[str] | None, roles: Sequence[str] = tuple(SYNONYMS)) -> dict[str, str]:
    """``["code=BH", "street=JD"]`` → {"code": "BH", "street": "JD"}."""
    chosen: dict[str, str] = {}
    for option in options or ():
        role, sep, name = str(option).partition("=")
        role = role.strip()
        if not sep or not name.strip():
            raise ValidationError("--field", option, "expected ROLE=FIELD_NAME, e.g. code=BGID")
        if role not in roles:
            raise ValidationError("--field", option, f"unknown role {role!r} (one of: {', '.join(roles)})")
        chosen[role] = name.strip()
    return chosen


def resolve_fields(available: Sequence[str], explicit: Mapping[str, str], source: str,
                   roles: Sequence[str] = tuple(SYNONYMS),
                   synonyms: Mapping[str, Sequence[str]] = SYNONYMS) -> dict[str, str]:
    """Role → field name for the roles the file has; an explicit name must exist."""
    by_lower = {name.lower(): name for name in available}
    resolved: dict[str, str] = {}
    for role in roles:
        if role in explicit:
            name = by_lower.get(explicit[role].lower())
            if name is None:
                raise InputFileError(source, "", f"--field {role}={explicit[role]}: the file has no such field "
                                     f"(fields: {', '.join(available) or 'none'})")
            resolved[role] = name
            continue
        found = next((by_lower[s.lower()] for s in synonyms[role] if s.lower() in by_lower), None)
        if found is not None:
            resolved[role] = found
    return resolved


def expected(role: str) -> str:
    return ", ".join(SYNONYMS[role])
