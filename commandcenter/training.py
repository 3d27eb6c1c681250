"""Training sessions (培训演练): trainees work a replayed or scripted day in a sandbox database.

The sandbox is a new database (a new SQLite file, or a new PostgreSQL database on the same
server) holding a copy of production's reference data and the cases as they stood at the
scenario's start, moved in time so that the session starts now. It is marked as a sandbox
(``meta`` sandbox = 1); services built with ``training=True`` refuse to write anywhere else,
so a trainee's desk pointed at production by mistake cannot change a real case.

The trainer injects the scenario's incidents at their time (the recorded reports of a real
day, and the scripted injections) or ad hoc, and ends the session with a scoring report.
"""
from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from .attachments import copy_attachments
from .auth import DEMO_SCRYPT_N, hash_password
from .case import Case
from .clock import local, utc_now
from .districts import merge
from .errors import ValidationError
from .replay import fold_events
from .roles import Role
from .scenario import Injection, Scenario
from .scoring import ScoreReport, score_session
from .training_calendar import CALENDAR_OFFSET_KEY
from .training_roster import check_roster, load_roster, save_roster

SANDBOX_KEY = "sandbox"
log = logging.getLogger(__name__)


@dataclass
class ScheduledInjection:
    """An incident the session will inject, and the case it became once injected."""

    injection: Injection
    case_id: int | None = None
    #: why the injection failed (a domain error); a failed injection is skipped, not retried
    failure: BaseException | None = None


@dataclass
class InjectionRound:
    """What one pass over the due injections did: the cases reported and the injections that
    failed (each skipped; the later ones still fire)."""

    cases: list[Case]
    failed: list[ScheduledInjection]


def sandbox_url_for(production_url: str, at: datetime) -> str:
    """A new sandbox's URL beside production: a new file next to a SQLite file, a new database
    on the same PostgreSQL server."""
    stamp = local(at).strftime("%Y%m%d_%H%M%S")

    def beside(path: Path) -> Path:
        return path.with_name(f"{path.stem}.sandbox_{stamp}{path.suffix or '.sqlite'}")

    if "://" not in production_url:
        return str(beside(Path(production_url)))
    scheme, rest = production_url.split("://", 1)
    if scheme.startswith("sqlite"):
        path_text = rest[1:]
        if not path_text or path_text == ":memory:":
            raise ValidationError("--db", production_url, "an in-memory database has no place for a sandbox")
        return f"{scheme}:///{beside(Path(path_text))}"
    if scheme.startswith("postgres"):
        parts = urlsplit(production_url)
        name = f"{parts.path.lstrip('/') or 'postgres'}_sandbox_{stamp}".lower()[:63]
        return urlunsplit(parts._replace(path="/" + name, netloc=_without_password(parts)))
    raise ValidationError("--db", production_url, "only SQLite and PostgreSQL databases can have a sandbox")


def _without_password(parts) -> str:
    """The URL's user@host:port: the sandbox's address is shown to trainees, its password never
    (they connect with their own, from PGPASSWORD or ~/.pgpass)."""
    user = f"{quote(unquote(parts.username), safe='')}@" if parts.username else ""
    host = parts.hostname or ""
    if host and ":" in host:
        host = f"[{host}]"
    return f"{user}{host}{f':{parts.port}' if parts.port else ''}"


def create_sandbox(production_store, backend, scenario: Scenario, sandbox_url: str, *,
                   production_url: str | None = None, trainee_password: str | None = None):
    """Make the sandbox database for ``scenario`` (already moved to the session's time) and
    return its store. Refuses production itself and any database that is not empty. Staff are
    copied without their production password hashes: in the sandbox every account signs in
    with ``trainee_password`` (a new random one when None), which the trainer hands out."""
    if production_url is not None and _same_database(production_url, sandbox_url):
        raise ValidationError("sandbox", sandbox_url, "is the production database itself")
    connect_url = backend.with_credentials_of(production_store, sandbox_url)
    with backend.creating_allowed(True):   # "Start training" is what creates a sandbox
        if urlsplit(sandbox_url).scheme.startswith("postgres"):
            backend.create_database(connect_url)
        sandbox = backend.open_store(connect_url)
    counts = backend.counts(sandbox)
    if counts["cases"] or counts["events"] or counts["grids"] or counts["users"]:
        raise ValidationError("sandbox", sandbox_url, "is not empty; a sandbox starts from a new database")
    sandbox.set_meta(SANDBOX_KEY, "1")
    districts = backend.load_districts(production_store)
    for index, district_map in enumerate(districts):   # every district of a city
        backend.save_district_map(sandbox, district_map, add=index > 0)
    # the outlines production keeps, under its geography's fingerprint: used if the copy is identical
    backend.save_district_outlines(sandbox, merge(districts))
    backend.save_components(sandbox, backend.components(production_store))
    backend.save_departments(sandbox, production_store.departments())
    # one hash for all: the password is the session's, known to every trainee anyway
    training_hash = hash_password(trainee_password or secrets.token_urlsafe(12), cost=DEMO_SCRYPT_N)
    backend.add_users_bulk(sandbox, [
        dict(name=u.name, display_name=u.display_name, role=u.role.value, department_code=u.department_code,
             password_hash=training_hash) for u in production_store.users()])
    for day, working in backend.holidays(production_store).items():
        backend.set_holiday(sandbox, day, working)
    # the years an administrator confirmed stay confirmed, or the sandbox's deadlines would differ
    backend.change_calendar(sandbox, {}, backend.confirmed_years(production_store), "training", utc_now(),
                            lambda cases: [], detail="confirmed years copied from production")
    before = scenario.events_until_start()
    cases = fold_events(before)
    backend.bulk_load_history(sandbox, list(cases.values()), before)
    copy_attachments(production_store, sandbox, before)   # the evidence of the history comes along
    return sandbox


