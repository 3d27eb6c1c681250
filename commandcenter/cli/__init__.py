"""The ``commandcenter`` command line. The database backend and the screens are handed in by
``main.py`` so this package imports neither."""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from typing import Callable, Sequence

from ..errors import DomainError

#: each command module registers its sub-commands on the parser
_MODULES = ("core", "geo", "open311", "components", "sim", "replay", "admin", "dbroles", "reports", "casework")


def build_parser(extra: Sequence[Callable] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commandcenter",
        description="Grid-based city management command centre (网格化城市管理指挥中心).")
    parser.add_argument("--debug", action="store_true",
                        help="on failure, show the traceback after the error (anywhere on the line)")
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


#: the commands that may create the database they are pointed at (the desk: its first-run demo)
_CREATING = frozenset({"db upgrade", "demo", "import-district", "import-grids", "desk"})
#: bad input (a DomainError that is no fault) and an unexpected failure (a bug)
EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 70


def main(argv: Sequence[str] | None, backend, extra: Sequence[Callable] = (), default: str | None = None) -> int:
    """Run one command. Whatever fails is said in one ``error: …`` line in the user's language,
    with what to do, and a distinct exit code; ``--debug`` (anywhere) adds the traceback."""
    parser = build_parser(extra)
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list or os.environ.get("COMMANDCENTER_DEBUG") == "1"
    args_list = [a for a in args_list if a != "--debug"]
    if not args_list and default:
        args_list = [default]
    args = parser.parse_args(args_list)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    args.backend = backend
    args.debug = debug
    try:
        with backend.creating_allowed(_command_name(args) in _CREATING):
            return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:   # the one place every failure is turned into words
        return report_failure(exc, backend, getattr(args, "db", None), debug)


def report_failure(exc: BaseException, backend, db_url: str | None, debug: bool) -> int:
    """Print ``exc`` as an ``error:`` line (and its traceback with ``debug``); its exit code."""
    from ..messages import cli_language, message, render

    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    fault = exc if isinstance(exc, DomainError) else backend.explain_fault(exc, backend.describe_url(db_url))
    lang = cli_language()
    if fault is None:
        detail = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        print(f"error: {message('unexpected_fault', lang, detail=detail)}", file=sys.stderr)
        return EXIT_UNEXPECTED
    print(f"error: {render(fault, lang)}", file=sys.stderr)
    return getattr(fault, "exit_code", EXIT_BAD_INPUT)


def _command_name(args) -> str:
    action = next((getattr(args, name) for name in vars(args) if name.endswith("_command")), None)
    return f"{args.command} {action}" if action else str(args.command)
