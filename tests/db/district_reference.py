"""The geography read as it was before the district cache (row objects, one JSON parse and a
fresh tuple per value): what the fast reading must equal (tests/db/test_district_load.py) and the
baseline it is measured against (bench/bench_geography.py)."""
from __future__ import annotations

import json

from sqlalchemy import select

from commandcenter.geography.model import Community, District, DistrictMap, Street, UnitGrid
from db.models import CommunityRow, DistrictRow, GridRow, StreetRow


def reference_districts(store) -> list[DistrictMap]:
    """How the geography was read before: row objects, one JSON parse and a fresh tuple per value."""
    def tuples(value):
        return tuple(tuples(v) for v in value) if isinstance(value, list) else value

    with store.engine.connect() as conn:
        districts = [District(d.code, d.name, d.datum, tuples(json.loads(d.boundary_json)), d.area_m2)
                     for d in conn.execute(select(DistrictRow).order_by(DistrictRow.code))]
        streets = [Street(r.code, r.name, r.district_code, bool(r.derived))
                   for r in conn.execute(select(StreetRow).order_by(StreetRow.code))]
        communities = [Community(r.code, r.name, r.street_code, bool(r.derived))
                       for r in conn.execute(select(CommunityRow).order_by(CommunityRow.code))]
        grids = [UnitGrid(r.code, r.community_code, r.street_code, tuples(json.loads(r.rings_json)),
                          r.area_m2, (r.centroid_lon, r.centroid_lat))
                 for r in conn.execute(select(GridRow).order_by(GridRow.code))]
    return [DistrictMap(d, tuple(s for s in streets if s.district_code == d.code),
                        tuple(c for c in communities if c.code[:6] == d.code),
                        tuple(g for g in grids if g.code[:6] == d.code)) for d in districts]
