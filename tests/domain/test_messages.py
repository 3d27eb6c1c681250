"""Every message a person reads comes from one table, in Chinese or English: domain errors carry
a code and their parameters, the screens and the CLI render them alike."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from commandcenter import vocabulary
from commandcenter.errors import (
    ConflictError, IllegalTransition, PermissionDenied, SandboxRequired, ValidationError,
)
from commandcenter.messages import MESSAGES, cli_language, render


def test_a_conflict_names_the_winner_by_display_name_and_local_time_in_both_languages():
    error = ConflictError("20261124000007", "dp02", datetime(2026, 11, 24, 3, 12, tzinfo=timezone.utc), 4)
    names = {"dp02": "何玲"}.get
    assert render(error, "zh", names) == "案件 20261124000007 已被 何玲 于 11:12 修改，已刷新为最新状态。"
    assert render(error, "en", names).startswith("Case 20261124000007 was changed by 何玲 at 11:12")


def test_refusals_use_the_words_of_the_vocabulary():
    denied = PermissionDenied("ld01", "leader", "dispatch", ("dispatcher",))
    assert render(denied, "zh") == "无权操作：ld01（领导）不能执行“派遣”。"
    assert "Leader" in render(denied, "en") and "Dispatch case" in render(denied, "en")
    illegal = IllegalTransition("20261124000007", "dispatch", "closed")
    assert render(illegal, "zh") == "案件 20261124000007 当前为“已结案”，不能执行“派遣”。"


def test_a_trainee_desk_on_production_is_told_so_in_chinese():
    assert render(SandboxRequired(), "zh") == "这是学员席位：只能写入培训沙箱，而当前数据库不是培训沙箱。"
    assert "sandbox" in str(SandboxRequired())   # logs keep an English sentence


@pytest.mark.parametrize(("error", "zh"), [
    (ValidationError("description", "", "required", reason="required"), "问题描述：必填"),
    (ValidationError("lon", "abc", "not a number", reason="not_a_number"), "经度「abc」：不是数字"),
    (ValidationError("reason", None, "required to return_case case 7", reason="required_for_step",
                     step="return_case", case_number="7"), "原因：退回案件 7 时必填"),
])
def test_form_errors_name_the_field_and_the_problem_in_chinese(error, zh):
    assert render(error, "zh") == zh


def test_anything_that_is_not_a_domain_error_still_reads_as_one_sentence():
    assert render(OSError(28, "No space left on device"), "zh").startswith("操作失败：")


def test_every_template_has_both_languages_and_one_placeholder_style():
    render(ValidationError("x", "y", "z"), "zh")   # loads the modules' own tables too
    for code, (en, zh) in MESSAGES.items():
        assert en and zh, code
        assert "%1" not in en + zh, code


def test_one_role_table_for_every_screen_and_the_cli():
    assert vocabulary.role_name("department", "zh") == "专业部门"
    assert vocabulary.role_name("department", "en") == "Department operator"
    assert vocabulary.role_name("no_such_role", "zh") == "no_such_role"


def test_the_cli_speaks_chinese_when_asked(monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_LANG", "zh")
    assert cli_language() == "zh"
    monkeypatch.setenv("COMMANDCENTER_LANG", "")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli_language() == "zh"
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert cli_language() == "en"
