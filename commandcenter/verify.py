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


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose stored hash does not follow from the events before it."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"event #{self.seq}: {self.problem}"


@dataclass(frozen=True)
class ChainResult:
    events: int
    head_seq: int
    head_hash: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chain(store) -> ChainResult:
    """Recompute the hash chain over the whole log (:mod:`commandcenter.chain`) and name the
    first event where it breaks: changed content, a changed place in the log, or an event
    removed before it. The log's head (last seq and hash) must be the last event's."""
    from .chain import GENESIS, hash_of

    head_seq, head_hash = store.log_head()
    prev_hash, prev_seq, count = GENESIS, 0, 0
    while prev_seq < head_seq:
        page = store.event_links(prev_seq, _PAGE)
        if not page or page[0][0].seq > head_seq:
            break
        for event, stored_hash in page:
            if event.seq > head_seq:
                break   # appended while we read; the next verification covers it
            count += 1
            if hash_of(event, prev_hash) != stored_hash:
                if event.seq != prev_seq + 1 and prev_seq:
                    problem = (f"does not follow event #{prev_seq}: event(s) #{prev_seq + 1}–#{event.seq - 1} "
                               "were removed, or this event was changed")
                else:
                    problem = ("its content (actor, time, type, case, details) or its place in the log was "
                               "changed after it was written")
                return ChainResult(count, head_seq, head_hash, ChainBreak(event.seq, problem))
            prev_hash, prev_seq = stored_hash, event.seq
    if prev_seq != head_seq:
        return ChainResult(count, head_seq, head_hash, ChainBreak(
            prev_seq + 1, f"missing: the log ends at #{prev_seq} but was written up to #{head_seq}"))
    if prev_hash != head_hash:
        return ChainResult(count, head_seq, head_hash, ChainBreak(
            prev_seq, "does not match the hash the log recorded when it was written"))
    return ChainResult(count, head_seq, head_hash, None)
