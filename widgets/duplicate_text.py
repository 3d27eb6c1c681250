"""How the case history reads a duplicate call (重复件), a merge (合并) or added evidence (附件):
the caller's source and masked name, the case merged in or into, the file's phase and name."""
from __future__ import annotations

from commandcenter.case import CaseEvent
from commandcenter.privacy import mask_name


def duplicate_detail(event: CaseEvent, context) -> list[str]:
    """Parts of the history's detail column for ``event`` (none for other events). The caller's
    name is masked here whatever the post: the case panel shows the case's own reporter."""
    p = event.payload
    if event.type == "duplicate_report":
        parts = [context.source_name(p.get("source", ""))]
        if p.get("reporter_name"):
            parts.append(mask_name(p["reporter_name"]))
        if p.get("description"):
            parts.append(str(p["description"]))
        return parts
    if event.type == "merge_into":
        return ["→ " + str(p.get("into_number", ""))]
    if event.type == "merge_in":
        return ["← " + str(p.get("merged_number", ""))]
    if event.type == "attach":
        from commandcenter.vocabulary import name

        return [name("phase", p.get("phase", "other"), context.lang), str(p.get("name", ""))]
    return []


def possible_duplicates(case, picture, catalog, rule=None) -> list:
    """The open cases ``case`` may repeat (reported before it, same big class, near, recent)."""
    from commandcenter.duplicates import DuplicateRule, nearby, scan_candidates

    rule = rule or DuplicateRule()
    if case.lon is None or case.lat is None:
        return []
    found = scan_candidates(nearby(picture.cases.values(), case.lon, case.lat, rule.radius_m), catalog,
                            case.class_code, case.lon, case.lat, case.created_at, rule)
    return [c.case for c in found if c.case.id != case.id and c.case.created_at <= case.created_at]
