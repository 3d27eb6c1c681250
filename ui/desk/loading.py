"""The desk opens at once and says how far the reading of its cases is: a panel over the window
with a progress bar (cases read, then their deadlines worked out), gone when the queues fill.
The reading runs on the live feed's worker thread (ui.session.PreparingStore); the GUI thread
only moves the bar."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget


class PictureLoading(QFrame):
    """"Reading cases… 45,000 of 101,893" over ``window`` until the picture arrives."""

    EVERY_MS = 150
    """The bar moves at most this often within a step (each step's first and last count show)."""

    def __init__(self, window: QWidget, progress, signals):
        super().__init__(window)
        self.setObjectName("picture_loading")
        self.setStyleSheet("#picture_loading{background:rgba(255,255,255,235);border:1px solid #dadce0;"
                           "border-radius:6px;}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.label = QLabel(self.tr("Reading the cases…"), self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)   # busy until the first batch says how many there are
        self.bar.setTextVisible(True)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.setFixedWidth(420)
        #: every (label, value, maximum) shown, in order (tests look at it)
        self.shown: list[tuple[str, int, int]] = []
        self._phase = ""
        self._since = QElapsedTimer()
        self._pending: tuple | None = None
        self._later = QTimer(self, singleShot=True, timeout=self._show_pending)
        progress.sig_progress.connect(self._on_read)
        progress.sig_preparing.connect(self._on_preparing)
        signals.sig_reset.connect(self._done)
        window.installEventFilter(self)
        self._place()
        self.raise_()
        self.show()

    def _on_read(self, done: int, total: int) -> None:
        self._show(self.tr("Reading the cases… {done} of {total}").format(done=f"{done:,}", total=f"{total:,}"),
                   done, total, "read")

    def _on_preparing(self, done: int, total: int) -> None:
        self._show(self.tr("Working out deadlines… {done} of {total} open cases").format(
            done=f"{done:,}", total=f"{total:,}"), done, total, "deadlines")

    def _show(self, text: str, done: int, total: int, phase: str) -> None:
        if self.isHidden() and self.shown and self.shown[-1][0] == "":
            return   # already done
        if phase == self._phase and done < total and self._since.isValid() and self._since.elapsed() < self.EVERY_MS:
            # the bar moves a few times a second (each move costs the GUI thread milliseconds),
            # the latest count shown when the time comes
            self._pending = (text, done, total, phase)
            if not self._later.isActive():
                self._later.start(max(0, self.EVERY_MS - self._since.elapsed()))
            return
        self._pending = None
        self._later.stop()
        self._phase = phase
        self._since.start()
        self.label.setText(text)
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(min(done, max(1, total)))
        self.shown.append((text, done, total))

    def _show_pending(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._since.invalidate()
            self._show(*pending)

    def _done(self) -> None:
        self._pending = None
        self._later.stop()
        self.hide()
        self.shown.append(("", 0, 0))

    def _place(self) -> None:
        parent = self.parentWidget()
        self.adjustSize()
        self.move((parent.width() - self.width()) // 2, (parent.height() - self.height()) // 3)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False


def show_loading(window: QWidget, session) -> PictureLoading | None:
    """The loading panel over ``window`` when ``session``'s feed reads a snapshot that reports
    its progress (the live desk); None otherwise (a replay fills its picture itself)."""
    progress = getattr(getattr(session.source, "store", None), "progress", None)
    if progress is None or session.picture.cases:
        return None
    return PictureLoading(window, progress, session.signals)
