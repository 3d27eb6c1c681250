"""info, db, kpi and case commands; the user and holiday commands (modules ``users`` and
``holidays``) are registered from here too."""
from __future__ import annotations

import csv
import io
import json
import sys

from ..clock import local, utc_now
from ..errors import ValidationError
from ..kpi import GROUPINGS, KPI_BY_KEY, KPI_COLUMNS, kpi_window, total
from . import add_db_option, evidence, holidays, users
from .identity import add_identity_options, admin_actor, signed_in_user


def register(sub) -> None:
    p = sub.add_parser("info", help="counts of what the database holds")
    add_db_option(p)
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser("db", help="database administration")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION")
    up = dbsub.add_parser("upgrade", help="apply the schema migrations")
    add_db_option(up)
    up.set_defaults(handler=cmd_db_upgrade)
    bm = dbsub.add_parser("basemap", help="the base map under the grids (default: none; offline tiles)")
    add_db_option(bm)
    where = bm.add_mutually_exclusive_group()
    where.add_argument("--folder", help="a local folder of z/x/y.png tiles (WGS84 Web Mercator)")
    where.add_argument("--mbtiles", help="a local .mbtiles file")
    where.add_argument("--online", metavar="URL_TEMPLATE",
                       help="an online template with {z}/{x}/{y} (only on networks that allow it)")
    where.add_argument("--none", action="store_true", help="no base map (the default)")
    bm.add_argument("--attribution", default="")
    bm.add_argument("--max-zoom", type=int, default=18)
    add_identity_options(bm, admin=True)
    bm.set_defaults(handler=cmd_db_basemap)

    users.register(sub)
    holidays.register(sub)

    p = sub.add_parser("kpi", help="evaluation KPIs for a time window")
    add_db_option(p)
    p.add_argument("--by", default="all", choices=tuple(GROUPINGS))
    p.add_argument("--from", dest="start", default=None, help="start (local date/time; default: today 00:00)")
    p.add_argument("--to", dest="end", default=None, help="end, exclusive (default: now)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_kpi)

    p = sub.add_parser("case", help="report, act on and show cases")
    csub = p.add_subparsers(dest="case_command", metavar="ACTION")
    rep = csub.add_parser("report", help="record a new report")
    add_db_option(rep)
    add_identity_options(rep, admin=False)
    rep.add_argument("--class", dest="class_code", required=True)
    rep.add_argument("--lon", required=True)
    rep.add_argument("--lat", required=True)
    rep.add_argument("--description", required=True)
    rep.add_argument("--source", default="supervisor")
    rep.add_argument("--tier", default=None)
    rep.set_defaults(handler=cmd_case_report)
    act = csub.add_parser("act", help="take a step: accept, register, dispatch, …")
    add_db_option(act)
    act.add_argument("case", help="case id or number")
    act.add_argument("step")
    add_identity_options(act, admin=False)
    act.add_argument("--set", dest="fields", action="append", default=[], metavar="FIELD=VALUE")
    act.add_argument("--expected-version", type=int, default=None)
    act.set_defaults(handler=cmd_case_act)
    show = csub.add_parser("show", help="a case and its history")
    add_db_option(show)
    show.add_argument("case")
    show.set_defaults(handler=cmd_case_show)
    from .casework import register_case_commands

    register_case_commands(csub)
    evidence.register(csub)


def open_store(args, read_only: bool = False):
    return args.backend.open_store(args.db, read_only=read_only)


def runtime(args):
    from ..runtime import build_runtime

    return build_runtime(open_store(args), args.backend)


def cmd_info(args) -> int:
    store = open_store(args)
    counts = args.backend.counts(store)
    if args.format == "json":
        print(json.dumps(counts, ensure_ascii=False))
    else:
        for key, value in counts.items():
            print(f"{key:12} {value}")
    return 0


def cmd_db_upgrade(args) -> int:
    store = open_store(args)
    print(f"database at {store.url} is at the current schema")
    if args.backend.has_district(store):
        # street and community outlines (tens of seconds on a big district) derived now, so the
        # first desk or wall after the upgrade starts as fast as the ones after it
        args.backend.warm_district_cache(store)
        print("street and community outlines of the stored districts are ready")
    return 0


def cmd_db_basemap(args) -> int:
    from ..basemap import META_KEY, BaseMap

    store = open_store(args)
    if args.none or args.folder or args.mbtiles or args.online:
        kind, location = ("none", "")
        for name in ("folder", "mbtiles", "online"):
            if getattr(args, name):
                kind, location = name, str(getattr(args, name))
        setting = BaseMap(kind, location, args.attribution, args.max_zoom)
        admin_actor(args, store, "db basemap")
        store.set_meta(META_KEY, setting.to_json())
    setting = BaseMap.from_json(store.meta(META_KEY))
    print(f"base map: {setting.kind}" + (f" {setting.location}" if setting.location else ""))
    return 0


def cmd_kpi(args) -> int:
    start, end = kpi_window(args.start, args.end)
    store = open_store(args)
    now = utc_now()
    as_of = min(end, now)
    groups = args.backend.kpi(store, start, end, by=args.by, now=now)
    rows = [{args.by: key, **v.as_dict()} for key, v in groups.items()]
    if args.by == "grid" and args.format == "json":
        from .grid_versions import grid_version_columns

        grid_version_columns(rows, args.backend.grids_in_force(store, as_of))
    if args.by != "all":
        rows.append({args.by: "total", **total(groups).as_dict()})
    if args.format == "json":
        print(json.dumps({"from": start.isoformat(), "to": end.isoformat(), "as_of": as_of.isoformat(),
                          "by": args.by, "rows": rows}, ensure_ascii=False))
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[args.by, *KPI_COLUMNS])
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(out.getvalue())
    else:
        columns = {c: max(12, len(c)) for c in (args.by, *_KPI_TABLE)}
        print("  ".join(f"{c:>{width}}" for c, width in columns.items()))
        # each Chinese character takes two columns
        print("  ".join(f"{KPI_BY_KEY[c].label_zh:>{width - len(KPI_BY_KEY[c].label_zh)}}" if c in KPI_BY_KEY
                        else " " * width for c, width in columns.items()))
        for row in rows:
            print("  ".join(f"{_fmt(row[c]):>{width}}" for c, width in columns.items()))
        print(f"as of {local(as_of):%Y-%m-%d %H:%M}: overdue = open cases past their stage deadline then "
              f"(超期案件); late_stages = stage deadlines missed in the window (超期环节)")
    return 0


