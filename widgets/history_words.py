"""What a case's history says of each step beyond who took it: the class and source of a report,
where it was dispatched, the answer of a check or a decision, a reminder, a merge, the reason."""
from __future__ import annotations

from commandcenter.case import CaseEvent
from widgets.action_form import bool_answer_text
from widgets.duplicate_text import duplicate_detail
from widgets.notice_words import reminder_text


def event_detail(cx, event: CaseEvent) -> str:
    """The detail column of ``event``'s row in the history (``cx``: the desk's context)."""
    p = event.payload
    parts = []
    if event.type == "report":
        parts.append(f"{cx.class_name(p.get('class_code'))} · {cx.source_name(p.get('source', ''))}")
    if p.get("department") and event.type in ("dispatch", "redispatch"):
        parts.append("→ " + cx.department_name(p["department"]))
    if p.get("tier"):
        parts.append(cx.tier_name(p["tier"]))
    if p.get("limit"):
        parts.append("+" + cx.format_limit(p["limit"]))
    for name in ("confirmed", "passed", "approve"):
        if isinstance(p.get(name), bool):
            parts.append(bool_answer_text(event.type, p[name]))
    if event.type == "remind":
        parts.append(reminder_text(cx, p))
    parts += duplicate_detail(event, cx)
    parts += [str(p[name]) for name in ("reason", "note", "message", "reply") if p.get(name)]
    return "；".join(parts)
