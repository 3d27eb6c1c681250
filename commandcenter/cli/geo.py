"""import-district, import-grids and demo: put a district (real or the demo city) into a database.

Every input is read and checked before the database is opened for writing, and the
geography is written in one transaction: a bad file leaves the database as it was.
"""
from __future__ import annotations

import sys
import time

from ..clock import local, parse_local
from ..errors import InputFileError, ValidationError
from ..geography.datum import check_datum
from ..geography.readers import geojson_features, load_geojson
from . import add_db_option
from .identity import add_identity_options, signed_in_user

#: what files write in a "datum" property, read as our datum names
_DECLARED = (("gcj", "gcj02"), ("wgs", "wgs84"), ("cgcs2000", "wgs84"))


def register(sub) -> None:
    from .city import register as register_city

    register_city(sub)
    p = sub.add_parser("import-district", help="generate the unit grids of a real district from its boundary")
    add_db_option(p)
    p.add_argument("boundary", metavar="BOUNDARY", help="the district boundary: GeoJSON, Shapefile/zip or GeoPackage")
    p.add_argument("--divisions", required=True, metavar="DIVISIONS.csv",
                   help="CSV with street_code, street_name, community_code, community_name")
    p.add_argument("--district-code", default=None, help="6-digit district code (default: from the files)")
    p.add_argument("--district-name", default=None)
    add_vector_options(p)
    p.add_argument("--replace", action="store_true", help="replace the district already in the database")
    p.add_argument("--add", action="store_true",
                   help="add this district to those already in the database (a city of several districts)")
    p.set_defaults(handler=cmd_import_district)

    p = sub.add_parser("import-grids", help="import surveyed unit grids (Shapefile, zip, GeoPackage or GeoJSON)")
    add_db_option(p)
    p.add_argument("grids", metavar="FILE", help=".shp (with .shx/.dbf/.prj), a .zip holding one, .gpkg or .geojson")
    add_vector_options(p)
    p.add_argument("--field", action="append", default=[], metavar="ROLE=NAME",
                   help="name the field of a role the usual names miss: code, street_code, street, "
                        "community_code, community, area (repeatable)")
    p.add_argument("--district-name", default=None)
    p.add_argument("--divisions", default=None, metavar="DIVISIONS.csv", help="names of streets and communities")
    p.add_argument("--replace", action="store_true", help="replace the district already in the database")
    p.add_argument("--add", action="store_true",
                   help="add this district's grids next to the districts already in the database (a city of "
                        "several districts); refused if they overlap one of them")
    p.set_defaults(handler=cmd_import_grids)

    p = sub.add_parser("import-divisions", help="replace the derived streets/communities with real community "
                                                "boundaries (Shapefile, zip, GeoPackage or GeoJSON)")
    add_db_option(p)
    p.add_argument("divisions", metavar="FILE", help="one polygon per community, with its 12-digit code and name")
    add_vector_options(p)
    p.add_argument("--field", action="append", default=[], metavar="ROLE=NAME",
                   help="community_code, community, street_code or street field the usual names miss")
    p.set_defaults(handler=cmd_import_divisions)

    p = sub.add_parser("import-addresses", help="the address gazetteer (地址库): CSV/XLSX of address, lon, lat")
    add_db_option(p)
    p.add_argument("addresses", metavar="FILE", help="columns 地址/address, 经度/lon, 纬度/lat [, 门牌号, 楼栋]")
    p.add_argument("--datum", required=True, metavar="gcj02|wgs84", help="datum of the points (AMap: gcj02)")
    p.add_argument("--sheet", default=None)
    p.set_defaults(handler=cmd_import_addresses)

    p = sub.add_parser("import-hotline", help="import 12345 hotline work orders (XLSX/CSV) as hotline cases")
    add_db_option(p)
    p.add_argument("orders", metavar="FILE", help="the hotline platform's export, .xlsx or .csv")
    add_identity_options(p, admin=False)
    p.add_argument("--mapping", default=None, metavar="MAPPING.json",
                   help='columns of a layout the usual header names miss: {"order_number": "单据号", …}')
    p.add_argument("--classes", default=None, metavar="TABLE.csv",
                   help="complaint type → class table (default resources/hotline/complaint_classes.csv)")
    p.add_argument("--sheet", default=None, help="the worksheet of an .xlsx (default the first)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--batch-size", type=int, default=500,
                   help="orders per transaction (default 500): desks keep working between batches")
    p.set_defaults(handler=cmd_import_hotline)

    p = sub.add_parser("export", help="data out: cases as XLSX/CSV, or as Open311 GeoReport v2 JSON")
    targets = p.add_subparsers(dest="what", metavar="WHAT")
    e = targets.add_parser("cases", help="cases reported in a period, Chinese headers, personal data masked")
    add_db_option(e)
    e.add_argument("--from", dest="first", required=True, metavar="DATE", help="first day (local), e.g. 2026-11-01")
    e.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day, included")
    e.add_argument("--street", default=None, metavar="CODE")
    e.add_argument("--community", default=None, metavar="CODE")
    e.add_argument("--department", default=None, metavar="CODE")
    e.add_argument("--source", default=None, choices=("supervisor", "hotline", "video", "referral"))
    e.add_argument("--status", default="all", help="all, open, closed or one status (e.g. handling)")
    e.add_argument("--format", default=None, choices=("xlsx", "csv"), help="default: from --out")
    e.add_argument("--out", required=True, metavar="FILE")
    e.add_argument("--with-personal-data", action="store_true",
                   help="reporters' names and phones unmasked (call-takers and shift leaders only; needs --as)")
    add_identity_options(e, admin=False)
    e.set_defaults(handler=cmd_export_cases)

    p = sub.add_parser("demo", help="fill an empty database with the demo district and its history")
    add_db_option(p)
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same city (default 0)")
    p.add_argument("--start", default=None, help="start of the history (local date/time; default: days ago)")
    p.add_argument("--days", type=int, default=30, help="days of history (default 30)")
    p.add_argument("--keep-district", action="store_true",
                   help="keep the district already imported into --db (e.g. Dongcheng) and bring it to life "
                        "with demo departments, components, staff and history")
    p.set_defaults(handler=cmd_demo)


