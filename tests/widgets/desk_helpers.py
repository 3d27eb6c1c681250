"""A small desk world for the widget tests: the tiny district, the shipped catalog, a
picture pinned to a Tuesday morning, and a scenario that moves cases through the workflow."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402

from commandcenter.clock import LOCAL_TZ  # noqa: E402
from commandcenter.situation import SituationPicture  # noqa: E402
from tests.world import tiny_district  # noqa: E402
from widgets.desk_preview import Scenario, sample_context  # noqa: E402

MANHOLE = "0101"          # 上水井盖: default department zlsw, handling 4 working hours
BILLBOARD = "0304"        # 广告牌: default department cgzf


def at(hh: int, mm: int = 0, day: int = 24) -> datetime:
    """A moment on (by default) Tuesday 2026-11-24, given in Asia/Shanghai, as UTC."""
    return datetime(2026, 11, day, hh, mm, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


@dataclass
class DeskWorld:
    context: object
    picture: SituationPicture
    scenario: Scenario
    signals: object

    def waiting_for_dispatch(self, class_code: str = MANHOLE, grid: int = 0, registered: datetime | None = None,
                             **report) -> int:
        """A case registered at ``registered`` (09:30 by default): its dispatch deadline is 30
        working minutes later."""
        registered = registered or at(9, 30)
        case_id = self.scenario.report(registered - timedelta(minutes=20), class_code, grid, **report)
        self.scenario.step(case_id, "accept", registered - timedelta(minutes=10))
        self.scenario.step(case_id, "register", registered)
        return case_id

    def being_handled(self, department: str | None = None, class_code: str = MANHOLE, grid: int = 0,
                      dispatched: datetime | None = None) -> int:
        dispatched = dispatched or at(9, 40)
        case_id = self.waiting_for_dispatch(class_code, grid, registered=dispatched - timedelta(minutes=5))
        department = department or self.context.default_department(class_code)
        self.scenario.step(case_id, "dispatch", dispatched, department=department)
        return case_id

    def now(self, when: datetime) -> None:
        self.picture.set_time(when)


def make_world(lang: str = "en", mask_personal_data: bool = False, district=None) -> DeskWorld:
    from widgets.live import SituationSignals

    context = sample_context(district or tiny_district(), lang=lang, mask_personal_data=mask_personal_data)
    picture = SituationPicture()
    picture.set_time(at(10, 0))
    scenario = Scenario(context, picture)
    return DeskWorld(context, picture, scenario, SituationSignals(picture))
