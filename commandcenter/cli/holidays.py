"""holiday set/import/confirm/list: the administrator's holiday table over the official calendar.

Every change moves the open stage deadlines it affects, in the same transaction, each with a
``recompute_deadline`` event naming the change (see :func:`commandcenter.deadlines.recompute_deadlines`).
"""
from __future__ import annotations

import csv
from datetime import date, timedelta

from ..clock import utc_now
from ..deadlines import recompute_deadlines
from ..errors import InputFileError, ValidationError
from ..holiday_estimate import estimated_days_off
from ..worktime import WorkCalendar
from . import add_db_option
from .identity import add_identity_options, admin_actor

MAX_RANGE_DAYS = 366

MESSAGES: dict[str, tuple[str, str]] = {
    "not_a_day_range": ("not a date (YYYY-MM-DD) or range (YYYY-MM-DD..YYYY-MM-DD)",
                        "不是日期（YYYY-MM-DD）或日期范围（YYYY-MM-DD..YYYY-MM-DD）"),
    "range_backwards": ("the range ends before it starts", "范围的结束早于开始"),
    "range_too_long": ("longer than {limit} days", "超过 {limit} 天"),
}
_OFF = {"off", "holiday", "休", "放假", "false", "0"}
_WORKING = {"working", "work", "班", "上班", "调休上班", "true", "1"}


def register(sub) -> None:
    p = sub.add_parser("holiday", help="the admin holiday table (overrides the official calendar)")
    hsub = p.add_subparsers(dest="holiday_command", metavar="ACTION")
    hs = hsub.add_parser("set", help="mark a day or a range FROM..TO as days off or working days")
    _common(hs)
    hs.add_argument("days", metavar="DAY|FROM..TO", help="2027-02-17, or 2027-02-06..2027-02-12")
    hs.add_argument("--working", action="store_true", help="working days (调休); default: days off")
    hs.add_argument("--note", default="")
    hs.set_defaults(handler=cmd_holiday_set)

    hi = hsub.add_parser("import", help="the State Council's published arrangement of a year, as CSV: "
                                        "date (or FROM..TO), kind (off|working), note; confirms its years")
    _common(hi)
    hi.add_argument("file", metavar="FILE.csv")
    hi.set_defaults(handler=cmd_holiday_import)

    hc = hsub.add_parser("confirm", help="confirm a year's arrangement as entered: its holidays are no "
                                         "longer estimated")
    _common(hc)
    hc.add_argument("year", type=int)
    hc.set_defaults(handler=cmd_holiday_confirm)

    hl = hsub.add_parser("list", help="the table, the estimated holidays of years the official calendar "
                                      "lacks, and a warning naming those years")
    add_db_option(hl)
    hl.add_argument("--year", type=int, default=None, help="also show this year's estimated holidays")
    hl.set_defaults(handler=cmd_holiday_list)


def _common(parser) -> None:
    add_db_option(parser)
    add_identity_options(parser, admin=True)


