"""replay and scenario commands: check that the log reproduces the stored cases, show the
situation at a past moment, and save or check scenario files."""
from __future__ import annotations

import sys
from collections import Counter

from ..clock import local, parse_local
from . import add_db_option
from .core import kpi_window, open_store


def register(sub) -> None:
    p = sub.add_parser("replay", help="replay the event log: verify it, or show the situation at a moment")
    add_db_option(p)
    p.add_argument("--verify", action="store_true",
                   help="replay the whole history and compare every case with its stored row")
    p.add_argument("--scenario", metavar="FILE", default=None, help="replay a scenario file instead of the db")
    p.add_argument("--from", dest="start", default=None, help="period start (local date/time)")
    p.add_argument("--to", dest="end", default=None, help="period end, exclusive (default: now)")
    p.add_argument("--at", default=None, help="the moment to show (default: the end of the period)")
    p.set_defaults(handler=cmd_replay)

    p = sub.add_parser("scenario", help="scenario files (JSON Lines) for replay and training")
    ssub = p.add_subparsers(dest="scenario_command", metavar="ACTION")
    ex = ssub.add_parser("export", help="save a period of the history as a scenario file")
    add_db_option(ex)
    ex.add_argument("--from", dest="start", required=True, help="start (local date/time)")
    ex.add_argument("--to", dest="end", required=True, help="end, exclusive (a bare date: end of that day)")
    ex.add_argument("--out", required=True, metavar="FILE.jsonl")
    ex.add_argument("--description", default="")
    ex.add_argument("--keep-personal-data", action="store_true",
                    help="keep reporters' names and phone numbers (masked by default)")
    ex.set_defaults(handler=cmd_scenario_export)
    ck = ssub.add_parser("check", help="read a scenario file and check it against the database's district, "
                                       "staff, life cycle and stage limits (each mistake names its line)")
    add_db_option(ck)
    ck.add_argument("file")
    ck.set_defaults(handler=cmd_scenario_check)


def cmd_replay(args) -> int:
    if args.verify:
        return _verify(args)
    from ..replay import Replay
    from ..situation import SituationPicture

    scenario = _load_scenario(args.scenario, args) if args.scenario else _period(args)
    replay = Replay(scenario, SituationPicture())
    at = parse_local(args.at) if args.at else scenario.end
    replay.jump(at)
    _print_situation(replay)
    return 0


def _verify(args) -> int:
    from ..verify import verify_chain, verify_history

    store = open_store(args, read_only=True)
    chain = verify_chain(store)
    if not chain.ok:
        print(f"the event log was tampered with: {chain.broken}")
        print(f"first broken sequence number: {chain.broken.seq}")
        return 1
    print(f"hash chain of {chain.events} events intact; head #{chain.head_seq} {chain.head_hash}")
    result = verify_history(store)
    if not result.ok:
        print(f"replaying {result.events} events does not reproduce the stored cases")
        print(str(result.difference))
        return 1
    print(f"{result.events} events replayed")
    print(f"{result.cases} cases verified")
    return 0


def _period(args):
    from ..scenario import from_store

    start, end = kpi_window(args.start, args.end)
    store = open_store(args, read_only=True)
    return from_store(store, start, end, district_code=_district_code(args, store))


def _load_scenario(path: str, args):
    from ..catalog import load_catalog
    from ..scenario import load
    from ..scenario_authoring import World

    runtime = _runtime_if_any(args)
    return load(path, load_catalog(), World.of(runtime) if runtime is not None else None)


def _runtime_if_any(args):
    """The database's runtime, or None when no --db was given and the default database does not
    exist (a scenario of full events reads without one)."""
    from ..faults import DatabaseFault
    from ..runtime import build_runtime

    try:
        return build_runtime(open_store(args, read_only=True), args.backend)
    except DatabaseFault as fault:
        if fault.exit_code != 10 or args.db:
            raise
        return None


def _district_code(args, store) -> str:
    district_map = args.backend.load_district_map(store)
    return district_map.district.code if district_map is not None else ""


def _print_situation(replay) -> None:
    from ..queues import QUEUES

    picture = replay.picture
    now = picture.now()
    open_cases = picture.open_cases()
    overdue = sum(1 for c in open_cases if c.is_overdue(now))
    print(f"situation at {local(now):%Y-%m-%d %H:%M:%S} (event {replay.position} of {len(replay.events)})")
    print(f"{'open':12} {len(open_cases)}")
    print(f"{'overdue':12} {overdue}")
    counts = Counter(q.key for c in open_cases for q in QUEUES if q.accepts(c))
    for queue in QUEUES:
        print(f"{queue.key:12} {counts.get(queue.key, 0)}")


def cmd_scenario_export(args) -> int:
    from ..scenario import export_period

    start, end = kpi_window(args.start, args.end)
    store = open_store(args, read_only=True)
    scenario = export_period(store, start, end, args.out, district_code=_district_code(args, store),
                             description=args.description, keep_personal_data=args.keep_personal_data)
    cases = len({e.case_id for e in scenario.events})
    print(f"{len(scenario.events)} events of {cases} cases written to {args.out}")
    return 0


def cmd_scenario_check(args) -> int:
    from ..catalog import load_catalog
    from ..errors import InputFileError
    from ..messages import cli_language, render
    from ..scenario import load_located
    from ..scenario_authoring import World
    from ..scenario_check import check_scenario

    runtime = _runtime_if_any(args)
    located = load_located(args.file, load_catalog(), World.of(runtime) if runtime is not None else None)
    scenario = located.scenario
    if runtime is None:
        print("no database: places, staff and deadlines not checked (give --db)")
    else:
        problems = check_scenario(located, district_map=runtime.district_map, locate=runtime.locate,
                                  users=runtime.store.users(), catalog=runtime.catalog, calendar=runtime.calendar,
                                  departments=[d.code for d in runtime.store.departments()])
        if problems:
            lang = cli_language()
            for problem in problems:
                error = InputFileError(args.file, f"line {problem.line}", problem.text)
                print(f"error: {render(error, lang)}", file=sys.stderr)
            print(f"{len(problems)} problems in {args.file}", file=sys.stderr)
            return 2
    cases = len({e.case_id for e in scenario.events})
    print(f"{args.file}: district {scenario.district_code or '—'}, "
          f"{local(scenario.start):%Y-%m-%d %H:%M} – {local(scenario.end):%Y-%m-%d %H:%M}")
    print(f"{len(scenario.events)} events of {cases} cases, {len(scenario.injections)} injections")
    if scenario.description:
        print(scenario.description)
    return 0
