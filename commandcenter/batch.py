"""Batch dispatch (批量派遣): several cases sent at once, each still its own transaction and
event, so one case another desk took meanwhile is named and refused while the others are
written."""
from __future__ import annotations

from dataclasses import dataclass, field

from .case import Case
from .errors import DomainError


@dataclass(frozen=True)
class BatchStep:
    """One case of a batch: the version the desk saw, the step (dispatch or redispatch) and its fields."""

    case_id: int
    version: int
    command: str
    fields: dict = field(default_factory=dict)


@dataclass
class BatchOutcome:
    """What a batch did: the cases written, and for each refused one the error that says why."""

    written: list[Case] = field(default_factory=list)
    refused: list[tuple[BatchStep, DomainError]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.refused


def run_batch(service, actor: str, steps) -> BatchOutcome:
    """Take every step through ``service.act``, one transaction each, in order; a domain error
    (a conflict, a refusal) stops only its own case."""
    outcome = BatchOutcome()
    for step in steps:
        try:
            outcome.written.append(service.act(actor, step.case_id, step.command,
                                               expected_version=step.version, **step.fields))
        except DomainError as error:
            outcome.refused.append((step, error))
    return outcome
