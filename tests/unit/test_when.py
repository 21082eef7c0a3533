"""Reading "I will come back by ..." times: the shapes people type, and clear refusals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.when import WhenError, describe_due, format_moment, parse_when

ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 20, 15, tzinfo=ZONE)  # a Thursday evening


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:30", datetime(2026, 11, 26, 21, 30, tzinfo=ZONE)),
        ("21.30", datetime(2026, 11, 26, 21, 30, tzinfo=ZONE)),
        ("9pm", datetime(2026, 11, 26, 21, 0, tzinfo=ZONE)),
        ("9:45 PM", datetime(2026, 11, 26, 21, 45, tzinfo=ZONE)),
        ("tonight 10:00", datetime(2026, 11, 26, 22, 0, tzinfo=ZONE)),
        ("today 23:00", datetime(2026, 11, 26, 23, 0, tzinfo=ZONE)),
        ("tomorrow 9:00", datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)),
        ("Tomorrow at 9am", datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)),
        ("in 30 minutes", datetime(2026, 11, 26, 20, 45, tzinfo=ZONE)),
        ("in 45 min", datetime(2026, 11, 26, 21, 0, tzinfo=ZONE)),
        ("in an hour", datetime(2026, 11, 26, 21, 15, tzinfo=ZONE)),
        ("in half an hour", datetime(2026, 11, 26, 20, 45, tzinfo=ZONE)),
        ("in 1 hour and 30 minutes", datetime(2026, 11, 26, 21, 45, tzinfo=ZONE)),
        ("in 2h", datetime(2026, 11, 26, 22, 15, tzinfo=ZONE)),
        ("in 1 day", datetime(2026, 11, 27, 20, 15, tzinfo=ZONE)),
        ("2026-11-28 18:00", datetime(2026, 11, 28, 18, 0, tzinfo=ZONE)),
        ("2026-11-28T18:00:00+00:00", datetime(2026, 11, 28, 18, 0, tzinfo=timezone.utc)),
    ],
)
def test_reads_the_shapes_people_type(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


def test_a_clock_time_already_past_means_tomorrow() -> None:
    assert parse_when("8:00", NOW) == datetime(2026, 11, 27, 8, 0, tzinfo=ZONE)


@pytest.mark.parametrize("text", ["", "   ", "soon", "9", "25:00", "13pm", "in a while", "in 30 months", "2026-13-01 10:00", "later 9:00"])
def test_unreadable_times_are_refused_in_one_line_with_examples(text: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, NOW)
    message = caught.value.message
    assert "\n" not in message
    assert "21:30" in message


def test_a_promise_more_than_a_year_away_is_refused() -> None:
    with pytest.raises(WhenError, match="more than a year"):
        parse_when("in 400 days", NOW)


def test_a_naive_now_is_taken_as_local_time() -> None:
    result = parse_when("in 10 minutes", datetime(2026, 11, 26, 20, 0))
    assert result.tzinfo is not None


def test_describe_due_says_overdue_or_due() -> None:
    assert describe_due(NOW - timedelta(minutes=25), NOW) == "overdue by 25 min"
    assert describe_due(NOW + timedelta(hours=2, minutes=5), NOW) == "due in 2 h 5 min"
    assert describe_due(NOW + timedelta(days=3), NOW) == "due in 3 days"


def test_format_moment_names_the_day_in_words_when_near() -> None:
    assert format_moment(datetime(2026, 11, 26, 21, 30, tzinfo=ZONE), NOW) == "today 21:30"
    assert format_moment(datetime(2026, 11, 27, 9, 0, tzinfo=ZONE), NOW) == "tomorrow 09:00"
    assert format_moment(datetime(2026, 12, 3, 9, 0, tzinfo=ZONE), NOW) == "Thu 3 Dec 2026 09:00"


@given(st.text(max_size=40))
def test_any_text_either_parses_to_a_future_time_or_raises_a_one_line_error(text: str) -> None:
    try:
        result = parse_when(text, NOW)
    except WhenError as error:
        assert "\n" not in error.message
    else:
        assert result.tzinfo is not None
        assert result - NOW <= timedelta(days=366)


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_every_clock_time_lands_within_the_next_day(hour: int, minute: int) -> None:
    result = parse_when(f"{hour}:{minute:02d}", NOW)
    assert timedelta(0) < result - NOW <= timedelta(days=1)
    assert (result.hour, result.minute) == (hour, minute)


def test_an_enormous_relative_time_is_refused_not_crashed() -> None:
    with pytest.raises(WhenError, match="more than a year"):
        parse_when("in 99999999999999999999 days", NOW)
