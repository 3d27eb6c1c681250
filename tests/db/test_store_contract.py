"""One contract for every store: the in-memory store the simulator and tests use, and the SQL
store on SQLite and on a real PostgreSQL server keep the same promises of
:class:`commandcenter.ports.Store` — what the services, the feed and the screens rely on."""
from __future__ import annotations

import pytest

from commandcenter.catalog import load_catalog
from commandcenter.errors import ConflictError, NotFound, ValidationError
from commandcenter.geography.locator import GridLocator
from commandcenter.memory_store import InMemoryStore
from commandcenter.ports import Department, Store
from commandcenter.roles import Role, User
from commandcenter.runtime import Runtime
from commandcenter.worktime import WorkCalendar
from tests.world import PASSWORD, USERS, FakeClock, build_world, cell_point, tiny_district


def _memory_runtime(clock) -> Runtime:
    from commandcenter.auth import hash_password

    catalog = load_catalog()
    store = InMemoryStore([User(n, n, Role(r), d) for n, (r, d) in USERS.items()],
                          [Department(k, d.zh, d.en) for k, d in catalog.departments.items()])
    for name in USERS:
        store.set_password_hash(name, hash_password(PASSWORD))
    district = tiny_district()
    runtime = Runtime(store, None, catalog, WorkCalendar(), district, GridLocator(district), None)
    runtime.service = runtime.service_with_clock(clock)
    return runtime


