"""Reference data in the shared database: geography, components, departments, users,
the holiday table and the counts ``commandcenter info`` prints."""
from __future__ import annotations

import json
from datetime import date
from typing import Callable, Iterable, Mapping, Sequence

from sqlalchemy import delete, func, insert, select

from commandcenter.auth import check_password_rules, hash_password
from commandcenter.clock import utc_now
from commandcenter.case import Status
from commandcenter.errors import DomainError, ValidationError
from commandcenter.ports import Department
from commandcenter.roles import Role

from .engine import writer
from .accounts import _audit
from .convert import CASE_COLUMNS, case_from_row
from .models import (CaseEventRow, CaseRow, CommunityRow, ComponentRow, DepartmentRow, DistrictRow, GridHistoryRow,
                     GridRow, HolidayRow, HolidayYearRow, Meta, StreetRow, UserRow)
from .store import SqlStore, SqlTransaction

_CHUNK = 2000


def _chunks(rows: list[dict]) -> Iterable[list[dict]]:
    for i in range(0, len(rows), _CHUNK):
        yield rows[i:i + _CHUNK]


def save_district_map(store: SqlStore, district_map, *, add: bool = False) -> None:
    """Store a district with its streets, communities and unit grids, replacing any earlier
    geography. Refused once cases exist: their grid codes would point nowhere. With ``add`` the
    district joins those already stored (a city of several districts): refused when its code is
    there already; the other districts and their cases stay as they are."""
    with writer(store.engine).begin() as conn:
        d = district_map.district
        if add:
            if conn.execute(select(DistrictRow.code).where(DistrictRow.code == d.code)).first():
                raise DomainError(f"district {d.code} is already in this database; import it into a new "
                                  "database or replace the city with --replace")
            datum = conn.execute(select(Meta.value).where(Meta.key == "datum")).scalar()
            if datum and datum != d.datum:
                raise DomainError(f"district {d.code} is in datum {d.datum}, the districts in this database "
                                  f"are in {datum}: import it with --datum {datum}")
        else:
            if conn.execute(select(func.count()).select_from(CaseRow)).scalar():
                raise DomainError("this database already has cases; import a district into a new database")
            for table in (ComponentRow, GridHistoryRow, GridRow, CommunityRow, StreetRow, DistrictRow):
                conn.execute(delete(table))
        conn.execute(insert(DistrictRow).values(code=d.code, name=d.name, datum=d.datum,
                                                boundary_json=json.dumps(d.boundary), area_m2=d.area_m2))
        conn.execute(insert(StreetRow), [dict(code=s.code, name=s.name, district_code=s.district_code,
                                              derived=s.derived) for s in district_map.streets])
        conn.execute(insert(CommunityRow), [dict(code=c.code, name=c.name, street_code=c.street_code,
                                                 derived=c.derived) for c in district_map.communities])
        rows = [dict(code=g.code, community_code=g.community_code, street_code=g.street_code,
                     rings_json=json.dumps(g.rings), area_m2=g.area_m2, centroid_lon=g.centroid[0],
                     centroid_lat=g.centroid[1]) for g in district_map.grids]
        for chunk in _chunks(rows):
            conn.execute(insert(GridRow), chunk)
        _set_meta(conn, "datum", d.datum)


def load_district_map(store: SqlStore):
    """The stored geography as a domain DistrictMap, or None before any import; several stored
    districts come as one map of the city (:func:`commandcenter.districts.merge`)."""
    from commandcenter.districts import merge

    return merge(load_districts(store))


def has_district(store: SqlStore) -> bool:
    """Whether any district is stored (without reading its geography)."""
    with store.engine.connect() as conn:
        return conn.execute(select(DistrictRow.code).limit(1)).first() is not None


def load_districts(store: SqlStore) -> list:
    """Every stored district as a DistrictMap of its own, by code (:mod:`db.district_load`)."""
    from .district_load import load_districts as load

    return load(store)


