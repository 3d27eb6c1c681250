"""Read a delivered vector file — Shapefile (loose or zipped), GeoPackage, GeoJSON — into
features with lon/lat geometry, whatever CRS and text encoding the delivery used.

Shapefiles are read with pyshp (sidecars found by name, inside a zip too, Chinese names in
Windows zips included), GeoPackages with pyogrio (GDAL), GeoJSON with the existing reader.
Text encoding: ``--encoding``, else the ``.cpg``, else UTF-8 if every value decodes strictly,
else GB18030 (a superset of GBK and GB2312); a value that decodes in neither is an error
naming the record, never mojibake.
"""
from __future__ import annotations

import codecs
import io
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import shapely
import shapely.geometry

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography import crs as crs_module
from commandcenter.geography.crs import SourceCrs
from commandcenter.geography.readers import GEOJSON_SUFFIXES, feature_geometry, geojson_features, load_geojson

SHAPEFILE_SUFFIXES = (".shp", ".zip")
GEOPACKAGE_SUFFIXES = (".gpkg",)
SUFFIXES = SHAPEFILE_SUFFIXES + GEOPACKAGE_SUFFIXES + GEOJSON_SUFFIXES
_UNDECLARED_ENCODINGS = ("utf-8", "gb18030")
_ZIP_UTF8_FLAG = 0x800
_CPG_ALIASES = {"65001": "utf-8", "936": "gb18030", "cp936": "gb18030", "gbk": "gb18030", "gb2312": "gb18030",
                "ansi936": "gb18030", "54936": "gb18030"}


@dataclass(frozen=True)
class VectorFeature:
    """One feature: ``index`` counts from 0 in file order (the FID GIS tools show)."""

    index: int
    properties: dict[str, Any]
    geometry: Any = None            # shapely geometry in lon/lat of the layer's datum, or None
    problem: str | None = None      # why the geometry could not be read


@dataclass(frozen=True)
class VectorLayer:
    source: str
    fields: tuple[str, ...]
    features: tuple[VectorFeature, ...]
    crs: SourceCrs
    encoding: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def datum(self) -> str:
        return self.crs.datum


