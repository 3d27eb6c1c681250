"""Short display names of departments for tight places on the wall (the department ranking's
bars); the full name stays in the bar's tooltip and is drawn wherever it fits.

The rule (no short names are stored: the catalog and the staff data name each department in
full, and the demo and the importers keep doing so):

- Chinese: the catalog's name of the department's kind (``resources/catalog/classes.json``,
  ``departments.<code>.zh``: "城管执法局" for "云河区城市管理综合行政执法局"), which is the
  colloquial form; a department whose code is no catalog kind keeps its own name without the
  district's prefix.
- English: the full name without the kind of body it ends with (:data:`ENGLISH_BODIES`:
  "Bureau", "Commission", "Company" …) and with long office words abbreviated as in
  :data:`ENGLISH_ABBREVIATIONS` ("Administration" → "Admin.", "and" → "&" …), so
  "Municipal Administration and Appearance Commission" reads "Mun. Admin. & Appear." and
  "Water Affairs Bureau" reads "Water Affairs".
"""
from __future__ import annotations

#: whole words abbreviated in English short names (the usual forms of government style guides)
ENGLISH_ABBREVIATIONS = {
    "administration": "Admin.",
    "and": "&",
    "appearance": "Appear.",
    "construction": "Constr.",
    "department": "Dept.",
    "drainage": "Drain.",
    "enforcement": "Enf.",
    "landscaping": "Landsc.",
    "management": "Mgmt.",
    "municipal": "Mun.",
}
#: the kind of body a name ends with, left out of the short name (the ranking's title says
#: "Departments"): "Water Affairs Bureau" reads "Water Affairs"
ENGLISH_BODIES = ("bureau", "commission", "company", "detachment", "group", "office", "sub-bureau")


def abbreviate_english(name: str) -> str:
    """``name`` with the words of :data:`ENGLISH_ABBREVIATIONS` abbreviated (case-insensitive,
    whole words only) and a last word of :data:`ENGLISH_BODIES` left out (unless it is the only
    word); other words as they are."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in ENGLISH_BODIES:
        words = words[:-1]
    return " ".join(ENGLISH_ABBREVIATIONS.get(word.lower(), word) for word in words)


def without_district(name: str, district: str) -> str:
    """"云河区水务局" reads "水务局" on the district's own wall."""
    return name[len(district):] if district and name.startswith(district) and len(name) > len(district) else name


def short_department_name(code: str | None, full_name: str, catalog, lang: str, district: str = "") -> str:
    """The department's short display name in ``lang`` (see the module's rule)."""
    if lang == "zh":
        kind = catalog.departments.get(code) if catalog is not None and code else None
        return kind.zh if kind is not None else without_district(full_name, district)
    return abbreviate_english(full_name)
