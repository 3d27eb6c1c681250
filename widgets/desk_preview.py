"""Sample situations for the desk widgets: every widget module runs on its own with them
(``python -m widgets.queue_table``), and tests and benchmarks build their cases the same way.

Cases are made by the real workflow (``decide`` + ``evolve``), never by hand, so their
deadlines, counters and events are what a live desk would see."""
from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from commandcenter.case import Case, CaseEvent, Source, Tier
from commandcenter.clock import local, utc_now
from commandcenter.deadlines import CatalogDeadlines
from commandcenter.ports import Department
from commandcenter.roles import Role, User
from commandcenter.situation import SituationPicture
from commandcenter.workflow import decide, evolve, new_case_payload

from widgets.context import DeskContext

SAMPLE_USERS = (
    User("sup", "李监督", Role.SUPERVISOR), User("taker", "王受理", Role.CALL_TAKER),
    User("leader", "赵值班", Role.SHIFT_LEADER), User("disp", "陈派遣", Role.DISPATCHER),
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明")
# The steps that bring a new case to each target state; department steps are filled in later.
_PATHS = {
    "reported": (), "verifying": ("request_verify",), "registering": ("accept",),
    "dispatching": ("accept", "register"), "handling": ("accept", "register", "dispatch"),
    "requests": ("accept", "register", "dispatch", "request_extension"),
    "checking": ("accept", "register", "dispatch", "report_done"),
    "closing": ("accept", "register", "dispatch", "report_done", "check"),
    "suspended": ("accept", "register", "dispatch", "request_suspension", "decide_suspension"),
    "closed": ("accept", "register", "dispatch", "report_done", "check", "close"),
}
_TARGET_WEIGHTS = {"reported": 6, "verifying": 3, "registering": 5, "dispatching": 8, "handling": 40,
                   "requests": 3, "checking": 8, "closing": 4, "suspended": 2, "closed": 20}
_STAGE_OF_TARGET = {"reported": "intake", "verifying": "verify", "registering": "register",
                    "dispatching": "dispatch", "handling": "handle", "requests": "handle", "checking": "check",
                    "closing": "close"}
_SPOTS = ("路口东侧", "小区南门口", "人行道上", "公交站旁", "商场西侧", "学校门口", "菜市场北侧", "河道护栏边")
_FIELDS = {"request_extension": {"limit": "4wh", "reason": "材料需外购"}, "request_suspension": {"reason": "需协调产权单位"},
           "decide_suspension": {"approve": True}, "check": {"passed": True}}


def department_user(code: str, name: str = "") -> User:
    """The sample operator of a department (专业部门)."""
    return User(f"dept-{code}", name or code, Role.DEPARTMENT, code)


def sample_context(district_map, *, lang: str = "zh", catalog=None, calendar=None,
                   mask_personal_data: bool = False) -> DeskContext:
    """A desk context over the shipped catalog, a default working calendar and ``district_map``."""
    from commandcenter.catalog import load_catalog
    from commandcenter.worktime import WorkCalendar

    catalog = catalog or load_catalog()
    departments = [Department(k, d.zh, d.en) for k, d in catalog.departments.items()]
    users = {u.name: u for u in SAMPLE_USERS}
    users.update({u.name: u for u in (department_user(d.code, d.name + "值守") for d in departments)})
    return DeskContext(catalog, calendar or WorkCalendar(), district_map, departments,
                       users_by_name=users, mask_personal_data=mask_personal_data, lang=lang)


class Scenario:
    """Writes cases and their events through the workflow, into a picture (which then tells its
    widgets, as the live feed would) or into a plain dict for a later ``picture.reset``."""

    def __init__(self, context: DeskContext, picture: SituationPicture | None = None):
        self.context = context
        self.picture = picture
        self.policy = CatalogDeadlines(context.catalog, context.calendar,
                                       frozenset(d.code for d in context.departments))
        self._cases: dict[int, Case] = {}
        self.events: dict[int, list[CaseEvent]] = {}
        self.last_seq = picture.last_seq if picture is not None else 0
        self._next_id = max(self.cases, default=0) + 1

    @property
    def cases(self) -> dict[int, Case]:
        return self.picture.cases if self.picture is not None else self._cases

    def report(self, at: datetime, class_code: str, grid_index: int = 0, *, source: str = "supervisor",
               tier: str = "general", description: str = "", reporter_name: str | None = None,
               reporter_phone: str | None = None, actor: str = "sup") -> int:
        """信息收集: a new case in the grid ``grid_index`` of the district; returns its id."""
        grid = self.context.district_map.grids[grid_index % len(self.context.district_map.grids)]
        case_id = self._next_id
        self._next_id += 1
        small = self.context.catalog.small_class(class_code)
        payload = new_case_payload(
            number=f"{local(at):%Y%m%d}{case_id:06d}", source=Source(source), kind=small.kind,
            class_code=class_code, tier=Tier(tier), description=description or small.zh,
            lon=grid.centroid[0], lat=grid.centroid[1], grid_code=grid.code,
            community_code=grid.community_code, street_code=grid.street_code,
            stage_deadline=self.policy.stage_deadline("intake", class_code, Tier(tier), at),
            component_code=None, reporter_name=reporter_name, reporter_phone=reporter_phone)
        user = self._user(actor)
        self._record(CaseEvent(case_id, "report", user.name, user.role.value, at, payload))
        return case_id

    def step(self, case_id: int, command: str, at: datetime, actor: str | None = None, **fields) -> Case:
        """Take ``command`` on the case as ``actor`` (by default a user of the role that may)."""
        case = self.cases[case_id]
        user = self._user(actor) if actor else self._actor_for(case, command, fields)
        payload = decide(case, user, command, fields, at, self.policy)
        self._record(CaseEvent(case_id, command, user.name, user.role.value, at, payload))
        return self.cases[case_id]

    # Private API ---------------------------------------------------------------------------
    def _record(self, event: CaseEvent) -> None:
        self.last_seq += 1
        event = CaseEvent(event.case_id, event.type, event.actor, event.role, event.at, event.payload,
                          seq=self.last_seq)
        self.events.setdefault(event.case_id, []).append(event)
        if self.picture is not None:
            self.picture.apply([event])
        else:
            self._cases[event.case_id] = evolve(self._cases.get(event.case_id), event)

    def _user(self, name: str) -> User:
        user = self.context.users_by_name.get(name)
        if user is None and name.startswith("dept-"):
            user = department_user(name[5:])
        if user is None:
            raise KeyError(f"no sample user {name!r}")
        return user

    def _actor_for(self, case: Case, command: str, fields: dict) -> User:
        from commandcenter.workflow import TRANSITIONS

        role = min(TRANSITIONS[command].roles, key=lambda r: r.value)
        if role is Role.DEPARTMENT:
            return department_user(case.department_code or "")
        return next(u for u in SAMPLE_USERS if u.role is role)


def synthetic_cases(scenario: Scenario, now: datetime, count: int, seed: int = 0) -> None:
    """``count`` cases walked to random states; each current stage started a random share
    (0–115 %) of its limit ago, so most cases are on time, some at risk, a few overdue."""
    rng = random.Random(seed)
    catalog, context = scenario.context.catalog, scenario.context
    classes = catalog.small_classes()
    weights = [c.weight for c in classes]
    departments = [d.code for d in context.departments]
    targets, target_weights = zip(*_TARGET_WEIGHTS.items())
    for _ in range(count):
        small = rng.choices(classes, weights)[0]
        tier = "urgent" if rng.random() < 0.06 else "general"
        target = rng.choices(targets, target_weights)[0]
        path = _PATHS[target]
        stage = _STAGE_OF_TARGET.get(target)
        if stage is not None:
            limit = scenario.policy.stage_deadline(stage, small.code, Tier(tier), now) - now
            last = now - limit * rng.uniform(0.0, 1.15)
        else:
            last = now - timedelta(hours=rng.uniform(0.5, 30))
        times = [last]
        for _step in path:
            times.append(times[-1] - timedelta(minutes=rng.uniform(5, 240)))
        times.reverse()
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        case_id = scenario.report(
            times[0], small.code, rng.randrange(len(context.district_map.grids)),
            source=rng.choice(("supervisor", "supervisor", "hotline", "video")), tier=tier,
            description=f"{small.zh}：{rng.choice(_SPOTS)}",
            reporter_name=name, reporter_phone=f"139{rng.randrange(10**8):08d}")
        for command, at in zip(path, times[1:]):
            fields = dict(_FIELDS.get(command, {}))
            if command == "dispatch":
                fields["department"] = small.department if rng.random() < 0.85 else rng.choice(departments)
            scenario.step(case_id, command, at, **fields)


def sample_picture(context: DeskContext, count: int = 300, now: datetime | None = None,
                   seed: int = 0) -> tuple[SituationPicture, Scenario]:
    """A picture of ``count`` synthetic cases as of ``now``, and the scenario that made them."""
    now = now or utc_now()
    scenario = Scenario(context)
    synthetic_cases(scenario, now, count, seed)
    picture = SituationPicture()
    picture.reset(scenario.cases.values(), scenario.last_seq, source_name="sample")
    scenario.picture = picture
    return picture, scenario


def run_preview(make_widget: Callable, *, count: int = 400, size: tuple[int, int] = (1200, 700)) -> int:
    """Show ``make_widget(signals, context, scenario)`` over a sample picture of the demo
    district; ``--lang en`` for English, ``--shot FILE.png`` to save a picture and quit."""
    import argparse

    from PySide6.QtCore import QTimer, QTranslator
    from PySide6.QtWidgets import QApplication

    from commandcenter.geography.demo_district import build_demo_district
    from widgets.live import SituationSignals

    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--qm", help="a compiled translation to install (default: resources/i18n)")
    parser.add_argument("--shot", help="save the widget to this PNG and quit")
    parser.add_argument("--count", type=int, default=count)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.lang == "zh":
        qm = args.qm or str(Path(__file__).resolve().parent.parent / "resources" / "i18n" / "commandcenter_zh.qm")
        translator = QTranslator(app)
        if translator.load(qm):
            app.installTranslator(translator)
    context = sample_context(build_demo_district(), lang=args.lang)
    picture, scenario = sample_picture(context, args.count)
    signals = SituationSignals(picture)
    widget = make_widget(signals, context, scenario)
    widget.resize(*size)
    widget.show()
    if args.shot:
        app.processEvents()
        widget.grab().save(args.shot)
        return 0
    ticker = QTimer(widget)
    ticker.timeout.connect(lambda: _advance_one(scenario))
    ticker.start(3000)
    return app.exec()


def _advance_one(scenario: Scenario) -> None:
    """Move one waiting case along, so a preview shows live, incremental updates."""
    waiting = [c for c in scenario.cases.values() if c.status.value in ("dispatching", "registering")]
    if not waiting:
        return
    case = random.choice(waiting)
    at = scenario.picture.now()
    if case.status.value == "registering":
        scenario.step(case.id, "register", at)
    else:
        scenario.step(case.id, "dispatch", at, department=scenario.context.default_department(case.class_code))