def cmd_import_district(args) -> int:
    from ..geography.district_import import import_district

    began = time.perf_counter()
    is_geojson = str(args.boundary).lower().endswith((".geojson", ".json"))
    if is_geojson and not (args.datum or args.crs):
        raise ValidationError("--datum", None, "say which datum the GeoJSON boundary is in: gcj02 (AMap, "
                              "Tencent) or wgs84 (Tianditu, GPS)")
    crs = source_crs_option(args, args.boundary)
    district_map = import_district(args.boundary, args.divisions, crs if crs in ("wgs84", "gcj02") else None,
                                   district_code=args.district_code, district_name=args.district_name,
                                   crs=None if crs in (None, "wgs84", "gcj02") else crs, encoding=args.encoding,
                                   layer=args.layer)
    store = args.backend.open_store(args.db)
    if getattr(args, "add", False):
        add_to_city(args, store, district_map, str(args.boundary))
    else:
        refuse_unless_replacing(args, store)
        args.backend.save_district_map(store, district_map)
    args.backend.warm_district_cache(store)
    print(geography_summary(district_map, time.perf_counter() - began, derived=True))
    return 0


def cmd_import_grids(args) -> int:
    from ..geography.fields import parse_field_options
    from ..geography.readers import read_divisions
    from ..geography.survey_import import read_survey_grids

    began = time.perf_counter()
    crs = source_crs_option(args, args.grids)
    fields = parse_field_options(args.field)
    divisions = read_divisions(args.divisions) if args.divisions else None
    survey = read_survey_grids(args.grids, crs=crs, encoding=args.encoding, layer=args.layer, fields=fields,
                               district_name=args.district_name, divisions=divisions)
    store = args.backend.open_store(args.db)
    if args.add:
        add_to_city(args, store, survey.district_map, str(args.grids), survey.feature_of)
        args.backend.warm_district_cache(store)
        print(geography_summary(survey.district_map, time.perf_counter() - began, derived=False))
        print(survey_details(survey))
        print(city_summary(args.backend.load_districts(store)))
        return 0
    refuse_unless_replacing(args, store)
    if args.backend.counts(store)["cases"]:
        from .grid_versions import save_new_version

        save_new_version(args, store, survey.district_map)
    else:
        args.backend.save_district_map(store, survey.district_map)
    args.backend.warm_district_cache(store)
    print(geography_summary(survey.district_map, time.perf_counter() - began, derived=False))
    print(survey_details(survey))
    return 0


