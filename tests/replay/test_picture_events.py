"""The situation picture's notices are precise: a seek is one reset (never a repaint of the old
cases at the new time first), events name the cases they touch, feed health is its own notice,
and nobody but a source can change the cases."""
from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.privacy import case_view_for
from commandcenter.replay import Replay, ReplaySource
from commandcenter.roles import Role
from commandcenter.situation import SituationPicture


def _recorder(picture):
    seen = []
    picture.events.reset.connect(lambda _none: seen.append(("reset", picture.now())))
    picture.events.cases.connect(lambda change: seen.append(("cases", change)))
    picture.events.time.connect(lambda at: seen.append(("time", at)))
    picture.events.health.connect(lambda health: seen.append(("health", health.ok)))
    return seen


def test_a_replay_seek_is_exactly_one_notice_at_the_new_time(history):
    picture = SituationPicture()
    replay = Replay(history.scenario(), picture)
    seen = _recorder(picture)
    target = history.start + (history.end - history.start) / 2
    replay.seek(target)
    assert seen == [("reset", target)]   # the screens see the new time and the new cases together


def test_events_name_the_cases_added_and_changed(history):
    picture = SituationPicture()
    replay = Replay(history.scenario(), picture)
    replay.seek(history.start + timedelta(hours=6))
    seen = _recorder(picture)
    event = replay.step()
    [(kind, change)] = [s for s in seen if s[0] == "cases"]
    assert change.events == (event,) and event.case_id in change.case_ids
    assert (event.case_id in change.added) == (event.type == "report")
    assert (event.case_id in change.changed) == (event.type != "report")


def test_feed_health_is_its_own_notice_and_only_when_it_changes():
    picture = SituationPicture()
    seen = _recorder(picture)
    picture.mark_feed(True)
    picture.mark_feed(False, problem="server closed the connection")
    picture.mark_feed(False)
    picture.mark_feed(True)
    assert seen == [("health", False), ("health", True)]
    assert picture.feed_ok and picture.feed_ok_at is not None


def test_the_cases_are_read_only_to_everyone_but_a_source(history):
    picture = SituationPicture()
    Replay(history.scenario(), picture).seek(history.end)
    case_id = next(iter(picture.cases))
    with pytest.raises(TypeError):
        picture.cases[case_id] = None
    with pytest.raises(AttributeError):
        picture.cases.clear()


def test_a_replay_source_answers_a_case_history_as_of_the_replayed_moment(history):
    picture = SituationPicture(source_name="replay")
    source = ReplaySource(picture)
    replay = Replay(history.scenario(), SituationPicture())
    source.use(replay)
    replay.seek(history.end)
    case_id = max(picture.cases)
    full = source.case_history(case_id)
    assert full and all(e.case_id == case_id for e in full)
    replay.seek(full[0].at)
    assert source.case_history(case_id) == [e for e in full if e.at <= full[0].at]


def test_personal_data_is_masked_as_cases_enter_the_picture_of_a_viewer_who_may_not_see_it(history):
    from dataclasses import replace

    state = Replay(history.scenario(), SituationPicture()).state_at(history.end)
    reported = [replace(c, reporter_name="张伟明", reporter_phone="13912345678") for c in state.values()]
    for role, public, shown in ((Role.DISPATCHER, False, "*******5678"), (Role.CALL_TAKER, False, "13912345678"),
                                (Role.CALL_TAKER, True, "*******5678")):
        picture = SituationPicture()
        picture.admit = case_view_for(role, public=public)
        picture.reset(reported, 0)
        assert {c.reporter_phone for c in picture.cases.values()} == {shown}
