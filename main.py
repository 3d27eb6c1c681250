"""Entry point: ``commandcenter`` / ``python main.py``. Builds the pieces and hands over; no
logic of its own."""
from __future__ import annotations

import sys


def _gui_commands():
    try:
        from ui.commands import register
    except ModuleNotFoundError as exc:
        if exc.name in ("ui.commands",):
            return ()
        raise
    return (register,)


def main(argv=None) -> int:
    from commandcenter.cli import main as cli_main
    from db.backend import backend

    return cli_main(argv, backend, extra=_gui_commands(), default="desk")


if __name__ == "__main__":
    sys.exit(main())
