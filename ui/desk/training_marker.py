"""The trainee's desk says so, in large type, at all times: a red banner across the top of the
window ("培训模式 / TRAINING", with the sandbox's address) and the same words in the window title,
so nobody mistakes a training desk for a live one (or a screenshot of it for a real situation)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar

#: the marker reads the same in both languages, so a trainer can point at it in any room
MARKER = "培训模式 / TRAINING"
BANNER_STYLE = ("QLabel#training_banner { background: #a50e0e; color: #ffffff; font-size: 18px; "
                "font-weight: bold; padding: 6px 12px; letter-spacing: 1px; }")


def mark_training(window, database: str) -> QLabel:
    """Put the training banner across the top of ``window`` (above every panel, which the operator
    may move, float or close: the banner is none of them) and the marker in its title."""
    text = QCoreApplication.translate("TrainingMarker", "{marker} — sandbox {database}; nothing here is real "
                                                        "and production is never written").format(
        marker=MARKER, database=database)
    banner = QLabel(text, objectName="training_banner")
    banner.setStyleSheet(BANNER_STYLE)
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setToolTip(database)
    bar = QToolBar(objectName="training_bar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setEnabled(False)   # no menu entry hides it
    bar.setStyleSheet("QToolBar#training_bar { border: 0; padding: 0; margin: 0; spacing: 0; }")
    bar.setContentsMargins(0, 0, 0, 0)
    bar.layout().setContentsMargins(0, 0, 0, 0)
    bar.addWidget(banner)
    banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    window.setWindowTitle(f"【{MARKER}】 {window.windowTitle()}")
    window.training_banner = banner
    return banner
