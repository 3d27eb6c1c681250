"""The screen commands of the CLI: ``desk`` (the default), ``wall``, ``trainer``, ``snapshot``.

Each screen package has a light ``cli`` module with ``add_arguments(parser)`` and
``run(args)``; Qt is imported only when a screen actually starts."""
from __future__ import annotations

import importlib

SCREENS = (
    ("desk", "ui.desk.cli", "the control desk: map, queues, case panel, linkage board (default)"),
    ("wall", "ui.wall.cli", "the video-wall overview for leaders (read-only)"),
    ("trainer", "ui.trainer.cli", "replay and training"),
    ("snapshot", "ui.snapshot", "render a screen offscreen to a PNG"),
)


def register(sub) -> None:
    for name, module_name, help_text in SCREENS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--db", metavar="URL", default=None,
                            help="database URL; default: the embedded SQLite file or $COMMANDCENTER_DB")
        parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="interface language (default zh)")
        module.add_arguments(parser)
        parser.set_defaults(handler=module.run)
