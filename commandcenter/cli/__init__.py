"""The ``commandcenter`` command line. The database backend and the screens are handed in by
``main.py`` so this package imports neither."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from ..errors import DomainError

#: each command module registers its sub-commands on the parser
_MODULES = ("core", "geo", "sim", "replay", "admin")


def build_parser(extra: Sequence[Callable] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commandcenter",
        description="Grid-based city management command centre (网格化城市管理指挥中心).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        module.register(sub)
    for register in extra:
        register(sub)
    return parser


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=None,
                        help="database URL (sqlite:///FILE or postgresql://…); default: the embedded "
                             "SQLite file in the user's data folder, or $COMMANDCENTER_DB")


def main(argv: Sequence[str] | None, backend, extra: Sequence[Callable] = (), default: str | None = None) -> int:
    parser = build_parser(extra)
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list and default:
        args_list = [default]
    args = parser.parse_args(args_list)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    args.backend = backend
    try:
        return int(args.handler(args) or 0)
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
