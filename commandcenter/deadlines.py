"""Stage deadlines from the class catalog and the working-time calendar."""
from __future__ import annotations

from datetime import datetime

from .case import Tier


class CatalogDeadlines:
    """The :class:`~commandcenter.workflow.DeadlinePolicy` of a real deployment."""

    def __init__(self, catalog, calendar, department_codes: frozenset[str]):
        self._catalog = catalog
        self._calendar = calendar
        self._departments = department_codes

    def stage_deadline(self, stage: str, class_code: str, tier: Tier, start: datetime) -> datetime | None:
        limit = self._catalog.limit(class_code, tier.value, stage)
        return self._calendar.add(start, limit) if limit is not None else None

    def extended_deadline(self, deadline: datetime, limit_text: str) -> datetime:
        from .worktime import TimeLimit

        return self._calendar.add(deadline, TimeLimit.parse(limit_text))

    def department_exists(self, code: str) -> bool:
        return code in self._departments

    def default_department(self, class_code: str) -> str | None:
        return self._catalog.small_class(class_code).department
