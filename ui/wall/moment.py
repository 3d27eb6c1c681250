"""The wall at a chosen moment (``snapshot wall --at "2026-12-07 03:00"``): what it showed, or
will show, at that hour — a leader's wall looked at at 03:00 by day. Every case is as the event
log had it then (a fold of the events up to that moment; after the last event, the cases as
they are now), and the picture's clock is pinned there, so the tiles, the trend, the overdue
colours and the clock all read that moment."""
from __future__ import annotations

from datetime import datetime, timedelta

from commandcenter.case import last_events_of
from commandcenter.clock import LOCAL_TZ
from commandcenter.errors import ValidationError
from commandcenter.kpi_asof import cases_as_of

FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


def parse_moment(text: str, option: str = "--at") -> datetime:
    """'2026-12-07 03:00' (Beijing time) → an aware datetime; a zone given in the text is kept."""
    value = str(text or "").strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(option, text, "expected a local date and time, e.g. \"2026-12-07 03:00\"") from None
    if len(value) < len("2026-12-07 03:00"):   # a date alone is no moment of the day
        raise ValidationError(option, text, "give the time of day too, e.g. \"2026-12-07 03:00\"")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_TZ)


class MomentSource:
    """A still source: fills the picture once with the cases as they stood at ``at`` and pins
    its clock there; nothing arrives afterwards."""

    name = "live"

    def __init__(self, store, picture, at: datetime):
        self.store = store
        self.picture = picture
        self.at = at

    def start(self) -> None:
        last_seq = self.store.last_seq()
        last = self.store.events_after(last_seq - 1, limit=1) if last_seq else []
        if last and last[0].at <= self.at:   # after the last event: the cases as they are
            cases, last_seq = self.store.load_snapshot()
        else:
            cases = list(cases_as_of(self.store.events_between(None, self.at + timedelta(microseconds=1)), self.at).values())
            stored = sum(1 for c in self.store.load_snapshot()[0] if c.created_at <= self.at)
            if len(cases) < stored:   # cases loaded in bulk, without their events: no past to replay
                raise ValidationError("--at", f"{self.at:%Y-%m-%d %H:%M}",
                                      f"the event log holds {len(cases)} of the {stored} cases reported by then, so "
                                      "the wall cannot be shown as it was; give a moment after the last event"
                                      + (f" ({last[0].at.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M})" if last else ""))
        self.picture.reset(cases, last_seq, source_name=self.name, at=self.at, pin_time=True)
        self.picture.mark_feed(True, self.at)

    def stop(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def case_history(self, case_id: int) -> list:
        return [e for e in self.store.events_of_case(case_id) if e.at <= self.at]

    def last_events(self, case_ids, event_type: str) -> dict:
        return last_events_of((e for case_id in case_ids for e in self.case_history(case_id)), case_ids, event_type)
