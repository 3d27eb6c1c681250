"""The hotline import on both backends, batch by batch: the unique order number holds on
PostgreSQL too, and a re-import of the same export creates nothing."""
from __future__ import annotations

import csv

from commandcenter.hotline.classes import load_complaint_classes
from commandcenter.hotline.importer import import_hotline
from commandcenter.services import CaseService
from tests.world import build_world


def test_import_twice_on_each_backend(db_url, tmp_path):
    rt = build_world(db_url)
    path = tmp_path / "orders.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["工单编号", "问题分类", "主要内容", "派单时间", "被反映街乡镇", "村/社区", "来电人电话"])
        for i in range(30):
            writer.writerow([f"26113000{i:05d}", "暴露垃圾", f"垃圾 {i}", "2026-11-30 09:00", "测试1街道",
                             "测试1-2社区", "138****5678"])
    classes = load_complaint_classes(None, rt.catalog)

    seen = []

    def run():
        return import_hotline(path, store=rt.store, district_map=rt.district_map, actor="taker", classes=classes,
                              service_for=lambda s: CaseService(s, rt.catalog, rt.calendar, rt.locate),
                              batch_size=7, on_batch=lambda summary: seen.append(summary.created))

    first = run()
    assert seen == [7, 14, 21, 28, 30]        # committed batch by batch: desks write in between
    second = run()
    assert (first.created, first.unlocated, first.batches) == (30, 0, 5)
    assert (second.created, second.already_imported) == (0, 30)
    cases = rt.store.load_cases()
    assert len(cases) == 30 and {c.community_code for c in cases} == {"990101001002"}
    assert len(rt.store.events_after(0)) == 30
