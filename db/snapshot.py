"""Reading every case at once (the picture a screen starts from) fast enough for a city:
100,000 rows become cases in well under a second of work.

The rows are fetched through the driver (no per-row result processing) in batches; each batch
is turned into columns, and each column that needs it is converted in one pass chosen from its
type: SQLite keeps datetimes as naive UTC text and booleans as 0/1; PostgreSQL hands over aware
datetimes and booleans; enum columns are looked up in a dict. A viewer who may not see citizens'
personal data gets the reporter columns masked in the same pass (:func:`read_cases`'s ``admit``),
so no case is built twice. A ``progress(rows_done, rows_total)`` callback hears every batch.

The cases equal :func:`db.convert.case_from_row` of the same rows (tests/db/test_snapshot_read.py)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Boolean, func, select

from commandcenter.case import Case
from commandcenter.privacy import masked_case, masked_reporter

from .convert import CASE_COLUMNS, CASE_FIELDS, _ENUMS
from .models import CaseRow, UtcDateTime

BATCH = 5000

Progress = Callable[[int, int], None]
Column = tuple   # one column of a batch, as ``zip(*rows)`` gives it

_UTC = timezone.utc
_fromisoformat = datetime.fromisoformat
_NAME_AT = CASE_FIELDS.index("reporter_name")
_PHONE_AT = CASE_FIELDS.index("reporter_phone")
#: the longest ISO text of a date alone ("2026-01-02", "2026-W01-5")
_DATE_ALONE = 10


# One value at a time (what the columns fall back to on anything unusual) --------------------
def _sqlite_datetime(value):
    if value is None:
        return None
    return _fromisoformat(value).replace(tzinfo=_UTC)


def _aware_datetime(value):
    if value is None:
        return None
    return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)


def _boolean(value):
    return None if value is None else bool(value)


# A whole column at a time ------------------------------------------------------------------
def _sqlite_datetimes(column: Column) -> list:
    """Naive UTC text to aware UTC datetimes. Parsing the text with its offset written on is
    several times cheaper than parsing it naive and replacing the zone afterwards. Text that way
    does not read (a date alone, whose offset Python ignores; text with an offset of its own;
    not text) is read value by value as before."""
    try:
        if min(map(len, filter(None, column)), default=_DATE_ALONE + 1) > _DATE_ALONE:
            return [None if v is None else _fromisoformat(v + "+00:00") for v in column]
    except (TypeError, ValueError):
        pass
    return [_sqlite_datetime(v) for v in column]


def _aware_datetimes(column: Column) -> list:
    """The driver's datetimes as aware UTC (a UTC session's values are already)."""
    utc = _UTC
    return [v if v is None or v.tzinfo is utc else _aware_datetime(v) for v in column]


def _by_lookup(table: dict, slow: Callable) -> Callable[[Column], list]:
    """A column converter that looks every value up in ``table`` (in C), and converts value by
    value with ``slow`` where a value is not in it (which then says what is wrong with it)."""
    lookup = table.__getitem__

    def convert(column: Column) -> list:
        try:
            return list(map(lookup, column))
        except KeyError:
            return list(map(slow, column))

    return convert


def _enum(enum) -> Callable[[Column], list]:
    by_value = {member.value: member for member in enum}

    def slow(value):
        return None if value is None else by_value.get(value) or enum(value)

    return _by_lookup({**by_value, None: None}, slow)


_booleans = _by_lookup({None: None, 0: False, 1: True}, _boolean)   # True == 1: PostgreSQL's too


def converters_for(dialect: str) -> list[tuple[int, Callable[[Column], list]]]:
    """(position, column converter) for every column that needs converting on this dialect."""
    out = []
    for i, (name, column) in enumerate(zip(CASE_FIELDS, CASE_COLUMNS)):
        if name in _ENUMS:
            out.append((i, _enum(_ENUMS[name])))
        elif isinstance(column.type, UtcDateTime):
            out.append((i, _sqlite_datetimes if dialect == "sqlite" else _aware_datetimes))
        elif isinstance(column.type, Boolean):
            out.append((i, _booleans))
    return out


def _case_maker() -> Callable[..., Case]:
    """A function equal to ``Case(*values)`` at half its cost. A frozen dataclass's ``__init__``
    sets each of its 49 fields through ``object.__setattr__``; here the fields are set on an
    unfrozen twin with the same slots (plain attribute stores) and the object then becomes a
    :class:`Case` (Python allows that between classes of identical layout). Where that does not
    hold (Case grew a ``__post_init__``, a field outside ``__init__``, a layout change), or the
    result is not what ``Case(*values)`` gives, the class itself is used."""
    from dataclasses import fields

    names = tuple(f.name for f in fields(Case))
    if (hasattr(Case, "__post_init__") or not all(f.init for f in fields(Case))
            or tuple(getattr(Case, "__slots__", ())) != names or Case.__bases__ != (object,)):
        return Case
    twin = type("_UnfrozenCase", (), {"__slots__": names})
    arguments = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    o.{name} = v{i}\n" for i, name in enumerate(names))
    namespace = {"_new": object.__new__, "_Twin": twin, "_Case": Case}
    exec(f"def make_case({arguments}):\n    o = _new(_Twin)\n{body}    o.__class__ = _Case\n    return o\n",
         namespace)
    make = namespace["make_case"]
    sample = tuple(f"value {i}" for i in range(len(names)))
    try:
        made = make(*sample)
    except TypeError:
        return Case
    if type(made) is not Case or made != Case(*sample) or repr(made) != repr(Case(*sample)):
        return Case
    return make


_make_case = _case_maker()


def _mask_reporters(columns: list) -> None:
    """The reporter name and phone columns as :func:`commandcenter.privacy.masked_case` leaves them."""
    masked = [masked_reporter(name, phone) if name or phone else (name, phone)
              for name, phone in zip(columns[_NAME_AT], columns[_PHONE_AT])]
    if masked:
        columns[_NAME_AT], columns[_PHONE_AT] = zip(*masked)


def read_cases(conn, columns, progress: Progress | None = None,
               admit: Callable[[Case], Case] | None = None) -> list[Case]:
    """Every case row, in id order, as :class:`Case` objects (``columns``: what this login may read,
    in :data:`db.convert.CASE_FIELDS` order), each passed through ``admit`` (a picture's
    :attr:`~commandcenter.situation.SituationPicture.admit`; the personal-data mask is applied to
    the columns, any other function to each case)."""
    dialect = conn.engine.dialect.name
    total = conn.execute(select(func.count()).select_from(CaseRow)).scalar_one() if progress else 0
    statement = select(*columns).order_by(CaseRow.id)
    compiled = statement.compile(dialect=conn.engine.dialect)
    converters = converters_for(dialect)
    mask = admit is masked_case
    each = admit if admit is not None and not mask else None
    raw = conn.connection.dbapi_connection.cursor()
    cases: list[Case] = []
    try:
        raw.execute(str(compiled), _positional(compiled))
        while True:
            rows = raw.fetchmany(BATCH)
            if not rows:
                break
            cases.extend(_cases_of(list(zip(*rows)), converters, mask, each))
            if progress is not None:
                progress(len(cases), max(total, len(cases)))
    finally:
        raw.close()
    return cases


def cases_of_batch(columns: list, converters, admit: Callable[[Case], Case] | None = None) -> list[Case]:
    """The cases of one batch of raw rows given as columns (``list(zip(*rows))``, in
    :data:`CASE_FIELDS` order) as :func:`read_cases` makes them (rows read elsewhere:
    :mod:`db.prefetch`); ``converters`` from :func:`converters_for`."""
    mask = admit is masked_case
    return list(_cases_of(list(columns), converters, mask, admit if admit is not None and not mask else None))


def _cases_of(batch: list, converters, mask: bool, each):
    for i, convert in converters:
        batch[i] = convert(batch[i])
    if mask:
        _mask_reporters(batch)
    made = map(_make_case, *batch)
    return map(each, made) if each is not None else made


def _positional(compiled):
    """The statement's bound values in the driver's style (the readable columns carry none, but a
    hidden column is a NULL literal)."""
    params = compiled.params
    if not params:
        return ()
    if compiled.positiontup:
        return tuple(params[name] for name in compiled.positiontup)
    return params