def parse_days(text: str, field: str = "day") -> list[date]:
    """``2027-02-17`` or ``2027-02-06..2027-02-12`` (both ends included)."""
    first_text, _, last_text = str(text).strip().partition("..")
    try:
        first = date.fromisoformat(first_text.strip())
        last = date.fromisoformat(last_text.strip()) if last_text else first
    except ValueError:
        raise ValidationError(field, text, "not a date (YYYY-MM-DD) or range (YYYY-MM-DD..YYYY-MM-DD)",
                              reason="not_a_day_range") from None
    if last < first:
        raise ValidationError(field, text, "the range ends before it starts", reason="range_backwards")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValidationError(field, text, f"longer than {MAX_RANGE_DAYS} days", reason="range_too_long",
                              limit=MAX_RANGE_DAYS)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def read_arrangement(path: str) -> dict[date, tuple[bool, str]]:
    """The CSV of a published arrangement: ``date,kind,note`` rows (a header row is optional)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as exc:
        raise InputFileError(path, "", f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputFileError(path, "", "not UTF-8 text") from None
    changes: dict[date, tuple[bool, str]] = {}
    for number, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#") or (number == 1 and cells[0].lower() in ("date", "日期")):
            continue
        if len(cells) < 2:
            raise InputFileError(path, f"line {number}", "expected date,kind[,note]")
        kind = cells[1].lower()
        if kind not in _OFF | _WORKING:
            raise InputFileError(path, f"line {number}", f"kind {cells[1]!r} is neither off nor working")
        try:
            days = parse_days(cells[0])
        except ValidationError as exc:
            raise InputFileError(path, f"line {number}", f"{cells[0]!r}: {exc.problem}") from None
        for day in days:
            if day in changes and changes[day][0] != (kind in _WORKING):
                raise InputFileError(path, f"line {number}", f"{day} is listed both as off and as working")
            changes[day] = (kind in _WORKING, cells[2] if len(cells) > 2 else "")
    if not changes:
        raise InputFileError(path, "", "no days in the file")
    return changes


def apply_calendar_change(args, store, actor: str, changes: dict[date, tuple[bool, str]],
                          confirm: set[int], what: str) -> int:
    """Write the change and move the open deadlines it affects; returns how many moved."""
    from ..catalog import load_catalog

    before = WorkCalendar(overrides=args.backend.holidays(store), confirmed_years=args.backend.confirmed_years(store))
    after = before.with_overrides({day: working for day, (working, _) in changes.items()}).with_confirmed(confirm)
    catalog, at = load_catalog(), utc_now()
    reason = f"working calendar changed by {actor}: {what}"

    def recompute(cases):
        return recompute_deadlines(cases, catalog, before, after, actor=actor, role="admin", at=at, reason=reason)

    moved = args.backend.change_calendar(store, changes, confirm, actor, at, recompute, detail=what)
    return len(moved)


def _describe(days: list[date], working: bool, note: str) -> str:
    span = f"{days[0]}" if len(days) == 1 else f"{days[0]}..{days[-1]}"
    return f"{span} {'working' if working else 'off'}" + (f" ({note})" if note else "")


def cmd_holiday_set(args) -> int:
    days = parse_days(args.days)
    store = args.backend.open_store(args.db)
    actor = admin_actor(args, store, "holiday set")
    what = _describe(days, args.working, args.note)
    moved = apply_calendar_change(args, store, actor, {d: (args.working, args.note) for d in days}, set(), what)
    print(f"{what}: {len(days)} day{'s' if len(days) > 1 else ''} set; {moved} open deadline"
          f"{'' if moved == 1 else 's'} recomputed")
    return 0


def cmd_holiday_import(args) -> int:
    changes = read_arrangement(args.file)
    store = args.backend.open_store(args.db)
    actor = admin_actor(args, store, "holiday import")
    years = {day.year for day in changes}
    what = f"arrangement imported from {args.file} ({len(changes)} days; years {', '.join(map(str, sorted(years)))} " \
           f"confirmed)"
    moved = apply_calendar_change(args, store, actor, changes, years, what)
    print(f"{what}; {moved} open deadline{'' if moved == 1 else 's'} recomputed")
    return 0


def cmd_holiday_confirm(args) -> int:
    store = args.backend.open_store(args.db)
    actor = admin_actor(args, store, "holiday confirm")
    what = f"holiday arrangement of {args.year} confirmed as entered"
    moved = apply_calendar_change(args, store, actor, {}, {args.year}, what)
    print(f"{what}; {moved} open deadline{'' if moved == 1 else 's'} recomputed")
    return 0


def cmd_holiday_list(args) -> int:
    store = args.backend.open_store(args.db)
    table, notes = args.backend.holidays(store), args.backend.holiday_notes(store)
    calendar = WorkCalendar(overrides=table, confirmed_years=args.backend.confirmed_years(store))
    for day, working in sorted(table.items()):
        print(f"{day}  {'working' if working else 'off'}  {notes.get(day, '')}".rstrip())
    now = utc_now()
    years = set(calendar.years_in_use(now)) | ({args.year} if args.year else set())
    for year in calendar.official_calendar_missing(sorted(years)):
        for day, name in sorted(estimated_days_off(year).items()):
            if day not in table:
                print(f"{day}  off  {name} (estimated)")
    warning = calendar.calendar_warning(now)
    if warning:
        print(f"warning: {warning}")
    return 0
