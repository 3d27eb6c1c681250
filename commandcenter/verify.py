"""Determinism check (回放校验): replaying the whole event log must give back every stored case,
field for field. ``commandcenter replay --verify`` runs it."""
from __future__ import annotations

from dataclasses import dataclass, fields

from .case import Case
from .replay import fold_events

CASE_FIELDS = tuple(f.name for f in fields(Case))
_PAGE = 5000


@dataclass(frozen=True)
class Difference:
    """The first field where the stored case and the replayed one disagree."""

    case_id: int
    number: str
    field: str
    stored: object
    replayed: object

    def __str__(self) -> str:
        return (f"case {self.number or '?'} (id {self.case_id}): {self.field} differs: "
                f"stored {self.stored!r}, replayed {self.replayed!r}")


@dataclass(frozen=True)
class VerifyResult:
    cases: int
    events: int
    difference: Difference | None

    @property
    def ok(self) -> bool:
        return self.difference is None


def replay_log(store, up_to: int) -> tuple[dict[int, Case], int]:
    """Every case folded from the log up to seq ``up_to``, read page by page; and the number
    of events folded."""
    cases: dict[int, Case] = {}
    seq, count = 0, 0
    while seq < up_to:
        page = [e for e in store.events_after(seq, _PAGE) if e.seq <= up_to]
        if not page:
            break
        fold_events(page, cases)
        count += len(page)
        seq = page[-1].seq
    return cases, count


def compare(stored: Case | None, replayed: Case | None) -> Difference | None:
    """The first differing field of two versions of one case, or None when they agree."""
    if stored is None or replayed is None:
        present = stored or replayed
        assert present is not None
        return Difference(present.id, present.number, "existence",
                          "row" if stored else "no row", "events" if replayed else "no events")
    for name in CASE_FIELDS:
        a, b = getattr(stored, name), getattr(replayed, name)
        if a != b:
            return Difference(stored.id, stored.number, name, a, b)
    return None


def verify_history(store) -> VerifyResult:
    """Replay ``store``'s whole log and compare every case with its stored row, in id order.
    Rows and log are read as of one moment, so desks working meanwhile do not disturb it."""
    rows, last_seq = store.load_snapshot()
    stored = {c.id: c for c in rows}
    replayed, events = replay_log(store, last_seq)
    for case_id in sorted(stored.keys() | replayed.keys()):
        difference = compare(stored.get(case_id), replayed.get(case_id))
        if difference is not None:
            return VerifyResult(len(stored), events, difference)
    return VerifyResult(len(stored), events, None)