def add_vector_options(p) -> None:
    p.add_argument("--crs", default=None, metavar="EPSG:NNNN|wgs84|gcj02|cgcs2000",
                   help="the file's CRS when its .prj/metadata is missing or wrong")
    p.add_argument("--datum", default=None, metavar="gcj02|wgs84",
                   help="datum of a lon/lat file (GeoJSON default wgs84); same as --crs")
    p.add_argument("--encoding", default=None, help="text encoding of the .dbf when its .cpg is missing or wrong")
    p.add_argument("--layer", default=None, help="layer of a GeoPackage, or shapefile inside a zip, to read")


def source_crs_option(args, path) -> str | None:
    """--crs wins; --datum is its older name for lon/lat files; GeoJSON without either is WGS84
    (RFC 7946). A GeoJSON file that names its datum must agree."""
    crs = args.crs or (check_datum(args.datum, "--datum") if args.datum else None)
    if str(path).lower().endswith((".geojson", ".json")):
        if crs is None:
            crs = "wgs84"
        if crs in ("wgs84", "gcj02"):
            check_declared_datum(path, crs)
    return crs


def add_to_city(args, store, district_map, source: str, feature_of=None) -> None:
    """``--add``: the district joins those stored, unless its code is there already or its cells
    overlap theirs (every overlapping feature named, nothing written)."""
    from ..geography.city_join import listed, overlaps_with_city
    from ..geography.survey_import import GridImportErrors

    if args.replace:
        raise ValidationError("--add", True, "--add keeps the districts there, --replace removes them: choose one")
    stored = args.backend.load_districts(store)
    code = district_map.district.code
    if any(m.district.code == code for m in stored):
        raise ValidationError("--add", source, f"district {code} is already in this database; import it into a "
                              "new database or replace the city with --replace")
    problems = overlaps_with_city(district_map, stored, feature_of=feature_of)
    if problems:
        raise GridImportErrors(listed(problems), source, count=len(problems))
    args.backend.save_district_map(store, district_map, add=True)


def city_summary(maps) -> str:
    """The districts a database now holds, one line each."""
    return "\n".join([f"this database now holds {len(maps)} district(s):"] + [
        f"  {m.district.code} {m.district.name}: {len(m.grids)} grids, {len(m.streets)} streets, "
        f"{len(m.communities)} communities" for m in maps])


def refuse_unless_replacing(args, store) -> None:
    """A second import would silently throw away the district a centre works on."""
    if args.backend.counts(store)["districts"] and not args.replace:
        existing = args.backend.load_district_map(store)
        raise ValidationError("--replace", False, f"the database already holds district {existing.district.name} "
                              f"({existing.district.code}, {len(existing.grids)} grids); add --replace to "
                              "replace it, or --add to keep it and add this district next to it")


