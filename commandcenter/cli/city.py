"""``commandcenter districts``: the districts a (city) database holds, with their grids, streets
and communities; ``import-district --add`` and ``import-grids --add`` put more in."""
from __future__ import annotations

import json

from . import add_db_option


def register(sub) -> None:
    p = sub.add_parser("districts", help="the districts in the database (a city platform holds several)")
    add_db_option(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_districts)


def district_rows(maps) -> list[dict]:
    return [{"code": m.district.code, "name": m.district.name, "grids": len(m.grids), "streets": len(m.streets),
             "communities": len(m.communities), "area_km2": round(m.area_km2, 3),
             "surveyed": bool(m.grids) and not any(c.derived for c in m.communities)} for m in maps]


def cmd_districts(args) -> int:
    rows = district_rows(args.backend.load_districts(args.backend.open_store(args.db, read_only=True)))
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("no district yet: import-district or import-grids first")
        return 0
    print(f"{'code':<8}{'name':<12}{'grids':>8}{'streets':>9}{'communities':>13}{'km²':>9}  source")
    for r in rows:
        print(f"{r['code']:<8}{r['name']:<12}{r['grids']:>8}{r['streets']:>9}{r['communities']:>13}"
              f"{r['area_km2']:>9.2f}  {'surveyed grids' if r['surveyed'] else 'generated grids'}")
    return 0
