"""Every text a wall shows: labels, item views, tooltips, window titles, the charts' ticks and
text items, the ticker, the map's marker labels and the map page's own visible text."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget


def widget_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(), widget.statusTip()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value is not None:
                            texts.append(str(value))
        if hasattr(widget, "visible_texts"):
            texts += widget.visible_texts()
        if isinstance(widget, pg.PlotWidget):
            for item in widget.getPlotItem().items + list(widget.scene().items()):
                if isinstance(item, pg.TextItem):
                    texts.append(item.toPlainText())
    return [t for t in texts if t]


def page_text(qtbot, map_view) -> str:
    """The map page's visible text (legend, labels, any tooltip open)."""
    from PySide6.QtWebEngineWidgets import QWebEngineView

    page = map_view.findChild(QWebEngineView).page()
    result = []
    page.runJavaScript("document.body.innerText", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    return result[0] or ""
