"""``export open311``: the cases of a period as Open311 GeoReport v2 ``requests`` (and the
catalog as its ``services``), with a sidecar naming the period and the definitions."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from ..errors import ValidationError
from . import add_db_option
from .admin import _subcommands


def register(sub) -> None:
    p = _subcommands(sub.choices["export"]).add_parser(
        "open311", help="Open311 GeoReport v2 requests (and services) as JSON; no personal data",
        description="Writes the cases reported in the period as a GeoReport v2 requests array, OUT.about.json "
                    "with the period and the field definitions, and with --services the class catalog as a "
                    "GeoReport v2 services array.")
    add_db_option(p)
    p.add_argument("--from", dest="first", required=True, metavar="DATE", help="first day (local), e.g. 2026-11-01")
    p.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day, included")
    p.add_argument("--out", required=True, metavar="requests.json")
    p.add_argument("--services", default=None, metavar="services.json", help="also write the services list")
    p.set_defaults(handler=cmd_export_open311)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(option, text, "not a date (YYYY-MM-DD)") from None


def cmd_export_open311(args) -> int:
    from ..case_export import CaseFilter
    from ..clock import utc_now
    from ..open311 import Places, about, request_list, service_list, sidecar_path, write_json
    from .core import runtime

    case_filter = CaseFilter(_day(args.first, "--from"), _day(args.last, "--to"))
    for option, path in (("--out", args.out), ("--services", args.services)):
        if path is not None and Path(path).suffix.lower() != ".json":
            raise ValidationError(option, path, "must end in .json")
    if args.services and Path(args.services).resolve() == Path(args.out).resolve():
        raise ValidationError("--services", args.services, "is the same file as --out")
    rt = runtime(args)
    places = Places("", {})
    if rt.district_map is not None:
        places = Places(rt.district_map.district.name,
                        {s.code: s.name for s in rt.district_map.streets}
                        | {c.code: c.name for c in rt.district_map.communities})
    began = time.perf_counter()
    requests = request_list(rt.store.load_cases(), case_filter, rt.catalog, places,
                            {d.code: d.name for d in rt.store.departments()})
    write_json(args.out, requests)
    if args.services:
        write_json(args.services, service_list(rt.catalog))
    write_json(sidecar_path(args.out), about(case_filter, len(requests), utc_now(),
                                             Path(args.services).name if args.services else None))
    print(f"{len(requests)} requests ({case_filter.describe()}) written to {args.out}, period and definitions "
          f"in {sidecar_path(args.out)}" + (f", services in {args.services}" if args.services else "")
          + f"; no personal data; {time.perf_counter() - began:.1f} s")
    return 0