def survey_details(survey) -> str:
    fields = ", ".join(f"{role}={name}" for role, name in survey.fields.items())
    lines = [f"read as {survey.crs}; text {survey.encoding or 'as stored'}; fields {fields}"]
    if survey.area_max_deviation is not None:
        share = survey.area_max_deviation * 100
        lines.append(f"areas agree with field {survey.area_field} within {share:.3f} % "
                     f"(largest difference: feature {survey.area_worst_feature})"
                     + ("  WARNING: more than 1 %: is the CRS right?" if share > 1 else ""))
    return "\n".join(lines)


def cmd_import_divisions(args) -> int:
    from ..geography.divisions_import import apply_divisions
    from ..geography.fields import parse_field_options
    from ..geography.vector_files import read_vector_file

    began = time.perf_counter()
    fields = parse_field_options(args.field, ("community_code", "community", "street_code", "street"))
    layer = read_vector_file(args.divisions, crs=source_crs_option(args, args.divisions), encoding=args.encoding,
                             layer=args.layer)
    store = args.backend.open_store(args.db)
    district_map = args.backend.load_district_map(store)
    if district_map is None:
        raise ValidationError("--db", args.db, "holds no district yet: import-district or import-grids first")
    result = apply_divisions(district_map, layer, fields)
    args.backend.save_district_map(store, result.district_map)
    args.backend.warm_district_cache(store)
    print(geography_summary(result.district_map, time.perf_counter() - began, derived=False))
    print(f"{result.communities} communities in {result.streets} streets from {layer.source} "
          f"({layer.crs.description}); "
          f"{result.recoded} grids re-coded; {result.straddling} grids straddle a community border "
          "(each went to the community holding most of it)")
    if result.empty_communities:
        print(f"communities in the file without any grid (left out): {', '.join(result.empty_communities)}")
    return 0


def cmd_import_addresses(args) -> int:
    from ..geography.address_import import read_addresses

    store = args.backend.open_store(args.db)
    district_map = args.backend.load_district_map(store)
    if district_map is None:
        raise ValidationError("--db", args.db, "holds no district yet: import-district or import-grids first")
    rows = read_addresses(args.addresses, district_map, args.datum, args.sheet)
    args.backend.save_addresses(store, rows)
    doors = sum(1 for *_, precision in rows if precision == "door_plate")
    print(f"{len(rows)} addresses ({doors} with a door number) from {args.addresses}; the address gazetteer "
          "was replaced")
    return 0


def cmd_import_hotline(args) -> int:
    """Exit 0 when every row became a case (or already was one), 1 when rows were rejected."""
    import json

    from ..geography.gazetteer import AddressBook
    from ..hotline.classes import load_complaint_classes
    from ..hotline.importer import format_summary, import_hotline
    from ..hotline.table import load_mapping
    from ..services import CaseService
    from .core import runtime

    mapping = load_mapping(args.mapping) if args.mapping else None
    rt = runtime(args)
    classes = load_complaint_classes(args.classes, rt.catalog)
    actor = signed_in_user(args, rt.store, "import-hotline").name
    addresses = None
    if rt.district_map is not None:
        addresses = AddressBook(args.backend.addresses(rt.store), rt.district_map.district.name)
    summary = import_hotline(
        args.orders, store=rt.store, district_map=rt.district_map, actor=actor, classes=classes,
        mapping=mapping, sheet=args.sheet, addresses=addresses, batch_size=args.batch_size,
        on_batch=lambda s: print(f"batch {s.batches}: {s.created} created, {s.already_imported} already imported "
                                 "so far", file=sys.stderr),
        service_for=lambda store: CaseService(store, rt.catalog, rt.calendar, rt.locate))
    if args.format == "json":
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print(format_summary(summary))
    return 1 if summary.rejected else 0