def _tuples(value):
    """JSON arrays back to the nested tuples the domain's frozen geometry uses."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def save_components(store: SqlStore, components: Sequence[tuple[str, str, str, float, float]]) -> None:
    """(code, class_code, grid_code, lon, lat) rows, replacing the stored inventory."""
    with writer(store.engine).begin() as conn:
        conn.execute(delete(ComponentRow))
        rows = [dict(code=c, class_code=k, grid_code=g, lon=x, lat=y) for c, k, g, x, y in components]
        for chunk in _chunks(rows):
            conn.execute(insert(ComponentRow), chunk)


def components(store: SqlStore) -> list[tuple[str, str, str, float, float]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(ComponentRow.code, ComponentRow.class_code,
                                                     ComponentRow.grid_code, ComponentRow.lon, ComponentRow.lat))]


def save_addresses(store: SqlStore, rows: Sequence[tuple[str, float, float, str]]) -> None:
    """(address, lon, lat, precision) rows, replacing the stored address gazetteer."""
    from .models import AddressRow

    with writer(store.engine).begin() as conn:
        conn.execute(delete(AddressRow))
        values = [dict(address=a, lon=x, lat=y, precision=p) for a, x, y, p in rows]
        for chunk in _chunks(values):
            conn.execute(insert(AddressRow), chunk)


def addresses(store: SqlStore) -> list[tuple[str, float, float, str]]:
    from .models import AddressRow

    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(AddressRow.address, AddressRow.lon, AddressRow.lat,
                                                      AddressRow.precision).order_by(AddressRow.id))]


def save_departments(store: SqlStore, departments: Iterable[Department]) -> None:
    with writer(store.engine).begin() as conn:
        existing = set(conn.execute(select(DepartmentRow.code)).scalars())
        new = [dict(code=d.code, name=d.name, name_en=d.name_en) for d in departments if d.code not in existing]
        if new:
            conn.execute(insert(DepartmentRow), new)


def add_user(store: SqlStore, name: str, role: str, password: str, *, display_name: str | None = None,
             department: str | None = None, password_hash: str | None = None, actor: str = "system",
             district: str | None = None) -> None:
    """Create a user (logged as added by ``actor``). The password must pass the password rules
    and is stored only as a salted scrypt hash."""
    name = (name or "").strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise ValidationError("name", name, "a user name is 1–64 characters without spaces")
    role_value = Role.parse(role)
    if role_value is Role.DEPARTMENT and not department:
        raise ValidationError("department", department, "required for the department role")
    if not password_hash:
        check_password_rules(password, name)
    with writer(store.engine).begin() as conn:
        if conn.execute(select(UserRow.name).where(UserRow.name == name)).first():
            raise ValidationError("name", name, "a user with this name exists")
        if department and not conn.execute(select(DepartmentRow.code).where(DepartmentRow.code == department)).first():
            raise ValidationError("department", department, "unknown department")
        if district and not conn.execute(select(DistrictRow.code).where(DistrictRow.code == district)).first():
            raise ValidationError("district", district, "unknown district")
        conn.execute(insert(UserRow).values(district_code=district or None,
            name=name, display_name=display_name or name, role=role_value.value,
            department_code=department if role_value is Role.DEPARTMENT else None,
            password_hash=password_hash or hash_password(password), active=True, failed_logins=0))
        _audit(conn, "user_added", name, actor, f"role {role_value.value}", utc_now())


def add_users_bulk(store: SqlStore, rows: Sequence[dict]) -> None:
    """Many users at once (demo staff); each row as for :func:`add_user`, already hashed."""
    with writer(store.engine).begin() as conn:
        conn.execute(insert(UserRow), [dict(active=True, failed_logins=0, **r) for r in rows])


def holidays(store: SqlStore) -> dict[date, bool]:
    with store.engine.connect() as conn:
        return {r.day: bool(r.working) for r in conn.execute(select(HolidayRow.day, HolidayRow.working))}


def holiday_notes(store: SqlStore) -> dict[date, str]:
    with store.engine.connect() as conn:
        return {r.day: r.note for r in conn.execute(select(HolidayRow.day, HolidayRow.note))}


def set_holiday(store: SqlStore, day: date, working: bool, note: str = "") -> None:
    with writer(store.engine).begin() as conn:
        _write_holidays(conn, {day: (working, note)})


def confirmed_years(store: SqlStore) -> set[int]:
    """Years whose published holiday arrangement an administrator has confirmed."""
    with store.engine.connect() as conn:
        return set(conn.execute(select(HolidayYearRow.year)).scalars())


def change_calendar(store: SqlStore, changes: Mapping[date, tuple[bool, str]], confirm: Iterable[int],
                    actor: str, at, recompute: Callable[[list], list], detail: str = "") -> list:
    """Write holiday-table ``changes`` ({day: (working, note)}) and confirm the ``confirm`` years,
    and in the same transaction save every open case ``recompute(open_cases)`` moves, each with
    its event appended to the log. Returns the changed cases. A desk changing one of those
    cases meanwhile makes the whole change fail with a conflict, leaving everything as it was."""
    with writer(store.engine).begin() as conn:
        _write_holidays(conn, changes)
        _audit(conn, "calendar_changed", "holidays", actor, detail, at)
        for year in sorted(set(confirm)):
            conn.execute(delete(HolidayYearRow).where(HolidayYearRow.year == year))
            conn.execute(insert(HolidayYearRow).values(year=year, confirmed_by=actor[:100], confirmed_at=at))
        open_statuses = [s.value for s in Status if s.is_open]
        rows = conn.execute(select(*CASE_COLUMNS).where(CaseRow.status.in_(open_statuses),
                                                        CaseRow.stage_deadline.is_not(None)).order_by(CaseRow.id))
        moved = recompute([case_from_row(r) for r in rows])
        tx = SqlTransaction(conn)
        for case, event in moved:
            tx.save_case(case, expected_version=case.version - 1)
            tx.append_event(event)
        return [case for case, _ in moved]


def _write_holidays(conn, changes: Mapping[date, tuple[bool, str]]) -> None:
    days = list(changes)
    for i in range(0, len(days), 500):
        conn.execute(delete(HolidayRow).where(HolidayRow.day.in_(days[i:i + 500])))
    if days:
        conn.execute(insert(HolidayRow), [dict(day=d, working=w, note=(n or "")[:200])
                                          for d, (w, n) in changes.items()])


def counts(store: SqlStore) -> dict:
    """What ``commandcenter info`` prints."""
    tables = {"districts": DistrictRow, "streets": StreetRow, "communities": CommunityRow, "grids": GridRow,
              "components": ComponentRow, "departments": DepartmentRow, "users": UserRow, "cases": CaseRow,
              "events": CaseEventRow}
    with store.engine.connect() as conn:
        out = {name: conn.execute(select(func.count()).select_from(t)).scalar_one() for name, t in tables.items()}
        area = conn.execute(select(func.coalesce(func.sum(GridRow.area_m2), 0.0))).scalar_one()
        out["area_km2"] = round(float(area) / 1e6, 3)
        out["datum"] = conn.execute(select(Meta.value).where(Meta.key == "datum")).scalar()
        out["sandbox"] = conn.execute(select(Meta.value).where(Meta.key == "sandbox")).scalar() == "1"
    return out


def _set_meta(conn, key: str, value: str) -> None:
    conn.execute(delete(Meta).where(Meta.key == key))
    conn.execute(insert(Meta).values(key=key, value=value))
