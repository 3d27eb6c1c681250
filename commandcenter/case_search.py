"""Finding a case (案件检索) from one line of text: its number, words of its description (a
hotline case's address is part of it), the 12345 order number, its street, community, grid code or
class (Chinese or English name), and the reporter's phone for the posts that may see it.

Names are resolved to codes here, once, against the catalog and the district map; a
:class:`CaseQuery` then holds only the text and code sets, so the in-memory picture
(:meth:`CaseQuery.matches`) and a database (:meth:`commandcenter.ports.Store.search_cases`) answer
the same question the same way."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from .case import Case, Status

CLOSED_STATUSES = frozenset({Status.CLOSED, Status.REJECTED, Status.CANCELLED})
"""The cases that left the desk's queues: closed (已结案), rejected (不受理), cancelled (作废)."""
PAGE = 50


@dataclass(frozen=True)
class CaseQuery:
    """What to look for. ``text`` (folded to lower case) is matched as a substring of the number,
    the description, the grid code and the external order number, and of the phone when
    ``with_phone``; the code sets are the streets, communities and classes whose names contain it.

    ``statuses`` limits the cases considered (empty: all); results come newest first (highest id),
    ``limit`` at a time, below ``before_id`` for the next page."""

    text: str
    street_codes: frozenset[str] = frozenset()
    community_codes: frozenset[str] = frozenset()
    class_codes: frozenset[str] = frozenset()
    with_phone: bool = False
    statuses: frozenset[Status] = frozenset()
    limit: int = PAGE
    before_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text

    def matches(self, case: Case) -> bool:
        """The test every store applies (the SQL store as a WHERE clause)."""
        if self.statuses and case.status not in self.statuses:
            return False
        if self.before_id is not None and case.id >= self.before_id:
            return False
        return self.matches_text(case)

    def matches_text(self, case: Case) -> bool:
        text = self.text
        if not text:
            return False
        if (case.street_code in self.street_codes or case.community_code in self.community_codes
                or case.class_code in self.class_codes):
            return True
        for value in (case.number, case.description, case.grid_code, case.external_number):
            if value and text in value.casefold():
                return True
        return bool(self.with_phone and case.reporter_phone and text in case.reporter_phone.casefold())

    def next_page(self, last: Case) -> "CaseQuery":
        """The same query for the cases after ``last`` (the last of a full page)."""
        return replace(self, before_id=last.id)


class CaseFinder:
    """Builds queries against the names of one catalog and district map (both languages)."""

    def __init__(self, catalog, district_map=None):
        self._classes = [(c.code, f"{c.zh}\n{c.en}".casefold()) for c in catalog.small_classes()]
        streets = district_map.streets if district_map is not None else ()
        communities = district_map.communities if district_map is not None else ()
        self._streets = [(s.code, s.name.casefold()) for s in streets]
        self._communities = [(c.code, c.name.casefold()) for c in communities]

    def query(self, text: str, *, with_phone: bool = False, statuses: Iterable[Status] = (),
              limit: int = PAGE) -> CaseQuery:
        """The query for ``text`` as typed (surrounding blanks ignored, case folded)."""
        folded = " ".join(text.split()).casefold()
        if not folded:
            return CaseQuery("", statuses=frozenset(statuses), limit=limit)

        def named(pairs):
            return frozenset(code for code, name in pairs if folded in name)

        return CaseQuery(folded, named(self._streets), named(self._communities), named(self._classes),
                         with_phone, frozenset(statuses), limit)


def search_in(cases: Iterable[Case], query: CaseQuery) -> list[Case]:
    """The matching cases among ``cases``, newest first, at most ``query.limit`` (a store
    without a query language of its own, and the desk's picture)."""
    found = sorted((c for c in cases if query.matches(c)), key=lambda c: c.id, reverse=True)
    return found[:query.limit]
