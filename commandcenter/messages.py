"""Every message the product says to a person, in Chinese and English, in one table.

A domain error carries a ``code`` and ``params`` (see :mod:`commandcenter.errors`); ``render``
turns it into one sentence in the user's language, for the CLI and the screens alike. Templates
use ``{name}`` placeholders only. Words inside a message (roles, steps, statuses, fields) come
from :mod:`commandcenter.vocabulary`, and people's display names from a ``names`` callable the
screen passes in (the CLI shows sign-in names).

Modules that define errors of their own keep their templates next to them in a ``MESSAGES``
dict and are listed in :data:`MODULES`; their tables join this one on first use."""
from __future__ import annotations

import importlib
import os
from datetime import datetime
from typing import Any, Callable, Mapping

from .clock import local
from .vocabulary import command_name, field_name, role_name, status_name

#: code → (English, 中文)
MESSAGES: dict[str, tuple[str, str]] = {
    "domain_error": ("{message}", "{message}"),
    "invalid_value": ("{field} “{value}”: {problem}", "{field}「{value}」：{problem}"),
    "invalid_value_blank": ("{field}: {problem}", "{field}：{problem}"),
    "input_file": ("{path}: {where}: {problem}", "{path}：{where}：{problem}"),
    "input_file_nowhere": ("{path}: {problem}", "{path}：{problem}"),
    "not_found": ("{what} {key} not found", "找不到{what} {key}"),
    "permission_denied": ("Not allowed: {user} ({role}) may not take the step “{step}”.",
                          "无权操作：{user}（{role}）不能执行“{step}”。"),
    "illegal_transition": ("Case {case_number} cannot take the step “{step}” now: it is {status}.",
                           "案件 {case_number} 当前为“{status}”，不能执行“{step}”。"),
    "conflict": ("Case {case_number} was changed by {who} at {time}; the desk now shows the current state.",
                 "案件 {case_number} 已被 {who} 于 {time} 修改，已刷新为最新状态。"),
    "sandbox_required": ("This is a trainee's desk: it writes only to a training sandbox, and this "
                         "database is not one.",
                         "这是学员席位：只能写入培训沙箱，而当前数据库不是培训沙箱。"),
    "training_desk_not_sandbox": (
        "desk --training opens only a training sandbox, and {database} is not one: start the desk with the "
        "--db address the trainer hands out (it ends in .sandbox_YYYYMMDD_HHMMSS).",
        "学员席位（desk --training）只能打开培训沙箱，{database} 不是培训沙箱：请使用培训员提供的 --db 地址"
        "（以 .sandbox_年月日_时分秒 结尾）。"),
    "command_failed": ("The command failed: {error}", "操作失败：{error}"),
    "injection_failed": ("Scheduled injection at {time} ({description}) failed and was skipped: {reason}",
                         "计划注入（{time}，{description}）失败，已跳过：{reason}"),
    # problems inside a ValidationError (its ``reason``)
    "required": ("required", "必填"),
    "required_for_step": ("required to {step} case {case_number}", "{step}案件 {case_number} 时必填"),
    "outside_district": ("outside the district's unit grids", "不在本区单元网格范围内"),
    "too_long": ("longer than {limit} characters", "超过 {limit} 个字符"),
    "not_a_phone": ("not a phone number", "不是有效的电话号码"),
    "not_a_number": ("not a number", "不是数字"),
    "out_of_range": ("must be between {low} and {high}", "应在 {low} 到 {high} 之间"),
    "unknown_choice": ("unknown {field} (one of: {allowed})", "未知的{field}（可选：{allowed}）"),
    "unknown_department": ("unknown department", "未知的专业部门"),
    "unknown_tier": ("unknown tier (general, urgent, difficult)", "未知的等级（一般、紧急、疑难）"),
    "not_bool": ("must be true or false", "应为“是”或“否”"),
    "unknown_step": ("unknown step", "未知的操作"),
    "unknown_user": ("no such user", "没有这个用户"),
    "bad_component_code": ("must be 16 digits (district 6 + class 4 + serial 6)",
                           "应为 16 位数字（区划 6 位 + 类别 4 位 + 序号 6 位）"),
    "component_on_event": ("class {class_code} is an event, not a component",
                           "类别 {class_code} 是事件，不是部件"),
    "component_class_mismatch": ("class digits {digits} contradict class {class_code}",
                                 "部件编码中的类别 {digits} 与类别 {class_code} 不符"),
}

#: modules with a MESSAGES table of their own
MODULES: tuple[str, ...] = ("commandcenter.faults", "commandcenter.auth", "commandcenter.cli.identity",
                             "commandcenter.cli.holidays", "commandcenter.extensions",
                             "commandcenter.phrases", "commandcenter.urging", "commandcenter.intake",
                             "commandcenter.duplicates", "commandcenter.attachments",
                             "commandcenter.districts", "commandcenter.training_roster")

_loaded = False


def _table() -> dict[str, tuple[str, str]]:
    global _loaded
    if not _loaded:
        for module_name in MODULES:
            MESSAGES.update(getattr(importlib.import_module(module_name), "MESSAGES", {}))
        _loaded = True
    return MESSAGES


def cli_language() -> str:
    """The CLI's language: $COMMANDCENTER_LANG (zh or en), else Chinese when the locale is."""
    chosen = os.environ.get("COMMANDCENTER_LANG", "").strip().lower()
    if chosen in ("zh", "en"):
        return chosen
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def message(code: str, lang: str = "zh", **params: Any) -> str:
    """The message ``code`` in ``lang`` filled with ``params``; an unknown code shows its params."""
    pair = _table().get(code)
    if pair is None:
        return f"{code}: {params}" if params else code
    template = pair[1] if lang == "zh" else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def render(error: BaseException, lang: str = "zh", names: Callable[[str], str] | None = None) -> str:
    """One sentence for a person: a domain error in ``lang``, anything else as "the command failed"."""
    from .errors import DomainError

    if not isinstance(error, DomainError):
        return message("command_failed", lang, error=str(error) or type(error).__name__)
    display = names or (lambda name: name)
    params = dict(error.params)
    code = error.code
    if code == "invalid_value":
        params["field"] = field_name(str(params.get("field", "")), lang)
        params["value"] = _short(params.get("value"))
        reason = params.get("reason")
        if reason and reason in _table():
            params["problem"] = message(reason, lang, **_words(params, lang))
        if not params["value"]:
            code = "invalid_value_blank"
    elif code == "input_file" and not params.get("where"):
        code = "input_file_nowhere"
    elif code in ("permission_denied", "illegal_transition"):
        params["step"] = command_name(params.get("command", ""), lang)
        params["role"] = role_name(params.get("role", ""), lang)
        params["status"] = status_name(params.get("status", ""), lang)
        params["user"] = display(str(params.get("user", "")))
    elif code == "conflict":
        params["who"] = display(str(params.get("changed_by", "")))
        at = params.get("changed_at")
        params["time"] = f"{local(at):%H:%M}" if isinstance(at, datetime) else str(at or "")
    return message(code, lang, **params)


def _words(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    words = dict(params)
    if "step" in words:
        words["step"] = command_name(words["step"], lang)
    if "field" in words:
        words["field"] = field_name(str(words["field"]), lang) if lang == "zh" else words["field"]
    return words


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:40] + "…"
