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


class NearbyWatch:
    """The picture's open cases by place (:class:`commandcenter.nearby.NearbyCases`), made on the
    first look-up and kept current from the picture's changes; a reset drops it."""

    def __init__(self, signals):
        self._picture = signals.picture
        self._index = None
        signals.sig_reset.connect(self._drop)
        signals.sig_cases_changed.connect(self._on_cases_changed)

    def index(self):
        if self._index is None:
            from commandcenter.nearby import NearbyCases

            self._index = NearbyCases(self._picture.cases.values())
        return self._index

    def _drop(self, *_args) -> None:
        self._index = None

    def _on_cases_changed(self, change) -> None:
        if self._index is None:
            return
        cases = self._picture.cases
        for case_id in change.case_ids:
            case = cases.get(case_id)
            if case is None:
                self._index.discard(case_id)
            else:
                self._index.put(case)


def possible_duplicates(case, picture, catalog, rule=None, nearby=None) -> list:
    """The open cases ``case`` may repeat (reported before it, same big class, near, recent);
    ``nearby`` (a :class:`NearbyWatch`) finds the near ones without looking at every case."""
    from commandcenter.duplicates import DuplicateRule, scan_candidates

    rule = rule or DuplicateRule()
    if case.lon is None or case.lat is None:
        return []
    if nearby is not None:
        cases = picture.cases
        near = [cases[i] for i in nearby.index().around(case.lon, case.lat, rule.radius_m) if i in cases]
    else:
        near = picture.cases.values()
    found = scan_candidates(near, catalog, case.class_code, case.lon, case.lat, case.created_at, rule)
    return [c.case for c in found if c.case.id != case.id and c.case.created_at <= case.created_at]
