"""The words of urging and reminders (催办/督办), shared by the case history and the
notification centre."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def level_name(level: int) -> str:
    """Who a reminder went to: the department (or whoever holds the stage), a shift leader, a leader."""
    names = (QCoreApplication.translate("Urging", "department"),
             QCoreApplication.translate("Urging", "shift leader"),
             QCoreApplication.translate("Urging", "leader"))
    return names[max(0, min(2, int(level)))]


def reminder_text(context, payload) -> str:
    """One line for an automatic reminder: its stage, at risk or overdue, and who was told."""
    state = (QCoreApplication.translate("Urging", "overdue") if payload.get("state") == "overdue"
             else QCoreApplication.translate("Urging", "at risk"))
    stage = context.stage_name(payload.get("stage"))
    level = int(payload.get("level", 0))
    if level == 0:
        return QCoreApplication.translate("Urging", "{stage} {state}: reminder to the {who}").format(
            stage=stage, state=state, who=level_name(0))
    return QCoreApplication.translate("Urging", "{stage} {state}: escalated to the {who}").format(
        stage=stage, state=state, who=level_name(level))