def read_vector_file(path: str | Path, *, crs: str | None = None, encoding: str | None = None,
                     layer: str | None = None, geometry: str = "POLYGON") -> VectorLayer:
    """Features of ``path`` with lon/lat geometry; ``crs``/``encoding`` override the file's own.
    ``geometry`` (POLYGON or POINT) is the kind of GeoPackage layer chosen when ``layer`` is not named."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputFileError(source, "", "file not found")
    override = crs_module.parse_crs_option(crs) if crs else None
    suffix = path.suffix.lower()
    if suffix in SHAPEFILE_SUFFIXES:
        raw = _read_shapefile(path, encoding, layer)
    elif suffix in GEOPACKAGE_SUFFIXES:
        raw = _read_geopackage(path, encoding, layer, geometry)
    elif suffix in GEOJSON_SUFFIXES:
        raw = _read_geojson(path)
    else:
        raise InputFileError(source, "", f"unsupported file type {suffix or '(none)'!r}: expected a Shapefile "
                             "(.shp with .shx/.dbf/.prj, or a .zip holding one), a GeoPackage (.gpkg) or GeoJSON")
    return _to_lonlat(raw, override)


# Private: one reader per format, each returning file coordinates and the declared CRS


@dataclass
class _Raw:
    source: str
    fields: tuple[str, ...]
    features: list[VectorFeature]
    declared: SourceCrs | None
    encoding: str | None = None


def _read_shapefile(path: Path, encoding: str | None, layer: str | None) -> _Raw:
    import shapefile  # pyshp

    source = str(path)
    members = _zip_members(path, layer) if path.suffix.lower() == ".zip" else _loose_members(path)
    source = members.pop("__name__", source)
    for needed in (".shp", ".shx", ".dbf"):
        if needed not in members:
            raise InputFileError(source, "", f"the shapefile's {needed} file is missing (a shapefile is .shp + "
                                 ".shx + .dbf, with .prj for its CRS and .cpg for its text encoding)")
    declared = crs_module.crs_from_wkt(members[".prj"].decode("utf-8", "replace"), source) \
        if ".prj" in members else None
    chosen = _codec(encoding, "--encoding") if encoding else None
    if chosen is None and ".cpg" in members:
        chosen = _codec(members[".cpg"].decode("ascii", "replace").strip(), f"{source} (.cpg)")
    candidates = (chosen,) if chosen else _UNDECLARED_ENCODINGS
    for attempt, codec in enumerate(candidates):
        try:
            reader = shapefile.Reader(shp=io.BytesIO(members[".shp"]), shx=io.BytesIO(members[".shx"]),
                                      dbf=io.BytesIO(members[".dbf"]), encoding=codec, encodingErrors="strict")
            records = _records(reader)
            shapes = list(reader.iterShapes())
        except _Undecodable as exc:
            if attempt + 1 < len(candidates):
                continue
            how = f"not {codec} as declared" if chosen else "neither UTF-8 nor GBK/GB18030"
            raise InputFileError(source, f"feature {exc.index}", f"text is {how}; give the right encoding "
                                 "with --encoding (e.g. gbk, utf-8, big5)") from None
        except (shapefile.ShapefileException, struct.error, ValueError, IndexError) as exc:
            raise InputFileError(source, "", f"not a readable shapefile ({exc})") from None
        if len(shapes) != len(records):
            raise InputFileError(source, "", f"the .shp has {len(shapes)} shapes but the .dbf {len(records)} records")
        fields = tuple(f.name for f in reader.fields[1:])
        features = _shape_features(shapes, records)
        return _Raw(source, fields, features, declared, codec)
    raise AssertionError("unreachable")


class _Undecodable(Exception):
    def __init__(self, index: int):
        self.index = index


def _records(reader) -> list[dict]:
    import shapefile

    records: list[dict] = []
    try:
        for record in reader.iterRecords():
            records.append({k: v.strip() if isinstance(v, str) else v for k, v in record.as_dict().items()})
    except UnicodeDecodeError:
        raise _Undecodable(len(records)) from None
    except shapefile.ShapefileException as exc:
        if "decode" not in str(exc):
            raise
        # pyshp reports a text field it cannot decode strictly as a dbf error
        raise _Undecodable(len(records)) from None
    return records


def _shape_features(shapes: list, records: list[dict]) -> list[VectorFeature]:
    """Features of pyshp shapes; the usual one-ring polygons are built by shapely in one call."""
    simple = [i for i, shape in enumerate(shapes) if shape.shapeType in (5, 15, 25) and len(shape.parts) == 1
              and len(shape.points) >= 4]
    features: list[VectorFeature | None] = [None] * len(shapes)
    if simple:
        coords = np.concatenate([np.asarray(shapes[i].points)[:, :2] for i in simple])
        ring_of_point = np.repeat(np.arange(len(simple)), [len(shapes[i].points) for i in simple])
        polygons = shapely.polygons(shapely.linearrings(coords, indices=ring_of_point))
        for k, i in enumerate(simple):
            features[i] = VectorFeature(i, records[i], polygons[k])
    return [feature or _shape_feature(i, shapes[i], records[i]) for i, feature in enumerate(features)]


def _shape_feature(index: int, shape, record: dict) -> VectorFeature:
    if shape.shapeType == 0 or not shape.points:
        return VectorFeature(index, record, None)
    try:
        if len(shape.parts) == 1 and shape.shapeType in (5, 15, 25):
            geometry = shapely.Polygon(np.asarray(shape.points)[:, :2])
        else:
            geometry = shapely.geometry.shape(shape.__geo_interface__)
    except Exception as exc:  # a malformed ring raises different types in pyshp and shapely
        return VectorFeature(index, record, None, f"cannot read the shape ({exc})")
    return VectorFeature(index, record, geometry)


def _loose_members(path: Path) -> dict[str, bytes]:
    members = {}
    for sibling in path.parent.glob(f"{_glob_escape(path.stem)}.*"):
        if sibling.stem == path.stem:
            members[sibling.suffix.lower()] = sibling.read_bytes()
    return members


def _zip_members(path: Path, layer: str | None) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputFileError(str(path), "", "not a readable zip archive") from None
    with archive:
        names = {_member_name(info): info for info in archive.infolist() if not info.is_dir()}
        shps = sorted(n for n in names if n.lower().endswith(".shp"))
        if layer is not None:
            shps = [n for n in shps if PurePosixPath(n).stem == layer]
        if not shps:
            raise InputFileError(str(path), "", "no shapefile (.shp) inside the zip"
                                 + (f" named {layer!r}" if layer else ""))
        if len(shps) > 1:
            raise InputFileError(str(path), "", f"{len(shps)} shapefiles inside the zip "
                                 f"({', '.join(shps)}): choose one with --layer NAME")
        stem = shps[0][:-4]
        members = {n[len(stem):].lower(): archive.read(info) for n, info in names.items()
                   if n[:len(stem)] == stem and n[len(stem):].startswith(".") and "/" not in n[len(stem):]}
    members["__name__"] = f"{path}!{shps[0]}"
    return members


def _member_name(info: zipfile.ZipInfo) -> str:
    """Windows zips store Chinese names in GBK without the UTF-8 flag; zipfile then reads
    them as CP437. Undo that when the bytes make sense as GBK."""
    if info.flag_bits & _ZIP_UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _read_geopackage(path: Path, encoding: str | None, layer: str | None, geometry: str = "POLYGON") -> _Raw:
    import pyogrio
    import pyogrio.raw

    source = str(path)
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # GDAL's DataSourceError and friends
        raise InputFileError(source, "", f"not a readable GeoPackage ({exc})") from None
    polygonal = [str(name) for name, kind in layers if kind and geometry in str(kind).upper()]
    if layer is None:
        if len(polygonal) != 1:
            found = ", ".join(f"{n} ({k})" for n, k in layers) or "none"
            raise InputFileError(source, "", f"{len(polygonal)} {geometry.lower()} layers (layers: {found}); "
                                 "choose one with --layer NAME")
        layer = polygonal[0]
    try:
        meta, _, geometry, field_data = pyogrio.raw.read(path, layer=layer, encoding=encoding)
    except Exception as exc:
        raise InputFileError(source, f"layer {layer}", f"cannot be read ({exc})") from None
    fields = tuple(str(f) for f in meta["fields"])
    declared = None
    if meta.get("crs"):
        declared = crs_module.parse_crs_option(meta["crs"], f"{source} (layer {layer} CRS)")
    features = []
    for i, wkb in enumerate(geometry):
        properties = {name: _plain(column[i]) for name, column in zip(fields, field_data)}
        if wkb is None:
            features.append(VectorFeature(i, properties, None))
            continue
        try:
            features.append(VectorFeature(i, properties, shapely.from_wkb(wkb)))
        except shapely.errors.GEOSException as exc:
            features.append(VectorFeature(i, properties, None, f"cannot read the geometry ({exc})"))
    return _Raw(f"{source} (layer {layer})", fields, features, declared, meta.get("encoding"))


def _read_geojson(path: Path) -> _Raw:
    source = str(path)
    data = load_geojson(path)
    declared = None
    named = ((data.get("crs") or {}).get("properties") or {}).get("name") if isinstance(data.get("crs"), dict) \
        else None
    if named:
        declared = crs_module.parse_crs_option(named, f"{source} (crs)")
    features, fields = [], {}
    for index, feature in enumerate(geojson_features(data, source)):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        fields.update(dict.fromkeys(properties))
        try:
            geometry = feature_geometry(feature, index, source)
        except InputFileError as exc:
            features.append(VectorFeature(index, properties, None, exc.problem))
            continue
        features.append(VectorFeature(index, properties, geometry))
    return _Raw(source, tuple(fields), features, declared)


def _to_lonlat(raw: _Raw, override: SourceCrs | None) -> VectorLayer:
    present = [f for f in raw.features if f.geometry is not None and not f.geometry.is_empty]
    geometries = np.array([f.geometry for f in present], dtype=object)
    coords = shapely.get_coordinates(geometries) if len(geometries) else np.zeros((0, 2))
    declared = override or raw.declared
    if len(coords) == 0:
        resolved = declared or SourceCrs("none (no geometry)")
        return VectorLayer(raw.source, raw.fields, tuple(raw.features), resolved, raw.encoding)
    resolved = crs_module.resolve(declared, coords, raw.source)
    converted = crs_module.to_lonlat(geometries, resolved)
    if resolved.datum != "gcj02":
        crs_module.check_in_china(converted, resolved, raw.source)
    lonlat = {f.index: g for f, g in zip(present, converted)}
    features = tuple(VectorFeature(f.index, f.properties, lonlat.get(f.index, f.geometry), f.problem)
                     for f in raw.features)
    return VectorLayer(raw.source, raw.fields, features, resolved, raw.encoding)


def _codec(name: str, field: str) -> str:
    key = name.strip().lower().replace(" ", "").replace("_", "").replace("-", "")
    if key in _CPG_ALIASES:
        return _CPG_ALIASES[key]
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise ValidationError(field, name, "unknown text encoding (e.g. utf-8, gbk, gb18030, big5)") from None


def _plain(value):
    """numpy scalars from pyogrio as plain Python values (codes must not become floats)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
