"""The desk context names everything the desk shows, in the session's language."""
from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject

from commandcenter.case import Source, Status, Tier
from commandcenter.queues import QUEUE_KEYS
from commandcenter.roles import Role
from commandcenter.workflow import TRANSITIONS
from tests.widgets.desk_helpers import BILLBOARD, make_world
from widgets import qtcompat

pytestmark = pytest.mark.gui


def test_every_fixed_word_has_a_display_name(qapp):
    context = make_world().context
    for key in QUEUE_KEYS:
        assert context.queue_name(key) not in ("", key)
    for status in Status:
        assert context.status_name(status) not in ("", status.value)
    for source in Source:
        assert context.source_name(source) not in ("", source.value)
    for tier in Tier:
        assert context.tier_name(tier) not in ("", tier.value)
    for role in Role:
        assert context.role_name(role) not in ("", role.value)
    for command in (*TRANSITIONS, "report"):
        assert context.command_name(command) not in ("", command)
    for stage in ("intake", "verify", "register", "dispatch", "handle", "check", "close"):
        assert context.stage_name(stage) not in ("", stage)


def test_domain_names_follow_the_language(qapp):
    zh, en = make_world(lang="zh").context, make_world(lang="en").context
    small = zh.catalog.small_class(BILLBOARD)
    assert zh.class_name(BILLBOARD) == small.zh
    assert en.class_name(BILLBOARD) == small.en
    assert zh.department_name("cgzf") == "城管执法局"
    assert en.department_name("cgzf") == "Urban Management Law Enforcement Bureau"
    assert zh.class_name("9999") == "9999"            # a class gone from the catalog keeps its code


def test_place_names_come_from_the_district_map(qapp):
    world = make_world()
    case_id = world.waiting_for_dispatch(grid=5)
    case = world.picture.cases[case_id]
    street = world.context.district_map.street(case.street_code).name
    community = world.context.district_map.community(case.community_code).name
    assert world.context.place_name(case) == f"{street} / {community} / {case.grid_code[12:]}"


def test_a_long_session_of_qt_calls_does_not_abort_the_desk(qapp):
    assert qtcompat.apply() or sys.version_info >= (3, 12) or not qtcompat.binding_drops_references()
    probe = QObject()
    for _ in range(200_000):     # far more void calls than None has references in a fresh process
        probe.setObjectName("desk")
    assert sys.getrefcount(None) > 0
