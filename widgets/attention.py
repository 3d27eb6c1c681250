"""Attention for urgent cases (紧急案件提醒): a new urgent case entering the picture is *unread*
until the operator selects it — it stays on top of its queue, its row and card flash for a few
seconds, a short chime plays (or the system beep where no audio device is), and the desk counts
the unread ones in its title and a badge.

"New" means arriving after the desk's first load (a case reported meanwhile, or an open case
raised to urgent): the urgent cases already there at start are the shift's known work."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtWidgets import QApplication

from commandcenter.case import Case, Tier
from commandcenter.situation import CasesChanged
from widgets.live import SituationSignals

SOUND_FILE = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "urgent.wav"
"""Written by scripts/alert_sound.py."""


def _is_urgent(case: Case | None, _urgent=Tier.URGENT) -> bool:
    return case is not None and case.is_open and case.tier is _urgent


class UrgentAttention(QObject):
    """Which urgent cases the operator has not looked at yet, and which flash now."""

    sig_changed = Signal(object)
    """frozenset of case ids that became unread or read (their rows move, their badges change)."""
    sig_flash = Signal(object)
    """frozenset of case ids whose flash phase changed (repaint their rows and cards)."""
    sig_unread_count = Signal(int)
    """The number of unread urgent cases changed."""
    sig_alerted = Signal(object)
    """The chime (or beep) was played for these new case ids."""

    FLASH_MS = 6000
    BLINK_MS = 450

    def __init__(self, signals: SituationSignals, parent: QObject | None = None):
        super().__init__(parent)
        self._picture = signals.picture
        self._urgent: set[int] = set()
        self._unread: list[int] = []          # newest last
        self._flash_until: dict[int, float] = {}
        self._phase = False
        self.sound_enabled = True
        self._concerns: Callable[[Case], bool] = lambda case: True
        self._sound = None
        self._blink = QTimer(self, interval=self.BLINK_MS)
        self._blink.timeout.connect(self._on_blink)
        signals.sig_reset.connect(self._on_reset)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        if self._picture.cases:
            self._on_reset()

    # Public API ---------------------------------------------------------------------------
    @property
    def unread_count(self) -> int:
        return len(self._unread)

    def unread(self) -> list[int]:
        """Unread urgent cases, newest first."""
        return list(reversed(self._unread))

    def is_unread(self, case_id: int) -> bool:
        return case_id in self._unread

    def is_flashing(self, case_id: int) -> bool:
        """Within the few seconds after the case arrived (and not read yet)."""
        return self._flash_until.get(case_id, 0.0) > time.monotonic()

    def flash_on(self, case_id: int) -> bool:
        """The highlighted half of the blink, for painting."""
        return self._phase and self.is_flashing(case_id)

    def mark_read(self, case_id: int | None) -> None:
        """The operator looked at the case (selected it)."""
        if case_id in self._unread:
            self._unread.remove(case_id)
            self._flash_until.pop(case_id, None)
            self.sig_changed.emit(frozenset({case_id}))
            self.sig_flash.emit(frozenset({case_id}))
            self.sig_unread_count.emit(len(self._unread))

    def set_concerns(self, concerns: Callable[[Case], bool] | None) -> None:
        """Only urgent cases for which ``concerns(case)`` holds are news to this desk (a
        department's desk: its own department's cases); None: every case."""
        self._concerns = concerns or (lambda case: True)
        self._on_reset()   # what is already there is known work, not news

    def set_sound_enabled(self, enabled: bool) -> None:
        self.sound_enabled = bool(enabled)

    # Private API --------------------------------------------------------------------------
    def _on_reset(self) -> None:
        cases = self._picture.cases
        self._urgent = {case_id for case_id, case in cases.items() if _is_urgent(case) and self._concerns(case)}
        gone = [i for i in self._unread if i not in self._urgent]
        if gone:
            self._drop(gone)

    def _on_cases_changed(self, change: CasesChanged) -> None:
        cases = self._picture.cases
        new, gone = [], []
        for case_id in sorted(change.case_ids):
            case = cases.get(case_id)
            urgent = _is_urgent(case) and self._concerns(case)
            if urgent and case_id not in self._urgent:
                self._urgent.add(case_id)
                new.append(case_id)
            elif not urgent and case_id in self._urgent:
                self._urgent.discard(case_id)
                if case_id in self._unread:
                    gone.append(case_id)
        if gone:
            self._drop(gone)
        if not new:
            return
        until = time.monotonic() + self.FLASH_MS / 1000
        for case_id in new:
            self._unread.append(case_id)
            self._flash_until[case_id] = until
        self._phase = True
        if not self._blink.isActive():
            self._blink.start()
        self.sig_changed.emit(frozenset(new))
        self.sig_flash.emit(frozenset(new))
        self.sig_unread_count.emit(len(self._unread))
        if self.sound_enabled:
            self._play()
            self.sig_alerted.emit(frozenset(new))

    def _drop(self, case_ids) -> None:
        for case_id in case_ids:
            self._unread.remove(case_id)
            self._flash_until.pop(case_id, None)
        self.sig_changed.emit(frozenset(case_ids))
        self.sig_flash.emit(frozenset(case_ids))
        self.sig_unread_count.emit(len(self._unread))

    def _on_blink(self) -> None:
        now = time.monotonic()
        ended = {i for i, until in self._flash_until.items() if until <= now}
        for case_id in ended:
            del self._flash_until[case_id]
        self._phase = not self._phase
        if not self._flash_until:
            self._blink.stop()
            self._phase = False
        changed = frozenset(self._flash_until) | ended
        if changed:
            self.sig_flash.emit(changed)

    def _play(self) -> None:
        if self._sound is None:
            self._sound = _chime()
        if self._sound is False or self._sound.status() == self._sound.Status.Error:
            QApplication.beep()   # no chime here (no audio device, unreadable file): the system beep
        else:
            self._sound.play()


def _chime():
    """A QSoundEffect of the chime, or False where Qt Multimedia or an audio backend is missing."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError:   # e.g. no libpulse on a headless machine
        return False
    effect = QSoundEffect()
    effect.setSource(QUrl.fromLocalFile(str(SOUND_FILE)))
    effect.setVolume(0.6)
    return effect
