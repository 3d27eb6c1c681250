"""Reporters' phone numbers masked exactly once: at most the last four digits shown, whatever
the form of the number, and masking a masked number changes nothing."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from commandcenter.privacy import mask_name, mask_phone

digits = st.text(alphabet="0123456789", min_size=1, max_size=5)
#: numbers as people write them: groups of digits with dashes, spaces, brackets, a +86 prefix
phones = st.builds(lambda prefix, groups, sep: prefix + sep.join(groups),
                   st.sampled_from(["", "+86 ", "(010)", "0"]), st.lists(digits, min_size=1, max_size=5),
                   st.sampled_from(["", "-", " "]))


def shown_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_the_usual_numbers():
    assert mask_phone("13912345678") == "*******5678"            # mobile
    assert mask_phone("6512345") == "***2345"                    # 7-digit local
    assert mask_phone("65123456") == "****3456"                  # 8-digit landline
    assert mask_phone("010-65123456") == "***-****3456"          # with area code and dash
    assert mask_phone("0571-8765-4321") == "****-****-4321"
    assert mask_phone("139****5678") == "*******5678"            # masked at the source: never "1395678"
    assert mask_phone("12345") == "*****"                        # too short to show any digit
    assert mask_phone(None) == mask_phone("") == ""


@given(phones)
def test_at_most_the_last_four_digits_stay_and_the_form_is_kept(phone):
    masked = mask_phone(phone)
    assert len(shown_digits(masked)) <= 4
    assert len(masked) == len(phone)
    assert re.sub(r"[\d*]", "#", masked) == re.sub(r"[\d*]", "#", phone)   # dashes, spaces, brackets kept
    assert phone.endswith(shown_digits(masked)[-1:]) or not shown_digits(masked)
    if len(shown_digits(phone)) >= 7:
        assert shown_digits(masked) == shown_digits(phone)[-4:]


@given(st.one_of(phones, st.text(alphabet="0123456789*- ", max_size=20)))
def test_masking_twice_is_masking_once(phone):
    assert mask_phone(mask_phone(phone)) == mask_phone(phone)


@given(st.text(min_size=1, max_size=6))
def test_names_masked_once(name):
    assert mask_name(mask_name(name)) == mask_name(name)
    assert mask_name(name)[0] == name[0]
