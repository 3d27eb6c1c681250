"""The desk's test world: the tiny district of tests/world.py with a few cases brought to the
dispatch queue (and one further) through the real service, and the desk built over it."""
from __future__ import annotations

import argparse
from dataclasses import dataclass

from tests.world import PASSWORD, build_world, cell_point  # noqa: F401 - the tests sign in with it

#: (class code, default department) of the cases the world reports
CLASSES = (("E0101", "cgzf"), ("E0102", "szsr"), ("E0106", "ylyh"), ("E0104", "szsr"))


@dataclass
class DeskWorld:
    url: str
    runtime: object
    dispatching: list[int]   # 待派遣
    handling: list[int]      # 处置中, with their class's default department

    def service(self):
        """A second, independent service on the same database (another desk, another process)."""
        from db import open_store
        from db.backend import backend
        from commandcenter.runtime import build_runtime

        return build_runtime(open_store(self.url), backend).service


def report_and_register(service, index: int, class_code: str) -> int:
    lon, lat = cell_point(index)
    case = service.report("sup", source="supervisor", class_code=class_code, lon=lon, lat=lat,
                          description=f"测试案件 {index}")
    service.act("taker", case.id, "accept")
    service.act("leader", case.id, "register")
    return case.id


def desk_world(url: str, dispatching: int = 3, handling: int = 1, district=None) -> DeskWorld:
    runtime = build_world(url, district=district)
    service = runtime.service
    waiting = [report_and_register(service, i, CLASSES[i % len(CLASSES)][0]) for i in range(dispatching)]
    busy = []
    for i in range(handling):
        class_code, department = CLASSES[(dispatching + i) % len(CLASSES)]
        case_id = report_and_register(service, dispatching + i, class_code)
        service.act("disp", case_id, "dispatch", department=department)
        busy.append(case_id)
    return DeskWorld(url, runtime, waiting, busy)


def desk_args(url: str, lang: str = "en") -> argparse.Namespace:
    from db.backend import backend

    return argparse.Namespace(db=url, lang=lang, backend=backend, read_only=False)




def open_desk(qtbot, url: str, user_name: str | None, settings_path, *, lang: str = "en", **options):
    """The desk window for ``user_name`` on ``url``, shown, with its picture loaded from the database.
    Close it with :func:`close_desk` (not qtbot.addWidget: the window must be deleted at once)."""
    from PySide6.QtCore import QSettings

    from ui.desk.startup import build_desk
    from ui.session import open_session

    args = desk_args(url, lang)
    for name, value in options.items():   # e.g. screens=3, canvas=(0, 0, 5760, 1080)
        setattr(args, name, value)
    session = open_session(args, show_progress=False)
    user = next(u for u in session.data.users if u.name == user_name) if user_name else None
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = build_desk(session, args, user, settings=settings)
    session.start()
    window.resize(1600, 900)
    window.show()
    qtbot.waitUntil(lambda: window.session.picture.source_name == "live" and bool(window.session.picture.cases),
                    timeout=10_000)
    return window


def close_desk(window) -> None:
    """Close and delete the window now: a web page outliving its profile crashes at exit."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.close()
    window.session.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
