"""Administrative, grid and component codes: parse, validate and normalise.

Layouts (all digits):
- district 6 (GB/T 2260), street 9 = district + 3, community 12 = street + 3;
- unit grid 15 (Beijing local standard) = community + 3-digit sequence, or 14 (national
  variant) = community + 2-digit sequence, normalised here to 15 digits;
- component 16 = district + big class 2 + small class 2 + serial 6.
The statistical bureau writes streets as 12 digits ending in ``000``; we keep 9.
"""
from __future__ import annotations

from dataclasses import dataclass

from commandcenter.errors import ValidationError

DISTRICT_DIGITS = 6
STREET_DIGITS = 9
COMMUNITY_DIGITS = 12
GRID_DIGITS = 15
NATIONAL_GRID_DIGITS = 14
COMPONENT_DIGITS = 16
MAX_GRID_SEQUENCE = 999


def _digits(text: object, field: str) -> str:
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise ValidationError(field, text, "a code must be a string of digits")
    code = str(text).strip()
    if not code.isascii() or not code.isdigit():
        raise ValidationError(field, text, "a code may contain only the digits 0-9")
    return code


def normalize_district_code(text: object, field: str = "district_code") -> str:
    code = _digits(text, field)
    if len(code) != DISTRICT_DIGITS:
        raise ValidationError(field, text, f"a district code has 6 digits, got {len(code)}")
    if code.endswith("00"):
        raise ValidationError(field, text, "ends in 00: that is a city or province code, not a district")
    return code


def normalize_street_code(text: object, field: str = "street_code") -> str:
    """Accept the 9-digit street code or the 12-digit statistical form ``xxxxxxxxx000``."""
    code = _digits(text, field)
    if len(code) == COMMUNITY_DIGITS:
        if not code.endswith("000"):
            raise ValidationError(field, text,
                                  "a 12-digit street code must end in 000 (this looks like a community code)")
        code = code[:STREET_DIGITS]
    if len(code) != STREET_DIGITS:
        raise ValidationError(field, text, f"a street code has 9 digits (or 12 ending in 000), got {len(code)}")
    if code.endswith("000"):
        raise ValidationError(field, text, "street number 000 is not a street")
    return code


def normalize_community_code(text: object, field: str = "community_code") -> str:
    code = _digits(text, field)
    if len(code) != COMMUNITY_DIGITS:
        raise ValidationError(field, text, f"a community code has 12 digits, got {len(code)}")
    if code.endswith("000"):
        raise ValidationError(field, text, "community number 000 is a street row, not a community")
    if code[DISTRICT_DIGITS:STREET_DIGITS] == "000":
        raise ValidationError(field, text, "street number 000 is not a street")
    return code


def parse_grid_code(text: object, field: str = "grid_code") -> str:
    """Return the 15-digit grid code for a 15-digit (Beijing) or 14-digit (national) code."""
    code = _digits(text, field)
    if len(code) == NATIONAL_GRID_DIGITS:
        code = code[:COMMUNITY_DIGITS] + "0" + code[COMMUNITY_DIGITS:]
    elif len(code) != GRID_DIGITS:
        raise ValidationError(field, text, f"a grid code has 15 digits (or 14 in the national layout), got {len(code)}")
    normalize_community_code(code[:COMMUNITY_DIGITS], field)
    if code.endswith("000"):
        raise ValidationError(field, text, "grid sequence 000 is not used; sequences start at 001")
    return code


def make_grid_code(community_code: str, sequence: int) -> str:
    if not 1 <= sequence <= MAX_GRID_SEQUENCE:
        raise ValidationError("grid_sequence", sequence,
                              f"must be 1..{MAX_GRID_SEQUENCE} within community {community_code}")
    return f"{community_code}{sequence:03d}"


@dataclass(frozen=True)
class GridCodeParts:
    district_code: str
    street_code: str
    community_code: str
    sequence: int


def grid_code_parts(text: object, field: str = "grid_code") -> GridCodeParts:
    code = parse_grid_code(text, field)
    return GridCodeParts(
        district_code=code[:DISTRICT_DIGITS],
        street_code=code[:STREET_DIGITS],
        community_code=code[:COMMUNITY_DIGITS],
        sequence=int(code[COMMUNITY_DIGITS:]),
    )


@dataclass(frozen=True)
class ComponentCode:
    """A component (部件) code: which district, which class, which individual object."""

    district_code: str
    big_class: str
    small_class: str
    serial: str

    @property
    def code(self) -> str:
        return f"{self.district_code}{self.big_class}{self.small_class}{self.serial}"

    @property
    def class_code(self) -> str:
        """Big + small class, the key of the component catalogue (e.g. ``0101``)."""
        return f"{self.big_class}{self.small_class}"


def parse_component_code(text: object, field: str = "component_code") -> ComponentCode:
    code = _digits(text, field)
    if len(code) != COMPONENT_DIGITS:
        raise ValidationError(field, text, f"a component code has 16 digits, got {len(code)}")
    normalize_district_code(code[:DISTRICT_DIGITS], field)
    parts = ComponentCode(code[:6], code[6:8], code[8:10], code[10:])
    if parts.big_class == "00":
        raise ValidationError(field, text, "big class 00 does not exist (classes start at 01)")
    if parts.small_class == "00":
        raise ValidationError(field, text, "small class 00 does not exist (classes start at 01)")
    if parts.serial == "000000":
        raise ValidationError(field, text, "serial 000000 is not used; serials start at 000001")
    return parts