def cmd_export_cases(args) -> int:
    from datetime import date

    from ..case_export import CaseFilter, Names, export_cases
    from ..clock import utc_now
    from ..privacy import may_see_personal_data
    from .core import runtime

    def day(text, option):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValidationError(option, text, "not a date (YYYY-MM-DD)") from None

    fmt = args.format or str(args.out).rsplit(".", 1)[-1].lower()
    case_filter = CaseFilter(day(args.first, "--from"), day(args.last, "--to"), street=args.street,
                             community=args.community, department=args.department, source=args.source,
                             status=args.status)
    rt = runtime(args)
    if args.with_personal_data:
        user = signed_in_user(args, rt.store, "export cases --with-personal-data")
        if not may_see_personal_data(user.role):
            raise ValidationError("--with-personal-data", user.name, f"role {user.role.value} may not export "
                                  "reporters' names and phones (call_taker and shift_leader may)")
    places = {}
    if rt.district_map is not None:
        places = {s.code: s.name for s in rt.district_map.streets} | {
            c.code: c.name for c in rt.district_map.communities}

    def class_name(code):
        try:
            return rt.catalog.small_class(code).zh
        except ValidationError:
            return code

    names = Names(places, class_name, {d.code: d.name for d in rt.store.departments()})
    began = time.perf_counter()
    count = export_cases(rt.store.load_cases(), case_filter, names, args.out, fmt, now=utc_now(),
                         personal_data=args.with_personal_data)
    print(f"{count} cases ({case_filter.describe()}) written to {args.out} in {time.perf_counter() - began:.1f} s"
          + ("" if args.with_personal_data else "; reporters' names and phones masked"))
    return 0


def cmd_demo(args) -> int:
    from ..demo import build_demo, demo_window

    try:
        start = parse_local(args.start) if args.start else None
    except ValidationError as exc:
        raise ValidationError("--start", args.start, exc.problem) from None
    if args.seed < 0:
        raise ValidationError("--seed", args.seed, "a whole number ≥ 0")
    demo_window(start, args.days)
    store = args.backend.open_store(args.db)
    summary = build_demo(store, args.backend, seed=args.seed, start=start, days=args.days,
                         keep_district=args.keep_district)
    print(f"demo district {summary.district}: {summary.cells} cells, {summary.streets} streets, "
          f"{summary.communities} communities, {summary.area_km2:.2f} km²")
    print(f"{summary.departments} departments, {summary.components} components, {summary.users} users")
    print(f"history {local(summary.start):%Y-%m-%d %H:%M} → {local(summary.end):%Y-%m-%d %H:%M}: "
          f"{summary.cases} cases ({summary.open_cases} open), {summary.events} events")
    print(f"every demo user's password: {summary.password}  (e.g. admin, leader, trainer, sl01, dp01, ct01, "
          f"sup001, cgzf01)")
    print(f"done in {summary.seconds:.1f} s")
    return 0


def geography_summary(district_map, seconds: float, derived: bool) -> str:
    d = district_map.district
    how = "streets and communities derived from the divisions list" if derived else "surveyed grids"
    return (f"district {d.name} ({d.code}): {len(district_map.grids)} cells, {len(district_map.streets)} streets, "
            f"{len(district_map.communities)} communities, {district_map.area_km2:.2f} km², stored in {d.datum}; "
            f"{how}; {seconds:.1f} s")


def check_declared_datum(path: str, datum: str) -> None:
    """A file that names its own datum (a ``datum`` property, as AMap exports do) must agree with
    ``--datum``: a boundary read in the wrong datum is off by hundreds of metres, silently."""
    data = load_geojson(path)
    for index, feature in enumerate(geojson_features(data, str(path))):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        declared = (properties or {}).get("datum") if isinstance(properties, dict) else None
        if not isinstance(declared, str):
            continue
        said = declared.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
        name = next((ours for prefix, ours in _DECLARED if said.startswith(prefix)), None)
        if name is not None and name != datum:
            raise InputFileError(str(path), f"feature {index}",
                                 f"the file says its datum is {declared!r} but --datum is {datum}; "
                                 f"use --datum {name} (or convert the file)")
