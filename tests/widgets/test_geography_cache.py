"""The map's street and community outlines are kept between starts, and computed afresh as soon as
the geography changes."""
from __future__ import annotations

import json
from dataclasses import replace

from tests.world import tiny_district
from widgets.map.geography import map_geography
from widgets.map.geography_cache import cached_map_geography, fingerprint


def _plain(geography):
    return json.loads(json.dumps([geography.cells, geography.streets, geography.communities, geography.boundary]))


def test_the_outlines_come_back_from_the_cache_as_computed(tmp_path):
    district = tiny_district()
    first = cached_map_geography(district, tmp_path)
    assert [p.suffix for p in tmp_path.iterdir()] == [".json"]
    again = cached_map_geography(tiny_district(), tmp_path)
    assert _plain(again) == _plain(first) == _plain(map_geography(tiny_district()))
    # a derived partition still says so when its outlines come from the cache (map legend, labels)
    assert again.derived is first.derived is map_geography(tiny_district()).derived is True


def test_a_changed_geography_is_not_served_from_the_cache(tmp_path):
    district = tiny_district()
    cached_map_geography(district, tmp_path)
    renamed = replace(district, streets=(replace(district.streets[0], name="新街道"),) + district.streets[1:])
    assert fingerprint(renamed) != fingerprint(district)
    geography = cached_map_geography(renamed, tmp_path)
    assert geography.streets[0][1] == "新街道"
    assert len(list(tmp_path.iterdir())) == 2


def test_an_unreadable_cache_only_costs_time(tmp_path):
    district = tiny_district()
    (tmp_path / f"{fingerprint(district)}.json").write_text("not json", encoding="utf-8")
    assert _plain(cached_map_geography(district, tmp_path)) == _plain(map_geography(tiny_district()))


def test_a_partition_that_became_real_is_not_served_as_derived(tmp_path):
    district = tiny_district()
    cached_map_geography(district, tmp_path)
    surveyed = replace(district, streets=tuple(replace(s, derived=False) for s in district.streets),
                       communities=tuple(replace(c, derived=False) for c in district.communities))
    assert fingerprint(surveyed) != fingerprint(district)
    assert cached_map_geography(surveyed, tmp_path).derived is False