@pytest.fixture(params=["memory", "sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def runtime(request):
    clock = FakeClock()
    if request.param == "memory":
        return _memory_runtime(clock)
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return build_world(url, clock=clock)


def _report(runtime, description="路边堆放垃圾"):
    lon, lat = cell_point(5)
    return runtime.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat,
                                  description=description)


def test_every_store_answers_the_whole_protocol(runtime):
    store: Store = runtime.store
    missing = [name for name in ("url", "transaction", "load_cases", "load_snapshot", "case", "case_by_number",
                                 "search_cases",
                                 "events_after", "events_of_case", "events_between", "last_events", "last_seq", "departments",
                                 "users", "password_hash", "meta", "set_meta") if not hasattr(store, name)]
    assert not missing
    assert isinstance(store.url, str) and "secret" not in store.url


def test_a_report_is_a_case_and_its_first_event_read_back_every_way(runtime):
    store = runtime.store
    before = store.last_seq()
    case = _report(runtime)
    assert store.case(case.id) == case == store.case_by_number(case.number)
    cases, seq = store.load_snapshot()
    assert case in cases and seq == store.last_seq() == before + 1
    [event] = store.events_after(before)
    assert (event.seq, event.case_id, event.type, event.actor) == (before + 1, case.id, "report", "sup")
    assert store.events_of_case(case.id) == [event]
    assert store.events_between(None, None)[-1] == event
    assert [c.id for c in store.load_cases()] == [c.id for c in cases]


def test_sequence_numbers_have_no_gaps_and_feed_in_order(runtime):
    store = runtime.store
    start = store.last_seq()
    for n in range(5):
        _report(runtime, f"第{n}处垃圾")
    assert [e.seq for e in store.events_after(start)] == list(range(start + 1, start + 6))
    assert [e.seq for e in store.events_after(start, limit=2)] == [start + 1, start + 2]


def test_events_of_some_types_and_the_last_event_of_a_type_of_many_cases(runtime):
    """What a desk reads at sign-in: the day's events of a few types, and the last event of a type
    of thousands of cases at once (the reason of each returned case)."""
    store = runtime.store
    start = store.last_seq()
    first, second, third = (_report(runtime, f"第{n}处垃圾") for n in range(3))
    runtime.service.act("taker", first.id, "accept", expected_version=first.version)
    everything = store.events_after(start)
    accepts = store.events_between(None, None, {"accept"})
    assert [(e.case_id, e.type) for e in accepts][-1:] == [(first.id, "accept")]
    assert all(e.type == "accept" for e in accepts)
    mixed = [e for e in store.events_between(None, None, {"accept", "report"}) if e.seq > start]
    assert mixed == everything
    last = store.last_events([first.id, second.id, third.id, 10**9], "report")
    assert last == {e.case_id: e for e in everything if e.type == "report"}
    assert store.last_events([second.id], "accept") == {} and store.last_events([], "report") == {}
    if hasattr(store, "IDS_PER_READ"):     # a database reads the ids a few thousand at a time
        store.IDS_PER_READ = 2
        assert store.last_events([first.id, second.id, third.id], "report") == last


def test_a_stale_version_is_refused_with_who_and_when_and_nothing_is_written(runtime):
    store = runtime.store
    case = _report(runtime)
    runtime.service.act("taker", case.id, "accept", expected_version=case.version)
    seq = store.last_seq()
    with pytest.raises(ConflictError) as refused:
        runtime.service.act("taker", case.id, "reject", expected_version=case.version, reason="重复")
    assert refused.value.changed_by == "taker"
    assert store.last_seq() == seq and store.case(case.id).version == case.version + 1


def test_a_failing_transaction_leaves_nothing_behind(runtime):
    store = runtime.store
    draft = _draft(runtime)
    seq, count = store.last_seq(), len(store.load_cases())
    with pytest.raises(ValidationError):
        with store.transaction() as tx:
            tx.insert_case(draft)
            raise ValidationError("test", "x", "stop here")
    assert store.last_seq() == seq and len(store.load_cases()) == count


def test_unknown_cases_and_users_are_named(runtime):
    with pytest.raises(NotFound):
        runtime.store.case(999_999)
    with pytest.raises(NotFound):
        runtime.store.case_by_number("20261124999999")
    with pytest.raises(ValidationError):
        with runtime.store.transaction() as tx:
            tx.user("nobody")


def test_people_departments_passwords_and_settings(runtime):
    from commandcenter.auth import verify_password

    store = runtime.store
    assert {u.name for u in store.users()} >= set(USERS)
    assert {d.code for d in store.departments()} >= {"cgzf", "szsr"}
    assert verify_password(PASSWORD, store.password_hash("disp"))
    assert store.password_hash("nobody") is None
    assert store.meta("contract.key") is None and store.meta("contract.key", "x") == "x"
    store.set_meta("contract.key", "一")
    store.set_meta("contract.key", "二")
    assert store.meta("contract.key") == "二"


def _closed_world(runtime):
    """Cases that left the desk (closed, rejected) and open ones, with words, places and phones."""
    service = runtime.service
    lon, lat = cell_point(13)   # 测试2街道 / 测试2-2社区
    kept = service.report("taker", source="hotline", class_code="0304", lon=lon, lat=lat,
                          description="幸福路12号 广告牌倾斜 50%_折断", reporter_phone="13812345678",
                          external_number="HL-2026-0042")
    service.act("taker", kept.id, "accept")
    service.act("leader", kept.id, "cancel", reason="重复")
    rejected = _report(runtime, "路边堆放垃圾 ABC")
    service.act("taker", rejected.id, "reject", reason="不属实")
    open_case = _report(runtime, "路边堆放垃圾 abc")
    many = []
    for n in range(5):
        case = _report(runtime, f"第{n}处井盖破损")
        service.act("taker", case.id, "reject", reason="重复")
        many.append(case.id)
    return kept, rejected, open_case, many


def test_search_finds_closed_and_rejected_cases_by_every_field(runtime):
    from commandcenter.case_search import CLOSED_STATUSES, CaseFinder

    store = runtime.store
    kept, rejected, open_case, many = _closed_world(runtime)
    finder = CaseFinder(runtime.catalog, runtime.district_map)

    def ids(text, **kw):
        return [c.id for c in store.search_cases(finder.query(text, statuses=CLOSED_STATUSES, **kw))]

    assert ids("abc") == [rejected.id]                 # case folded; the open one is not a closed case
    assert ids("幸福路12号") == [kept.id]               # the address in the description
    assert ids("50%_") == [kept.id] and ids("%") == [kept.id] and ids("_") == [kept.id]   # no wildcards
    assert ids(kept.number) == [kept.id]
    assert ids("hl-2026-0042") == [kept.id]            # the 12345 order number
    assert ids(kept.grid_code[-9:]) == [kept.id]       # part of the grid code
    assert ids("测试2街道") == [kept.id]                # street name
    assert ids("测试2-2社区") == [kept.id]              # community name
    assert ids("广告牌") == [kept.id] and ids("BILLBOARD") == [kept.id]   # class, Chinese and English
    assert ids("13812345678") == [] and ids("5678", with_phone=True) == [kept.id]   # phone only when allowed
    assert ids("没有这样的案件") == [] and ids("   ") == []
    # Paged newest first: the next page starts below the last case of this one.
    page = store.search_cases(finder.query("井盖", statuses=CLOSED_STATUSES, limit=3))
    assert [c.id for c in page] == sorted(many, reverse=True)[:3]
    rest = store.search_cases(finder.query("井盖", statuses=CLOSED_STATUSES, limit=3).next_page(page[-1]))
    assert [c.id for c in rest] == sorted(many, reverse=True)[3:]
    assert all(c == store.case(c.id) for c in page + rest)
    # Without a status limit open cases are found too.
    assert [c.id for c in store.search_cases(finder.query("abc"))] == [open_case.id, rejected.id]


def _draft(runtime):
    """A new case as the service would insert it (a copy of a reported one)."""
    from dataclasses import replace

    return replace(_report(runtime), id=0, version=0)
