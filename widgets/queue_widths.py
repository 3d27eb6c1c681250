"""How wide the desk's queue columns start: fixed-format columns (number, time left, age, tier,
source) as wide as their widest usual text in the desk's language, named ones (class, place,
department) as their longest name up to a cap; measured once for all the queues of a desk."""
from __future__ import annotations

from PySide6.QtCore import Qt

from commandcenter.case import Source, Tier
from widgets.queue_model import returned_badge
from widgets.queue_rows import COL, SHOWN_ORDER

_DAY = 86400
_CAPS = {"class": 120, "place": 140, "department": 110}
"""Columns sized by their content up to these widths (elided beyond; the operator may widen them)."""


class ColumnWidths:
    """Fits a queue view's columns to the desk's content (the operator may resize them after)."""

    def __init__(self, context):
        self._context = context
        self._cache: tuple | None = None   # (font, icon, language) → content widths

    def fit(self, view) -> None:
        """Widths from the content: fixed-format columns as wide as their widest usual text,
        named ones as wide as their longest name up to a cap."""
        header = view.horizontalHeader()
        model = view.model()
        pad = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 6
        content = self._content_widths(view)
        for name in SHOWN_ORDER:
            col = COL[name]
            title = header.fontMetrics().horizontalAdvance(str(model.headerData(col, Qt.Orientation.Horizontal)))
            view.setColumnWidth(col, max(title, content[name]) + pad)

    def _content_widths(self, view) -> dict[str, int]:
        """Each shown column's content width in ``view``'s font: measured once for all the queues
        (the names of every class, department and hundreds of places)."""
        metrics = view.fontMetrics()
        key = (view.font().key(), view.iconSize().width(), getattr(self._context, "lang", None))
        cached = self._cache
        if cached is not None and cached[0] == key:
            return cached[1]
        samples = self._widest_samples()
        widths = {}
        for name in SHOWN_ORDER:
            if name in samples:
                text = max(metrics.horizontalAdvance(sample) for sample in samples[name])
                if name == "number":   # room for the 退回 badge
                    text += metrics.horizontalAdvance(returned_badge()) + 10
                if name == "tier":     # room for the tier's mark (急 / 难)
                    text += view.iconSize().width() if view.iconSize().width() > 0 else 16
                    text += 6
            else:
                text = max((metrics.horizontalAdvance(t) for t in self._names_of(name)), default=60)
                text = min(text, _CAPS[name])
            widths[name] = text
        self._cache = (key, widths)
        return widths

    def _widest_samples(self) -> dict[str, list[str]]:
        """The widest usual texts of the fixed-format columns, in the desk's language."""
        cx = self._context
        return {
            "number": ["20261124000001"],
            "countdown": [cx.format_remaining(-(99 * _DAY + 23 * 3600), "hours"), cx.format_remaining(-35999)],
            "age": [cx.format_age(99 * _DAY + 23 * 3600)],
            "tier": [cx.tier_name(t) for t in Tier],
            "source": [cx.source_name(s) for s in Source],
        }

    def _names_of(self, column: str):
        cx = self._context
        if column == "class":
            return [cx.class_name(c.code) for c in cx.catalog.small_classes()]
        if column == "department":
            return [cx.department_name(d.code) for d in cx.departments]
        grids = cx.district_map.grids if cx.district_map is not None else ()
        return [cx.place_of(g.street_code, g.community_code, g.code) for g in grids[:400]]
