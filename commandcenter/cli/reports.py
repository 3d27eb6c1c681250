"""``report daily|weekly``: the evaluation report a centre sends up, as PDF or XLSX."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from ..errors import ValidationError
from . import add_db_option

FORMATS = ("pdf", "xlsx")


def register(sub) -> None:
    p = sub.add_parser("report", help="evaluation reports (考核评价日报/周报) as PDF or XLSX")
    kinds = p.add_subparsers(dest="report_command", metavar="KIND")
    for kind, help_text in (("daily", "one local day"), ("weekly", "the Monday-to-Sunday week holding --date")):
        r = kinds.add_parser(kind, help=help_text)
        add_db_option(r)
        r.add_argument("--date", required=True, metavar="DATE", help="a local date, e.g. 2026-11-24")
        r.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx")
        r.add_argument("--centre", default="", help="the centre's name in the title (default: the district's)")
        r.set_defaults(handler=cmd_report, kind=kind)


def cmd_report(args) -> int:
    from ..clock import utc_now
    from ..kpi_asof import StoreKpis
    from ..reports.evaluation import build_report
    from .core import runtime

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise ValidationError("--date", args.date, "not a date (YYYY-MM-DD)") from None
    fmt = Path(args.out).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError("--out", args.out, "must end in .pdf or .xlsx")
    rt = runtime(args)
    places, centre = {}, args.centre
    if rt.district_map is not None:
        places = {s.code: s.name for s in rt.district_map.streets}
        centre = centre or rt.district_map.district.name
    began = time.perf_counter()
    def class_name(code: str) -> str:
        try:
            return rt.catalog.small_class(code).zh
        except ValidationError:     # a class since removed from the catalog
            return code

    report = build_report(args.kind, day, StoreKpis(args.backend, rt.store),
                          lambda t: args.backend.overdue_at(rt.store, t), now=utc_now(),
                          places=places, departments={d.code: d.name for d in rt.store.departments()},
                          class_names=class_name, centre=centre)
    if fmt == "pdf":
        from ..reports.pdf import write_pdf

        write_pdf(report, args.out)
    else:
        from ..reports.xlsx import write_xlsx

        write_xlsx(report, args.out)
    print(f"{report.title} ({report.period.describe()}): {report.total.reported} reported, "
          f"{report.total.closed} closed, {len(report.overdue)} overdue; written to {args.out} "
          f"in {time.perf_counter() - began:.1f} s")
    return 0
