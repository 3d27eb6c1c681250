"""The shared Dongcheng survey delivery (EPSG:4548 Shapefile in a zip, read from ../shared/data)."""
from __future__ import annotations

import functools
import zipfile

import numpy as np
import pyproj
import pytest
import shapefile
import shapely

from commandcenter.geography.survey_import import read_survey_grids
from tests.geography.dongcheng import DATA

SAMPLE = DATA / "dongcheng_grids_cgcs2000_cm117.zip"


@functools.lru_cache(maxsize=1)
def _sample():
    if not SAMPLE.exists():
        pytest.fail(f"shared sample {SAMPLE} not found (set COMMANDCENTER_SHARED_DATA)")
    return read_survey_grids(SAMPLE)


def test_the_dongcheng_delivery_imports_whole_with_its_own_names_and_areas():
    survey = _sample()
    district = survey.district_map
    assert (len(district.grids), len(district.streets), len(district.communities)) == (4329, 17, 169)
    assert "EPSG:4548" in survey.crs
    assert district.community("110101001001").name == "多福巷社区居委会"
    assert not any(c.derived for c in district.communities) and not any(s.derived for s in district.streets)
    reader = shapefile.Reader(str(SAMPLE))
    claimed = {r["BGID"]: r["MJ"] for r in reader.iterRecords()}
    ours = {g.code: g.area_m2 for g in district.grids}
    worst = max(abs(ours[code] - area) / area for code, area in claimed.items())
    assert worst < 0.005
    assert survey.area_max_deviation == pytest.approx(worst, rel=1e-6)


def test_the_same_grids_in_epsg_4490_give_the_same_cells_to_a_centimetre(tmp_path):
    with zipfile.ZipFile(SAMPLE) as archive:
        archive.extractall(tmp_path / "cm117")
    source = shapefile.Reader(str(tmp_path / "cm117" / "dongcheng_grids.shp"))
    to_lonlat = pyproj.Transformer.from_crs("EPSG:4548", "EPSG:4490", always_xy=True)
    target = tmp_path / "dongcheng_4490"
    with shapefile.Writer(str(target), shapeType=shapefile.POLYGON, encoding="utf-8") as writer:
        writer.fields = source.fields[1:]
        for shape_record in source.iterShapeRecords():
            x, y = to_lonlat.transform(*np.asarray(shape_record.shape.points).T)
            writer.poly([list(zip(x.tolist(), y.tolist()))])
            writer.record(*shape_record.record)
    (tmp_path / "dongcheng_4490.prj").write_text(pyproj.CRS.from_epsg(4490).to_wkt("WKT1_ESRI"))
    geographic = read_survey_grids(target.with_suffix(".shp")).district_map
    projected = _sample().district_map
    assert [g.code for g in geographic.grids] == [g.code for g in projected.grids]
    a = np.array([shapely.Polygon(g.rings[0]) for g in geographic.grids])
    b = np.array([shapely.Polygon(g.rings[0]) for g in projected.grids])
    assert shapely.hausdorff_distance(a, b).max() < 1e-7       # degrees; 1 cm ≈ 1.2e-7° of longitude here
