"""``import-components``: a components inventory (部件普查) from a survey file."""
from __future__ import annotations

import time

from ..errors import ValidationError
from . import add_db_option


def register(sub) -> None:
    from .geo import add_vector_options

    p = sub.add_parser("import-components", help="import a components inventory (部件普查): Shapefile, zip, "
                                                 "GeoPackage, GeoJSON or CSV/XLSX points with CJ/T 214 attributes")
    add_db_option(p)
    p.add_argument("components", metavar="FILE",
                   help=".shp (with .shx/.dbf/.prj), a .zip holding one, .gpkg, .geojson, or .csv/.xlsx with X/Y")
    add_vector_options(p)
    p.add_argument("--sheet", default=None, help="the worksheet of an .xlsx (default the first)")
    p.add_argument("--field", action="append", default=[], metavar="ROLE=NAME",
                   help="name the field of a role the usual names miss: code, name, main_dept_code, "
                        "main_dept_name, owner_dept_code, owner_dept_name, upkeep_dept_code, upkeep_dept_name, "
                        "grid, state, initial_date, change_date, source, note, x, y (repeatable)")
    p.set_defaults(handler=cmd_import_components)


def cmd_import_components(args) -> int:
    from ..catalog import load_catalog
    from ..geography.components_import import ROLES, read_components
    from ..geography.fields import parse_field_options
    from .geo import source_crs_option

    began = time.perf_counter()
    fields = parse_field_options(args.field, ROLES)
    store = args.backend.open_store(args.db)
    district_map = args.backend.load_district_map(store)
    if district_map is None:
        raise ValidationError("--db", args.db, "holds no district yet: import-district or import-grids first")
    inventory = read_components(args.components, district_map, load_catalog(), crs=source_crs_option(args,
                                args.components), encoding=args.encoding, layer=args.layer, sheet=args.sheet,
                                fields=fields)
    args.backend.save_component_inventory(store, inventory.components)
    classes = ", ".join(f"{big}: {count}" for big, count in inventory.by_big_class().items())
    print(f"{len(inventory.components)} components from {inventory.source} replaced the inventory "
          f"(by big class {classes}); {time.perf_counter() - began:.1f} s")
    print(f"read as {inventory.crs}; text {inventory.encoding or 'as stored'}; fields "
          + ", ".join(f"{role}={name}" for role, name in inventory.fields.items()))
    return 0