_KPI_TABLE = ("reported", "registered", "dispatched", "closed", "due_to_close", "closing_rate",
              "on_time_closing_rate", "on_time_handling_rate", "rework_rate", "extension_rate",
              "overdue", "late_stages", "mean_handling_hours")


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _parse_value(text: str):
    lowered = text.lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    return text


def resolve_case(store, ref: str):
    if ref.isdigit() and len(ref) < 10:
        return store.case(int(ref))
    return store.case_by_number(ref)


def cmd_case_report(args) -> int:
    rt = runtime(args)
    actor = signed_in_user(args, rt.store, "case report").name
    case = rt.service.report(actor, source=args.source, class_code=args.class_code, lon=args.lon,
                             lat=args.lat, description=args.description, tier=args.tier)
    print(json.dumps({"id": case.id, "number": case.number, "grid": case.grid_code, "status": case.status.value}))
    return 0


def cmd_case_act(args) -> int:
    rt = runtime(args)
    actor = signed_in_user(args, rt.store, "case act").name   # before saying whether the case exists
    case = resolve_case(rt.store, args.case)
    fields = {}
    for item in args.fields:
        if "=" not in item:
            raise ValidationError("--set", item, "expected FIELD=VALUE")
        key, value = item.split("=", 1)
        fields[key] = _parse_value(value)
    new = rt.service.act(actor, case.id, args.step, expected_version=args.expected_version, **fields)
    print(json.dumps({"id": new.id, "number": new.number, "status": new.status.value, "version": new.version}))
    return 0


def cmd_case_show(args) -> int:
    store = open_store(args)
    case = resolve_case(store, args.case)
    print(f"{case.number}  {case.status.value}  class {case.class_code}  grid {case.grid_code}  v{case.version}")
    for e in store.events_of_case(case.id):
        said = next((e.payload[k] for k in ("note", "message", "reply", "reason") if e.payload.get(k)), "")
        print(f"  #{e.seq:<8} {local(e.at):%Y-%m-%d %H:%M:%S}  {e.type:18} {e.actor} ({e.role})"
              + (f"  {said}" if said else ""))
    return 0
