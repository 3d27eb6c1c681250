"""Building a picture with the cycle collector paused: it runs again afterwards, nested pauses
leave that to the outermost, a frozen start-up is given back when the session closes, and a
cycle made garbage after a thaw is collected again."""
from __future__ import annotations

import gc
import weakref

from commandcenter.collector import collector_paused, thaw


class Node:
    def __init__(self):
        self.me = self   # a reference cycle: only the collector frees it


def test_the_collector_is_paused_within_and_runs_again_after_even_when_nested():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused(freeze=True):
            assert not gc.isenabled()
        assert not gc.isenabled() and gc.get_freeze_count() == 0   # only the outermost starts it again
    assert gc.isenabled()
    try:
        with collector_paused():
            raise KeyError("a failed read")
    except KeyError:
        pass
    assert gc.isenabled()


def test_what_was_frozen_at_a_start_is_collectable_again_after_a_thaw():
    try:
        with collector_paused(freeze=True):
            node = Node()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is not None   # frozen: the collector leaves it alone
        thaw()
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert gone() is None
    finally:
        thaw()
