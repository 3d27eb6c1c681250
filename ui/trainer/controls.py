"""Replay controls: the driver that ticks a :class:`commandcenter.replay.Replay` from a timer,
and the bar of buttons the trainer uses (play/pause, step, back to start, speed, jump to time)."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QDateTime, QElapsedTimer, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStyle, QToolButton, QWidget,
)

from commandcenter.clock import LOCAL_TZ, local

SPEEDS = (1, 10, 60, 300, 600, 1800, 3600)
TICK_MS = 200


class ReplayDriver(QObject):
    """Moves a replay forward in real time while it plays: every tick advances it by the real
    time elapsed × speed. All calls happen on the GUI thread, where the picture lives."""

    sig_moved = Signal(object)
    """The replay time (aware UTC) after any move."""
    sig_playing = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.replay = None
        self._timer = QTimer(self, interval=TICK_MS, timeout=self._on_tick)
        self._elapsed = QElapsedTimer()

    # Public API ---------------------------------------------------------------------------
    def set_replay(self, replay) -> None:
        self.pause()
        self.replay = replay
        self.sig_moved.emit(replay.time if replay else None)

    def play(self) -> None:
        if self.replay is None:
            return
        self.replay.play()
        self._elapsed.restart()
        self._timer.start()
        self.sig_playing.emit(True)
        self.sig_moved.emit(self.replay.time)

    def pause(self) -> None:
        self._timer.stop()
        if self.replay is not None and self.replay.playing:
            self.replay.pause()
        self.sig_playing.emit(False)

    def toggle(self) -> None:
        self.pause() if self._timer.isActive() else self.play()

    def step(self) -> None:
        if self.replay is not None:
            self.pause()
            self.replay.step()
            self.sig_moved.emit(self.replay.time)

    def step_back(self) -> None:
        """Back one event (pauses)."""
        if self.replay is not None:
            self.pause()
            self.replay.step_back()
            self.sig_moved.emit(self.replay.time)

    def jump(self, t: datetime) -> None:
        if self.replay is not None:
            self.replay.jump(t)
            self.sig_moved.emit(self.replay.time)

    def to_start(self) -> None:
        if self.replay is not None:
            self.jump(self.replay.start)

    def set_speed(self, speed: float) -> None:
        if self.replay is not None:
            self.replay.set_speed(speed)

    def is_playing(self) -> bool:
        return self._timer.isActive()

    # Private API --------------------------------------------------------------------------
    def _on_tick(self) -> None:
        seconds = self._elapsed.restart() / 1000.0
        self.replay.tick(seconds)
        self.sig_moved.emit(self.replay.time)
        if not self.replay.playing:
            self.pause()


class ReplayControls(QWidget):
    """Play/pause, step, back to start, speed 1×–3600×, the replay time, jump to a time."""

    sig_toggle_play = Signal()
    sig_step = Signal()
    sig_step_back = Signal()
    sig_to_start = Signal()
    sig_speed = Signal(float)
    sig_jump = Signal(object)
    """A moment (aware UTC) typed in the jump box."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("replay_controls")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        icon = self.style().standardIcon
        self._icons = {True: icon(QStyle.StandardPixmap.SP_MediaPause), False: icon(QStyle.StandardPixmap.SP_MediaPlay)}
        self.start_button = self._tool(icon(QStyle.StandardPixmap.SP_MediaSkipBackward),
                                       self.tr("Back to the start of the period (Home)"), self.sig_to_start)
        self.back_button = self._tool(icon(QStyle.StandardPixmap.SP_MediaSeekBackward),
                                      self.tr("Previous event (←; pauses)"), self.sig_step_back)
        self.back_button.setObjectName("step_back")
        self.play_button = QPushButton(self._icons[False], self.tr("Play"), self, objectName="play")
        self.play_button.setToolTip(self.tr("Play or pause the replay (Space)"))
        self.play_button.setMinimumWidth(96)
        self.play_button.clicked.connect(self.sig_toggle_play)
        self.step_button = self._tool(icon(QStyle.StandardPixmap.SP_MediaSkipForward),
                                      self.tr("Next event (→; pauses)"), self.sig_step)
        self.speed = QComboBox(self, objectName="speed")
        for speed in SPEEDS:
            self.speed.addItem(f"{speed}×", float(speed))
        self.speed.setToolTip(self.tr("Simulated seconds per real second"))
        self.speed.currentIndexChanged.connect(lambda _i: self.sig_speed.emit(self.speed.currentData()))
        self.time_label = QLabel("—", self, objectName="replay_time")
        self.time_label.setMinimumWidth(230)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position_label = QLabel("", self, objectName="replay_position")
        self.jump_edit = QDateTimeEdit(self, objectName="jump_edit")
        self.jump_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.jump_edit.setCalendarPopup(True)
        self.jump_button = QPushButton(self.tr("Jump"), self, objectName="jump")
        self.jump_button.clicked.connect(self._on_jump)
        layout.addWidget(self.start_button)
        layout.addWidget(self.back_button)
        layout.addWidget(self.play_button)
        layout.addWidget(self.step_button)
        layout.addWidget(QLabel(self.tr("Speed"), self))
        layout.addWidget(self.speed)
        layout.addSpacing(12)
        layout.addWidget(self.time_label)
        layout.addWidget(self.position_label)
        layout.addStretch(1)
        layout.addWidget(QLabel(self.tr("Jump to"), self))
        layout.addWidget(self.jump_edit)
        layout.addWidget(self.jump_button)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # Public API ---------------------------------------------------------------------------
    def show_time(self, t: datetime | None, position: int = 0, total: int = 0) -> None:
        if t is None:
            self.time_label.setText("—")
            self.position_label.setText("")
            return
        shown = local(t)
        weekday = (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
                   self.tr("Sat"), self.tr("Sun"))[shown.weekday()]
        self.time_label.setText(f"{shown:%Y-%m-%d %H:%M:%S} {weekday}")
        self.position_label.setText(self.tr("event {n} of {total}").format(n=position, total=total))

    def show_session(self, now: datetime, started_at: datetime) -> None:
        """During a training session: the wall clock and how long the session has run."""
        self.time_label.setText(f"{local(now):%Y-%m-%d %H:%M:%S}")
        minutes = int((now - started_at).total_seconds() // 60)
        self.position_label.setText(self.tr("training session running for {h}:{m:02d}").format(
            h=minutes // 60, m=minutes % 60))

    def show_playing(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_button.setIcon(self._icons[playing])

    def set_period(self, start: datetime, end: datetime) -> None:
        low, high = (QDateTime(local(x).replace(tzinfo=None)) for x in (start, end))
        self.jump_edit.setDateTimeRange(low, high)
        self.jump_edit.setDateTime(low)

    def follow(self, t: datetime) -> None:
        """Keep the jump box at the replay time, unless the trainer is typing in it."""
        if not self.jump_edit.hasFocus():
            self.jump_edit.setDateTime(QDateTime(local(t).replace(tzinfo=None)))

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.start_button, self.back_button, self.play_button, self.step_button, self.speed, self.jump_edit,
                       self.jump_button):
            widget.setEnabled(enabled)

    # Private API --------------------------------------------------------------------------
    def _tool(self, icon, tip: str, signal) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setMinimumWidth(32)
        button.clicked.connect(signal)
        return button

    def _on_jump(self) -> None:
        # The box shows Beijing time whatever the machine's zone is.
        shown = self.jump_edit.dateTime().toPython().replace(tzinfo=LOCAL_TZ)
        self.sig_jump.emit(shown.astimezone(timezone.utc))
