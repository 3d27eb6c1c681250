"""Build small survey deliveries the way planning departments hand them over: Shapefiles
(loose or zipped, GBK or UTF-8, any CGCS2000 zone, with or without the zone number in front of
the easting) and GeoPackages, written in a test's temporary folder."""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pyproj
import shapefile
import shapely

from tests.world import tiny_district

DBF_FIELDS = (("BGID", "C", 15, 0), ("JDDM", "C", 9, 0), ("JDMC", "C", 40, 0), ("SQDM", "C", 12, 0),
              ("SQMC", "C", 40, 0), ("MJ", "N", 12, 2))


def tiny_cells() -> list[tuple[dict, shapely.Polygon]]:
    """The tiny district's 16 cells (WGS84 lon/lat, treated as CGCS2000) with survey attributes."""
    district = tiny_district()
    street_names = {s.code: s.name for s in district.streets}
    community_names = {c.code: c.name + "居委会" for c in district.communities}
    return [({"BGID": g.code, "JDDM": g.street_code, "JDMC": street_names[g.street_code],
              "SQDM": g.community_code, "SQMC": community_names[g.community_code], "MJ": round(g.area_m2, 2)},
             g.polygon) for g in district.grids]


def project(polygons, epsg: int, *, strip_prefix: bool = False, add_prefix: int | None = None):
    """Polygons from CGCS2000 lon/lat into ``epsg``; optionally drop or add the zone number."""
    transformer = pyproj.Transformer.from_crs("EPSG:4490", f"EPSG:{epsg}", always_xy=True)

    def transform(c):
        x, y = transformer.transform(c[:, 0], c[:, 1])
        x = np.asarray(x)
        if strip_prefix:
            x = x % 1_000_000
        if add_prefix is not None:
            x = x + add_prefix * 1_000_000
        return np.column_stack([x, y])

    return [shapely.transform(p, transform) for p in polygons]


def write_shapefile(path: Path, cells, *, epsg: int | None = 4548, encoding: str = "utf-8", cpg: bool = True,
                    fields=DBF_FIELDS, prj_epsg: int | None = None, **projection) -> Path:
    """A polygon shapefile of ``cells`` ((record, lon/lat polygon) pairs) in ``epsg``; the .prj
    says ``prj_epsg`` (default: the same; None after ``epsg=None`` means no .prj)."""
    polygons = [p for _, p in cells]
    if epsg is not None and epsg != 4490:
        polygons = project(polygons, epsg, **projection)
    with shapefile.Writer(str(path.with_suffix("")), shapeType=shapefile.POLYGON, encoding=encoding) as writer:
        for name, kind, size, decimal in fields:
            writer.field(name, kind, size=size, decimal=decimal)
        for (record, _), polygon in zip(cells, polygons):
            # Shapefile exteriors run clockwise
            ring = list(shapely.orient_polygons(polygon, exterior_cw=True).exterior.coords)
            writer.poly([ring])
            writer.record(*[record.get(name, "") for name, *_ in fields])
    declared = prj_epsg if prj_epsg is not None else epsg
    if declared is not None:
        path.with_suffix(".prj").write_text(pyproj.CRS.from_epsg(declared).to_wkt("WKT1_ESRI"), encoding="ascii")
    if cpg:
        path.with_suffix(".cpg").write_text(encoding.upper(), encoding="ascii")
    return path


class _GbkZipInfo(zipfile.ZipInfo):
    """A member name stored in GBK without the UTF-8 flag, as Windows' own zip tool does."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_shapefile(shp: Path, zip_path: Path, *, member_stem: str | None = None, gbk_names: bool = False) -> Path:
    stem = member_stem or shp.stem
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for sidecar in sorted(shp.parent.glob(f"{shp.stem}.*")):
            name = f"{stem}{sidecar.suffix}"
            info = _GbkZipInfo(name) if gbk_names else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, sidecar.read_bytes())
    return zip_path


def write_geopackage(path: Path, cells, *, epsg: int = 4548, layer: str = "grids") -> Path:
    import pyogrio.raw

    polygons = project([p for _, p in cells], epsg) if epsg != 4490 else [p for _, p in cells]
    names = [name for name, *_ in DBF_FIELDS]
    columns = [np.array([record[name] for record, _ in cells], dtype=object if name != "MJ" else float)
               for name in names]
    pyogrio.raw.write(path, shapely.to_wkb(np.array(polygons, dtype=object)), columns, names, layer=layer,
                      driver="GPKG", geometry_type="Polygon", crs=f"EPSG:{epsg}")
    return path