class TrainingSession:
    """One training session on its sandbox: the schedule of injections, the expected answers,
    and the scoring at the end."""

    def __init__(self, runtime, scenario: Scenario, *, trainer: str, sandbox_url: str, started_at: datetime,
                 clock: Callable[[], datetime] = utc_now):
        self.runtime = runtime
        self.scenario = scenario
        self.trainer = trainer
        self.sandbox_url = sandbox_url
        self.started_at = started_at
        self._clock = clock
        self.schedule = [ScheduledInjection(i) for i in _training_injections(scenario)]
        self.expected: dict[int, str] = {}
        self.ended_at: datetime | None = None
        #: what the report calls the scenario (the trainer's label for what was loaded)
        self.scenario_name = scenario.description or f"{local(scenario.start):%Y-%m-%d %H:%M}"
        #: every sandbox account's password for this session (the trainer hands it out)
        self.trainee_password: str | None = None

    @classmethod
    def start(cls, production_store, backend, scenario: Scenario, *, sandbox_url: str,
              production_url: str | None = None, trainer: str | None = None,
              clock: Callable[[], datetime] = utc_now, roster=()) -> TrainingSession:
        """Create the sandbox (the scenario moved to start now) and open a session on it;
        ``roster``: the trainees expected (checked against the staff before anything is made)."""
        from .runtime import build_runtime

        roster = check_roster(roster, production_store.users())
        started_at = clock()
        moved = scenario.without_personal_data().shifted(started_at - scenario.start)
        trainer_name = _trainer_name(production_store, trainer)
        trainee_password = secrets.token_urlsafe(9)
        sandbox = create_sandbox(production_store, backend, moved, sandbox_url, production_url=production_url,
                                 trainee_password=trainee_password)
        if trainer_name is None:
            trainer_name = "trainer"
            backend.add_user(sandbox, trainer_name, Role.TRAINER.value, secrets.token_urlsafe(16),
                             display_name="培训员 Trainer")
        sandbox.set_meta("training_started_at", started_at.isoformat())
        # deadlines run on the scenario's recorded calendar, whatever the hour it is played
        sandbox.set_meta(CALENDAR_OFFSET_KEY, str((started_at - scenario.start).total_seconds()))
        sandbox.set_meta("training_trainer", trainer_name)
        save_roster(sandbox, roster)
        runtime = build_runtime(sandbox, backend, clock=clock, training=True)
        session = cls(runtime, moved, trainer=trainer_name, sandbox_url=sandbox_url, started_at=started_at,
                      clock=clock)
        session.trainee_password = trainee_password
        return session

    # Public API ---------------------------------------------------------------------------
    @property
    def store(self):
        return self.runtime.store

    @property
    def roster(self) -> tuple[str, ...]:
        """The trainees expected at this session, as kept in its sandbox."""
        return load_roster(self.store)

    def set_roster(self, names) -> tuple[str, ...]:
        """The trainer changes who is expected (before or while the session runs): every name
        must be a staff account (refused, naming it, with the roster unchanged)."""
        roster = check_roster(names, self.store.users())
        save_roster(self.store, roster)
        return roster

    def due(self, now: datetime | None = None) -> list[ScheduledInjection]:
        """Scheduled incidents whose time has come, not injected yet and not failed."""
        now = now or self._clock()
        return [s for s in self.schedule if s.case_id is None and s.failure is None and s.injection.at <= now]

    def inject(self, item: ScheduledInjection) -> Case:
        """Report a scheduled incident now, as the trainer, through the training service."""
        if item.case_id is not None:
            raise ValidationError("injection", item.injection.description, "was injected already")
        i = item.injection
        case = self.runtime.service.report(self.trainer, source=i.source, class_code=i.class_code, lon=i.lon,
                                           lat=i.lat, description=i.description, tier=i.tier)
        item.case_id, item.failure = case.id, None
        if i.expected_department:
            self.expected[case.id] = i.expected_department
            self.store.set_meta("training_expected", json.dumps(self.expected))
        return case

    def inject_due(self, now: datetime | None = None) -> list[Case]:
        """Inject every due incident; one that fails is recorded, logged and skipped."""
        return self.run_due(now).cases

    def run_due(self, now: datetime | None = None) -> InjectionRound:
        """Inject every due incident, each on its own: a failing one (a place outside the
        district, an unknown class…) is marked failed with its reason, logged in Chinese and
        never retried, and the later ones still fire."""
        return self._run(self.due(now))

    def run_one(self, item: ScheduledInjection) -> InjectionRound:
        """Inject ``item`` now (the trainer's "inject selected now"; a failed one is tried again)."""
        return self._run([item])

    def _run(self, items: list[ScheduledInjection]) -> InjectionRound:
        done = InjectionRound([], [])
        for item in items:
            try:
                done.cases.append(self.inject(item))
            except Exception as error:   # noqa: BLE001 - any failure must not stop the schedule
                item.failure = error
                done.failed.append(item)
                log.warning(injection_failure_text(item, "zh"))
        return done

    def inject_at(self, class_code: str, lon: float, lat: float, description: str, *, tier: str | None = None,
                  expected_department: str | None = None, source: str = "hotline") -> Case:
        """An ad-hoc incident where the trainer clicked the map."""
        item = ScheduledInjection(Injection(self._clock(), class_code, lon, lat, description, tier,
                                            expected_department, source))
        self.schedule.append(item)
        return self.inject(item)

    def finish(self, now: datetime | None = None, trainees=None) -> ScoreReport:
        """End the session and score every trainee on the sandbox's log."""
        self.ended_at = now or self._clock()
        events, seq = [], 0
        while True:
            page = self.store.events_after(seq)
            if not page:
                break
            events.extend(page)
            seq = page[-1].seq
        injected = sum(1 for s in self.schedule if s.case_id is not None)
        users = self.store.users()
        catalog = self.runtime.catalog
        trainer = next((u.display_name for u in users if u.name == self.trainer), self.trainer)
        report = score_session(events, users, self.started_at, self.ended_at, expected=self.expected,
                               trainees=trainees, injected=injected, present=self.signed_in(),
                               default_department=lambda code: catalog.small_class(code).department,
                               scenario=self.scenario_name, trainer=trainer, roster=self.roster)
        report.department_names = {d.code: d.name for d in self.store.departments()}
        report.class_names = {c.code: c.zh for c in catalog.small_classes()}
        return report

    def signed_in(self) -> list[str]:
        """Who signed in to the sandbox since the session started: the trainees expected to act
        (listed in the scores even when they did nothing)."""
        accounts = getattr(self.store, "accounts", None)
        if accounts is None:
            return []
        return sorted({account for at, kind, account, _actor, _detail in accounts.events(limit=100_000)
                       if kind == "sign_in" and at is not None and _aware(at) >= self.started_at})


