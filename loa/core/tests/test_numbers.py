"""Whole numbers typed by people: only ASCII digits, and only what the database can hold."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loa.core.numbers import MAX_WHOLE, parse_whole


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("0042", 42),
        (str(MAX_WHOLE), MAX_WHOLE),
        (str(MAX_WHOLE + 1), None),  # overflows a 64-bit column
        ("9" * 25, None),
        ("²", None),  # str.isdigit() is True, int() fails
        ("٣", None),  # an Arabic-Indic three: int() reads it, a person did not type it
        ("", None),
        (" 1", None),
        ("-1", None),
        ("1e3", None),
        ("1.000", None),
    ],
)
def test_parse_whole(text, expected):
    assert parse_whole(text) == expected


def test_a_smaller_maximum_is_kept():
    assert parse_whole("2100", maximum=2100) == 2100 and parse_whole("2101", maximum=2100) is None


@given(st.text(max_size=30))
def test_any_text_is_a_whole_number_in_range_or_none(text):
    value = parse_whole(text)
    assert value is None or (0 <= value <= MAX_WHOLE and str(value) == text.lstrip("0").rjust(1, "0"))
