"""The words of urging and reminders (催办/督办), shared by the case history and the
notification centre."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("Urging", text)


def level_name(level: int) -> str:
    """Who a reminder went to: the department (or whoever holds the stage), a shift leader, a leader."""
    return (_tr("department"), _tr("shift leader"), _tr("leader"))[max(0, min(2, int(level)))]


def reminder_text(context, payload) -> str:
    """One line for an automatic reminder: its stage, at risk or overdue, and who was told."""
    state = _tr("overdue") if payload.get("state") == "overdue" else _tr("at risk")
    stage = context.stage_name(payload.get("stage"))
    if int(payload.get("level", 0)) == 0:
        return _tr("{stage} {state}: reminder to the {who}").format(
            stage=stage, state=state, who=level_name(0))
    return _tr("{stage} {state}: escalated to the {who}").format(
        stage=stage, state=state, who=level_name(payload["level"]))
