"""A screen's first step: the helper that reads the picture's cases while the screen starts
(:mod:`db.prefetch`). No Qt here: it runs before the GUI libraries are imported."""
from __future__ import annotations

from contextlib import contextmanager


def read_ahead(args):
    """Start reading the cases of ``args.db`` in a helper process; None for a training desk
    (its sandbox is chosen later) or where the backend does not (the live feed reads them)."""
    if getattr(args, "training", False):
        return None
    backend = args.backend
    try:
        return backend.prefetch_snapshot(getattr(args, "db", None) or backend.default_url())
    except Exception:   # only ever a saving: the feed reads the database itself
        return None


@contextmanager
def reading_ahead(args):
    """:func:`read_ahead` for the length of a screen's command: the helper is stopped at its end,
    whether the first picture took its cases or never came (a cancelled sign-in, an error)."""
    prefetch = read_ahead(args)
    try:
        yield prefetch
    finally:
        if prefetch is not None:
            prefetch.close()
