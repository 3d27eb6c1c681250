"""Replay: the picture at any moment equals the fold of the log up to it, whatever the path
taken there (seek, jump, step, play at any speed)."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commandcenter.errors import ValidationError
from commandcenter.queues import QUEUES
from commandcenter.replay import Replay, fold_events
from commandcenter.scenario import Scenario
from commandcenter.situation import SituationPicture


def _fold_until(events, t):
    return fold_events([e for e in events if e.at <= t])


def _moment(history, share: float):
    return history.start + (history.end - history.start) * share


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(share=st.floats(min_value=0.0, max_value=1.0))
def test_state_at_any_time_is_the_fold_of_the_log_up_to_it(history, share):
    scenario = history.scenario()
    replay = Replay(scenario, SituationPicture(), keyframe_every=50)
    t = _moment(history, share)
    replay.seek(t)
    assert replay.picture.cases == _fold_until(scenario.events, t)
    assert replay.picture.now() == t


def test_random_jumps_back_and_forth_show_the_state_at_each_moment(history):
    scenario = history.scenario()
    picture = SituationPicture()
    replay = Replay(scenario, picture, keyframe_every=50)
    rng = random.Random(5)
    for _ in range(25):
        t = _moment(history, rng.random())
        replay.jump(t)
        assert picture.cases == _fold_until(scenario.events, t)
        assert picture.last_seq == max((e.seq for e in scenario.events if e.at <= t), default=0)


def test_replaying_the_whole_history_gives_the_stored_cases(history):
    picture = SituationPicture()
    Replay(history.scenario(), picture).jump(history.end)
    assert picture.cases == {c.id: c for c in history.runtime.store.load_cases()}
    assert len(picture.cases) > 100


def test_one_times_and_3600_times_end_in_the_same_state(history):
    scenario = history.scenario()
    window = Scenario(scenario.start + timedelta(hours=10), scenario.start + timedelta(hours=12), scenario.events)
    finals = []
    for speed, tick_s in ((1, 1.0), (3600, 0.7), (250, 0.033)):
        picture = SituationPicture()
        replay = Replay(window, picture, keyframe_every=40)
        replay.play(speed)
        ticks = 0
        while replay.playing:
            replay.tick(tick_s)
            ticks += 1
        finals.append((dict(picture.cases), picture.now()))
        assert ticks >= (window.end - window.start).total_seconds() / (speed * tick_s)
    assert finals[0] == finals[1] == finals[2]
    assert finals[0][0] == _fold_until(scenario.events, window.end)
    assert finals[0][1] == window.end


def test_playing_moves_the_queues_as_events_happen(history):
    scenario = history.scenario()
    picture = SituationPicture()
    replay = Replay(scenario, picture)
    changes, resets = [], []
    picture.events.cases.connect(changes.append)
    picture.events.reset.connect(resets.append)
    replay.play(600)
    replay.tick(30)     # five simulated hours
    assert replay.time == scenario.start + timedelta(hours=5)
    assert any(c.events for c in changes) and not resets
    replay.pause()
    assert replay.tick(30) == 0 and replay.time == scenario.start + timedelta(hours=5)


def test_step_shows_one_event_at_a_time(history):
    scenario = history.scenario()
    picture = SituationPicture()
    replay = Replay(scenario, picture)
    first = replay.position
    for k in range(1, 30):
        event = replay.step()
        assert event is scenario.events[first + k - 1]
        assert picture.cases == fold_events(scenario.events[:first + k])
        assert picture.now() == event.at


def test_step_at_the_end_gives_nothing(history):
    scenario = history.scenario()
    replay = Replay(scenario, SituationPicture())
    replay.jump(scenario.end)
    assert replay.step() is None and replay.at_end


def test_queue_counts_follow_the_replay_time(history):
    scenario = history.scenario()
    picture = SituationPicture()
    replay = Replay(scenario, picture)

    def counts():
        return {q.key: sum(1 for c in picture.open_cases() if q.accepts(c)) for q in QUEUES}

    seen = set()
    for hour in (2, 9, 20, 30):
        t = scenario.start + timedelta(hours=hour)
        replay.jump(t)
        expected = _fold_until(scenario.events, t)
        assert counts() == {q.key: sum(1 for c in expected.values() if c.is_open and q.accepts(c)) for q in QUEUES}
        seen.add(tuple(counts().values()))
    assert len(seen) > 1


def test_density_counts_every_event_of_the_period_once(history):
    scenario = history.scenario()
    replay = Replay(scenario, SituationPicture())
    strip = replay.density(48)
    assert len(strip) == 48
    assert sum(strip) == sum(1 for e in scenario.events if scenario.start <= e.at <= scenario.end)
    assert max(strip) > min(strip)


@pytest.mark.parametrize("speed", [0, 0.5, 3601, "fast"])
def test_speed_outside_1_to_3600_is_refused(history, speed):
    replay = Replay(history.scenario(), SituationPicture())
    with pytest.raises(ValidationError) as err:
        replay.set_speed(speed)
    assert err.value.field == "speed"
    assert replay.speed == 1.0


def test_jump_is_clamped_to_the_period(history):
    scenario = history.scenario()
    replay = Replay(scenario, SituationPicture())
    replay.jump(scenario.end + timedelta(days=3))
    assert replay.time == scenario.end
    replay.jump(scenario.start - timedelta(days=3))
    assert replay.time == scenario.start