def injection_failure_text(item: ScheduledInjection, lang: str = "zh", reason: str | None = None) -> str:
    """One sentence saying which scheduled injection failed, why (``reason``, else the failure
    rendered in ``lang``), and that it was skipped."""
    from .messages import message, render

    i = item.injection
    if reason is None:
        reason = render(item.failure, lang) if item.failure is not None else ""
    return message("injection_failed", lang, time=f"{local(i.at):%H:%M:%S}", description=i.description,
                   reason=reason)


def _aware(at: datetime) -> datetime:
    """A time from the database (SQLite gives it without a zone; it is UTC)."""
    from datetime import timezone

    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


def _training_injections(scenario: Scenario) -> list[Injection]:
    """The scenario's scripted injections plus, for a recorded day, every report after its
    start: trainees handle those cases themselves instead of watching the recorded handling."""
    recorded = [Injection(e.at, e.payload["class_code"], e.payload["lon"], e.payload["lat"],
                          e.payload["description"], e.payload.get("tier"), None, e.payload["source"])
                for e in scenario.events if e.type == "report" and e.at > scenario.start]
    return sorted([*scenario.injections, *recorded], key=lambda i: i.at)


def _trainer_name(production_store, wanted: str | None) -> str | None:
    trainers = [u for u in production_store.users() if u.role is Role.TRAINER and u.active]
    if wanted is None:
        return trainers[0].name if trainers else None
    if wanted not in {u.name for u in trainers}:
        raise ValidationError("trainer", wanted, "not an active user with the trainer role")
    return wanted


def _same_database(a: str, b: str) -> bool:
    def key(url: str) -> str:
        if "://" not in url:
            return str(Path(url).resolve())
        scheme, rest = url.split("://", 1)
        if scheme.startswith("sqlite"):
            return str(Path(rest[1:]).resolve())
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port}/{parts.path}?{parts.query}"
    return key(a) == key(b)
