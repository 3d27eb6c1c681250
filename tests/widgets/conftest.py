"""Fixtures shared by the widget tests."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def chinese(qapp):
    """The application's Chinese translation installed for the test (Qt's own `tr` lookups)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(Path(__file__).resolve().parents[2] / "resources/i18n/commandcenter_zh.qm"))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)
