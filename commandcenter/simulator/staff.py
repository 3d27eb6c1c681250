"""The people of the demo district: departments with realistic names and staff for every
role, with generated Chinese names (fictional, like the district)."""
from __future__ import annotations

import math
import random

from ..ports import Department
from ..roles import Role, User
from .texts import SURNAMES

CELLS_PER_SUPERVISOR = 30
CONTROL_ROOM_STAFF = {Role.CALL_TAKER: ("ct", 10), Role.DISPATCHER: ("dp", 6), Role.SHIFT_LEADER: ("sl", 5)}
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英",
          "霞", "平", "刚", "桂英", "华", "建国", "建华", "志强", "海燕", "红梅", "晓东", "文博", "子涵", "浩然",
          "欣怡", "宇航", "思远", "佳琪", "雪", "鹏", "辉", "玲", "斌", "宁", "凯", "琳", "健", "波", "博文", "晨",
          "嘉怡", "俊杰", "梦瑶")

#: demo department names: the catalog's department kinds as a district would name them
_DEPARTMENT_NAMES = {
    "cgzf": "{d}城市管理综合行政执法局", "szsr": "{d}城市管理委员会", "ylyh": "{d}园林绿化局",
    "jtw": "{d}交通委员会", "swj": "{d}水务局", "zjw": "{d}住房和城乡建设委员会", "gaj": "{d}公安分局",
    "jdb": "{d}各街道办事处", "yjglj": "{d}应急管理局", "xfjy": "{d}消防救援支队",
    "gdgs": "{d}供电公司", "rqgs": "{d}燃气分公司", "txgs": "{d}通信运营分公司",
    "zlsw": "{d}自来水与排水分公司", "rlgs": "{d}热力分公司",
}


def demo_departments(catalog, district_name: str) -> list[Department]:
    """Every department kind of the catalog, named for the district."""
    return [Department(key, _DEPARTMENT_NAMES.get(key, "{d}" + kind.zh).format(d=district_name), kind.en)
            for key, kind in sorted(catalog.departments.items())]


def operators_per_department(catalog) -> dict[str, int]:
    """1–3 operators per department, more where the catalog sends more cases."""
    load: dict[str, float] = {key: 0.0 for key in catalog.departments}
    for small in catalog.small_classes():
        load[small.department] += small.weight
    return {key: 3 if w >= 100 else 2 if w >= 20 else 1 for key, w in sorted(load.items())}


def demo_staff(grid_count: int, catalog, seed: int = 0) -> list[User]:
    """Supervisors (one per ~30 grids), the control room, department operators, a leader,
    a trainer and an admin; user names are short codes, display names Chinese."""
    names = _NameMaker(random.Random(f"{seed}/staff"))
    users: list[User] = []
    supervisors = max(1, math.ceil(grid_count / CELLS_PER_SUPERVISOR))
    users += [User(f"sup{i:03d}", names.next(), Role.SUPERVISOR) for i in range(1, supervisors + 1)]
    for role, (prefix, count) in CONTROL_ROOM_STAFF.items():
        users += [User(f"{prefix}{i:02d}", names.next(), role) for i in range(1, count + 1)]
    for department, count in operators_per_department(catalog).items():
        users += [User(f"{department}{i:02d}", names.next(), Role.DEPARTMENT, department)
                  for i in range(1, count + 1)]
    users += [User("leader", names.next(), Role.LEADER), User("trainer", names.next(), Role.TRAINER),
              User("admin", names.next(), Role.ADMIN)]
    return users


class _NameMaker:
    """Unique, deterministic Chinese personal names."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used: set[str] = set()

    def next(self) -> str:
        attempt = 0
        while True:
            attempt += 1
            name = self._rng.choice(SURNAMES) + self._rng.choice(_GIVEN)
            if attempt > 20:        # common names used up (a very large district): a generation character
                name = name[0] + self._rng.choice("子一思若雨立国文") + name[1:]
            if name not in self._used or attempt > 200:
                name = name if name not in self._used else f"{name}{attempt}"
                self._used.add(name)
                return name
