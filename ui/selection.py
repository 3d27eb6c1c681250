"""One case selected in every view at once (queues, board, map, case panel)."""
from __future__ import annotations


class CaseSelection:
    """Fans a selection out to the views. Each view's own selection signal comes back while the
    fan-out runs; ``select`` ignores those echoes and returns False for them."""

    def __init__(self, queues, board, map_view, panel):
        self._views = (queues, board, map_view)
        self._panel = panel
        self._busy = False

    @property
    def busy(self) -> bool:
        """True while a fan-out runs (a view's selection signal is then only an echo)."""
        return self._busy

    def select(self, case_id: int | None) -> bool:
        if self._busy:
            return False
        self._busy = True
        try:
            for view in self._views:
                view.select_case(case_id)
            self._panel.show_case(case_id)
        finally:
            self._busy = False
        return True
