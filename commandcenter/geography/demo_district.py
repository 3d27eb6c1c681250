"""A fictional district for demos, training and tests: 云河区, code 990101.

Nothing here is real: the boundary is a seeded random blob placed south-east of Beijing
(it overlaps no real district we ship data for), and the street and community names are
assembled from common name parts. Province code 99 is unused in GB/T 2260, so the codes can
never be mistaken for a real place.
"""
from __future__ import annotations

import numpy as np
import shapely

from commandcenter.geography.gridgen import generate_district
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.readers import StreetDivision

DEMO_DISTRICT_CODE = "990101"
DEMO_DISTRICT_NAME = "云河区"
DEMO_CENTRE = (116.8, 39.6)
DEMO_AREA_KM2 = 40.0
DEMO_STREETS = 15
DEMO_COMMUNITIES = 150

_STREET_STEMS = (
    "云河", "望江", "柳岸", "青石", "枫桥", "东湖", "白塔", "银杏", "新华", "和平", "兴隆", "长乐", "安康",
    "泰宁", "丰乐", "永安", "广济", "瑞祥", "锦绣", "文昌", "临河", "北苑", "南门", "西关", "鼓楼", "清波",
    "金台", "玉泉", "红星", "太平", "河西", "城东", "花溪", "松岭", "石桥", "新港", "明湖", "梧桐", "凤台",
    "桃园",
)
_COMMUNITY_STEMS = (
    "春晖", "秋实", "桂香", "荷塘", "竹林", "松风", "杏花", "梨园", "桃源", "朝晖", "明德", "育才", "书香",
    "康乐", "福寿", "吉祥", "光华", "建设", "团结", "胜利", "前进", "幸福", "振兴", "滨河", "翠湖", "碧水",
    "青年", "友谊", "新村", "同心", "龙泉", "凤鸣", "紫荆", "海棠", "丁香", "石榴", "金桥", "银河", "星光",
    "月华", "晨曦", "彩虹", "和睦", "安居", "乐业", "永宁", "东升", "中和", "崇文", "德胜", "锦华", "怡景",
    "清源", "嘉禾", "润泽", "祥和", "瑞景", "兰亭", "柳荫", "芳草",
)
_COMMUNITY_SUFFIXES = ("里", "苑", "园", "巷", "街", "坊", "湾", "庄", "路", "桥", "东里", "西里", "南里", "北里",
                       "小区", "花园")


def procedural_boundary(seed: int, area_km2: float, centre: tuple[float, float] = DEMO_CENTRE,
                        vertices: int = 360) -> shapely.Polygon:
    """An irregular but plausible district outline (WGS84) of exactly ``area_km2``.

    A star-shaped blob: a few low harmonics give the lobes and bays of a real district, weaker
    higher ones give the wiggly edge of boundaries that follow streets.
    """
    rng = np.random.default_rng(seed)
    angles = np.linspace(0.0, 2 * np.pi, vertices, endpoint=False)
    radius = np.ones(vertices)
    for harmonic, amplitude in zip(range(2, 7), (0.22, 0.14, 0.09, 0.06, 0.04)):
        radius += amplitude * rng.uniform(0.5, 1.0) * np.cos(harmonic * angles + rng.uniform(0, 2 * np.pi))
    for harmonic in range(7, 40):
        radius += 0.12 / harmonic * rng.uniform(0.0, 1.0) * np.cos(harmonic * angles + rng.uniform(0, 2 * np.pi))
    shape = shapely.Polygon(np.column_stack([radius * np.cos(angles), radius * np.sin(angles) * 1.3]))
    scale = np.sqrt(area_km2 * 1e6 / shape.area)
    projection = LocalProjection(*centre)
    return projection.to_lonlat(shapely.affinity.scale(shape, scale, scale, origin=(0, 0)))


def fictional_divisions(district_code: str, streets: int, communities: int, seed: int) -> list[StreetDivision]:
    """Streets with generated names and ``communities`` communities spread over them (≥ 3 each)."""
    rng = np.random.default_rng(seed)
    minimum = min(3, communities // streets)
    counts = minimum + rng.multinomial(communities - minimum * streets, np.full(streets, 1.0 / streets))
    street_names = _unique_names(rng, streets, lambda: f"{rng.choice(_STREET_STEMS)}街道")
    community_names = iter(_unique_names(rng, communities, lambda: (
        f"{rng.choice(_COMMUNITY_STEMS)}{rng.choice(_COMMUNITY_SUFFIXES)}社区")))
    divisions = []
    for number, (count, street_name) in enumerate(zip(counts.tolist(), street_names), start=1):
        street_code = f"{district_code}{number:03d}"
        # Real community numbers have gaps where communities were merged; imitate that.
        numbers = np.cumsum(rng.choice([1, 1, 1, 2], size=count))
        members = tuple((f"{street_code}{n:03d}", next(community_names)) for n in numbers.tolist())
        divisions.append(StreetDivision(street_code, street_name, members))
    return divisions


def _unique_names(rng: np.random.Generator, count: int, make) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = make()
        if name not in names:
            names.append(name)
    return names


def build_demo_district(seed: int = 0) -> DistrictMap:
    """云河区: ~40 km², 15 streets, 150 communities, ~4,000 unit grids; the same for the same seed."""
    boundary = procedural_boundary(seed, DEMO_AREA_KM2)
    divisions = fictional_divisions(DEMO_DISTRICT_CODE, DEMO_STREETS, DEMO_COMMUNITIES, seed)
    return generate_district(boundary, DEMO_DISTRICT_CODE, DEMO_DISTRICT_NAME, divisions, seed=seed)
