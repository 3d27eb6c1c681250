"""Cases (案件) and their events (案件事件): the records of the closed loop."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import Enum
from operator import attrgetter
from typing import Any, Iterable, Mapping


class Status(str, Enum):
    """Where a case stands in the closed loop (案件状态)."""

    REPORTED = "reported"          # 待受理
    VERIFYING = "verifying"        # 待核实
    REGISTERING = "registering"    # 待立案
    DISPATCHING = "dispatching"    # 待派遣
    HANDLING = "handling"          # 处置中
    CHECKING = "checking"          # 待核查
    CLOSING = "closing"            # 待结案
    SUSPENDED = "suspended"        # 挂账/缓办
    CLOSED = "closed"              # 已结案
    REJECTED = "rejected"          # 不受理
    CANCELLED = "cancelled"        # 作废
    MERGED = "merged"              # 已合并 (into another case: ``Case.merged_into``)

    # Each member also carries, as plain attributes set below (a city's desk asks them millions of
    # times while it loads: a property over the members cost 1.8 µs a call, an attribute 30 ns):
    #   is_open: bool        — not closed, rejected, cancelled or merged
    #   stage: str | None    — the timed stage of the life cycle this status belongs to, if any
    is_open: bool
    stage: str | None


STAGE_OF_STATUS: dict[Status, str] = {
    Status.REPORTED: "intake",
    Status.VERIFYING: "verify",
    Status.REGISTERING: "register",
    Status.DISPATCHING: "dispatch",
    Status.HANDLING: "handle",
    Status.CHECKING: "check",
    Status.CLOSING: "close",
}
STAGES: tuple[str, ...] = ("intake", "verify", "register", "dispatch", "handle", "check", "close")
for _status in Status:
    _status.is_open = _status not in (Status.CLOSED, Status.REJECTED, Status.CANCELLED, Status.MERGED)
    _status.stage = STAGE_OF_STATUS.get(_status)
del _status


class Source(str, Enum):
    """Where a report came from (案件来源)."""

    SUPERVISOR = "supervisor"   # 监督员上报
    HOTLINE = "hotline"         # 12345 热线 / 公众举报
    APP = "app"                 # 公众 App / 小程序
    VIDEO = "video"             # 视频监控
    REFERRAL = "referral"       # 上级交办


class Tier(str, Enum):
    """Case tier with its own limits (一般 / 紧急 / 疑难)."""

    GENERAL = "general"
    URGENT = "urgent"
    DIFFICULT = "difficult"


class PendingRequest(str, Enum):
    EXTENSION = "extension"      # 延期申请
    SUSPENSION = "suspension"    # 挂账申请


@dataclass(frozen=True, slots=True)
class Case:
    """One reported problem (案件) as the event log has made it.

    Every field is the result of folding the case's events; see :mod:`commandcenter.workflow`.
    ``reporter_name``/``reporter_phone`` are citizens' personal data: never shown on the wall.
    """

    id: int
    number: str
    version: int
    status: Status
    source: Source
    kind: str                      # 'component' (部件) or 'event' (事件)
    class_code: str
    tier: Tier
    description: str
    lon: float
    lat: float
    grid_code: str
    community_code: str
    street_code: str
    created_at: datetime
    stage_started_at: datetime
    stage_deadline: datetime | None
    updated_at: datetime
    updated_by: str
    component_code: str | None = None
    reporter_name: str | None = None
    reporter_phone: str | None = None
    reported_by: str = ""
    department_code: str | None = None
    dispatched_by: str | None = None
    pending_request: PendingRequest | None = None
    pending_detail: str | None = None
    registered_at: datetime | None = None
    dispatched_at: datetime | None = None
    handled_at: datetime | None = None
    closed_at: datetime | None = None
    handled_on_time: bool | None = None
    overdue_stages: int = 0
    rework_count: int = 0
    return_count: int = 0
    unjustified_returns: int = 0
    extension_count: int = 0
    dispatch_count: int = 0
    returned_by: str | None = None
    external_number: str | None = None         # the 12345 hotline's own order number (工单编号)
    external_deadline: datetime | None = None  # the hotline's 交办 deadline for the whole order
    needs_placement: bool = False              # 待定位: not located to a community; a call-taker places it
    urge_count: int = 0                        # 催办次数: urges and automatic reminders sent to the department
    escalation_level: int = 0                  # 督办: 1 a shift leader, 2 a leader took it up (commandcenter.urging)
    last_reminder: str | None = None           # the last automatic reminder's key (stage start#rung)
    duplicate_count: int = 0                   # 重复件: calls linked to this case ("also reported by")
    merged_into: int | None = None             # 已合并: the case this one was merged into
    merged_at: datetime | None = None
    attachment_count: int = 0                  # 附件: evidence files added (``attach`` events)

    @property
    def stage(self) -> str | None:
        return self.status.stage

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and self.stage_deadline is not None and now > self.stage_deadline

    @property
    def closed_on_time(self) -> bool:
        """按期结案: closed with no stage finished late and no rework pending."""
        return self.status is Status.CLOSED and self.overdue_stages == 0


CASE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Case))
_ALL_VALUES = attrgetter(*CASE_FIELDS)
_POSITION = {name: i for i, name in enumerate(CASE_FIELDS)}


def with_changes(case: Case, changes: Mapping[str, Any]) -> Case:
    """``dataclasses.replace(case, **changes)``, about twice as fast: folding the log makes a new
    case for every event (the demo's 200,000 of them twice), and ``replace`` walks every field in Python."""
    values = list(_ALL_VALUES(case))
    for name, value in changes.items():
        values[_POSITION[name]] = value
    return Case(*values)


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One immutable entry of the event log (案件事件)."""

    case_id: int
    type: str
    actor: str
    role: str
    at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)
    seq: int | None = None


def last_events_of(events: Iterable[CaseEvent], case_ids: Iterable[int], event_type: str) -> dict[int, CaseEvent]:
    """The last event of ``event_type`` of each of ``case_ids`` among ``events`` (in sequence order)."""
    wanted, found = set(case_ids), {}
    for event in events:
        if event.type == event_type and event.case_id in wanted:
            found[event.case_id] = event
    return found
