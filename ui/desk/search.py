"""The desk's search over the database: closed, rejected and cancelled cases, a page at a time,
read off the GUI thread and shown only as this desk's viewer may see them."""
from __future__ import annotations

from typing import Callable

from commandcenter.case import Case
from commandcenter.case_search import CaseQuery


def closed_case_search(session) -> Callable[[CaseQuery, Callable[[list[Case], Exception | None], None]], None]:
    """``search(query, on_done)`` over ``session``'s store through its read operation; the cases
    pass the picture's own admission (reporters masked for a role that may not see them)."""
    store, commands = session.store, session.commands

    def search(query: CaseQuery, on_done) -> None:
        admit = session.picture.admit

        def job() -> list[Case]:
            cases = store.search_cases(query)
            return [admit(c) for c in cases] if admit is not None else cases

        commands.read(job, on_done)

    return search
