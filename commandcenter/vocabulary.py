"""The fixed words of the closed loop in both of the product's languages: queues, stages,
statuses, sources, tiers, roles and steps. One table each, used by the CLI, the messages and
every screen, so a role or a step has one name everywhere.

Each entry is ``key: (English, 中文)``; :func:`name` picks one by language and falls back to
the key itself for a value an older database may still hold."""
from __future__ import annotations

from typing import Mapping

LANGS = ("zh", "en")

QUEUES: Mapping[str, tuple[str, str]] = {
    "intake": ("Intake", "待受理"),
    "verify": ("Verify", "待核实"),
    "register": ("Register", "待立案"),
    "dispatch": ("Dispatch", "待派遣"),
    "handle": ("Handling", "处置中"),
    "check": ("Check", "待核查"),
    "close": ("Close", "待结案"),
    "requests": ("Requests", "延期/挂账申请"),
    "suspended": ("Suspended", "挂账"),
    "placement": ("To place", "待定位"),
}

STAGES: Mapping[str, tuple[str, str]] = {
    "intake": ("Intake stage", "受理"),
    "verify": ("Verification stage", "核实"),
    "register": ("Registration stage", "立案"),
    "dispatch": ("Dispatch stage", "派遣"),
    "handle": ("Handling stage", "处置"),
    "check": ("Check stage", "核查"),
    "close": ("Closing stage", "结案"),
}

STATUSES: Mapping[str, tuple[str, str]] = {
    "reported": ("Awaiting intake", "待受理"),
    "verifying": ("Awaiting verification", "待核实"),
    "registering": ("Awaiting registration", "待立案"),
    "dispatching": ("Awaiting dispatch", "待派遣"),
    "handling": ("Being handled", "处置中"),
    "checking": ("Awaiting check", "待核查"),
    "closing": ("Awaiting closing", "待结案"),
    "suspended": ("Suspended", "挂账"),
    "closed": ("Closed", "已结案"),
    "rejected": ("Rejected", "不受理"),
    "cancelled": ("Cancelled", "已作废"),
    "merged": ("Merged", "已合并"),
}

SOURCES: Mapping[str, tuple[str, str]] = {
    "supervisor": ("Supervisor", "监督员上报"),
    "hotline": ("Hotline 12345", "12345热线"),
    "app": ("Public app", "公众App"),
    "video": ("Video", "视频监控"),
    "referral": ("Referral", "上级交办"),
}

TIERS: Mapping[str, tuple[str, str]] = {
    "general": ("General", "一般"),
    "urgent": ("Urgent", "紧急"),
    "difficult": ("Difficult", "疑难"),
}

#: when an attachment (附件) was taken
PHASES: Mapping[str, tuple[str, str]] = {
    "report": ("At report", "上报时"),
    "before": ("Before handling", "处置前"),
    "after": ("After handling", "处置后"),
    "check": ("At the check", "核查时"),
    "other": ("Other", "其他"),
}

ROLES: Mapping[str, tuple[str, str]] = {
    "supervisor": ("Field supervisor", "监督员"),
    "call_taker": ("Call-taker", "受理员"),
    "shift_leader": ("Shift leader", "值班长"),
    "dispatcher": ("Dispatcher", "派遣员"),
    "department": ("Department operator", "专业部门"),
    "leader": ("Leader", "领导"),
    "trainer": ("Trainer", "培训员"),
    "admin": ("Administrator", "管理员"),
    "system": ("System (automatic)", "系统（自动）"),
}

COMMANDS: Mapping[str, tuple[str, str]] = {
    "report": ("Report", "上报"),
    "accept": ("Accept", "受理"),
    "request_verify": ("Request verification", "派发核实"),
    "verify": ("Verify on site", "核实"),
    "reject": ("Reject", "不受理"),
    "register": ("Register case", "立案"),
    "dispatch": ("Dispatch case", "派遣"),
    "redispatch": ("Re-dispatch", "二次派遣"),
    "return_case": ("Return dispatch", "退回"),
    "report_done": ("Report done", "处置反馈"),
    "check": ("Check on site", "核查"),
    "close": ("Close case", "结案"),
    "request_extension": ("Request extension", "申请延期"),
    "decide_extension": ("Decide extension", "审批延期"),
    "request_suspension": ("Request suspension", "申请挂账"),
    "decide_suspension": ("Decide suspension", "审批挂账"),
    "resume": ("Resume handling", "恢复处置"),
    "cancel": ("Cancel case", "作废"),
    "note": ("Add note", "添加备注"),
    "urge": ("Urge department", "催办"),
    "urge_reply": ("Reply to urging", "催办回复"),
    "remind": ("Automatic reminder", "自动提醒"),
    "duplicate_report": ("Also reported by", "重复件"),
    "merge_into": ("Merged into another case", "并入他案"),
    "merge_in": ("Merged a case in", "合并他案"),
    "merge": ("Merge cases", "合并案件"),
    "attach": ("Evidence added", "上传附件"),
}

#: the form fields and command-line options an error may name
FIELDS: Mapping[str, tuple[str, str]] = {
    "location": ("Location", "位置"),
    "grid_code": ("Grid code", "网格编码"),
    "attachment": ("Attachment", "附件"),
    "phase": ("Phase", "阶段"),
    "address": ("Address", "地址"),
    "lon": ("Longitude", "经度"),
    "lat": ("Latitude", "纬度"),
    "description": ("Description", "问题描述"),
    "reporter_phone": ("Reporter's phone", "反映人电话"),
    "reporter_name": ("Reporter's name", "反映人"),
    "component_code": ("Component code", "部件编码"),
    "class_code": ("Class", "类别"),
    "source": ("Source", "来源"),
    "tier": ("Tier", "等级"),
    "department": ("Department", "专业部门"),
    "reason": ("Reason", "原因"),
    "note": ("Note", "备注"),
    "message": ("Message", "催办内容"),
    "reply": ("Reply", "回复"),
    "phrase": ("Canned phrase", "惯用语"),
    "result": ("Result", "结果"),
    "approved": ("Decision", "审批结果"),
    "extension": ("Extension", "延期时长"),
    "limit": ("Time limit", "时限"),
    "command": ("Step", "操作"),
    "user": ("User", "用户"),
    "role": ("Role", "角色"),
    "speed": ("Speed", "速度"),
    "time": ("Time", "时间"),
    "sandbox": ("Sandbox", "沙箱"),
    "trainer": ("Trainer", "培训员"),
    "injection": ("Injection", "注入事件"),
}

_TABLES: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "queue": QUEUES, "stage": STAGES, "status": STATUSES, "source": SOURCES, "tier": TIERS,
    "role": ROLES, "command": COMMANDS, "field": FIELDS, "phase": PHASES,
}


def name(table: str, key: object, lang: str = "zh") -> str:
    """The word for ``key`` (an enum member or its value) in ``table``, in ``lang``."""
    value = str(getattr(key, "value", key) if key is not None else "")
    pair = _TABLES[table].get(value)
    if pair is None:
        return value
    return pair[1] if lang == "zh" else pair[0]


def role_name(role: object, lang: str = "zh") -> str:
    return name("role", role, lang)


def command_name(command: object, lang: str = "zh") -> str:
    return name("command", command, lang)


def status_name(status: object, lang: str = "zh") -> str:
    return name("status", status, lang)


def field_name(field: str, lang: str = "zh") -> str:
    return name("field", field, lang)
