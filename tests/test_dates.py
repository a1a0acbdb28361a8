"""casepath.dates: the date conventions of spec/rules.md §1 (CONV-3, CONV-4, CONV-5)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casepath.dates import (
    add_months,
    add_years,
    full_months,
    last_day_of_months,
    lookback_start,
    month_count,
    months_and_days,
    weekdays_between,
)

DAYS = st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31))


# ------------------------------------------------------------------ CONV-3 (catalogue examples)


def test_catalogue_example_exactly_twelve_months() -> None:
    # CONV-3: 2025-03-01 -> 2026-02-28 is exactly 12 months (e + 1 = 2026-03-01 = s + 12 months).
    assert full_months(date(2025, 3, 1), date(2026, 2, 28)) == 12
    assert months_and_days(date(2025, 3, 1), date(2026, 2, 28)) == (12, 0)


def test_catalogue_example_eleven_months_twenty_five_days() -> None:
    # CONV-3: 2025-03-04 -> 2026-02-28 is 11 months 25 days ("11.9 months").
    assert months_and_days(date(2025, 3, 4), date(2026, 2, 28)) == (11, 25)
    assert full_months(date(2025, 3, 4), date(2026, 2, 28)) == 11
    assert 11.8 < month_count(date(2025, 3, 4), date(2026, 2, 28)) < 12


def test_one_day_short_of_the_anniversary() -> None:
    # Worked example S01: the 2025-03-01 start evaluated on 2026-02-27:
    # s + 11 months = 2026-02-01, e + 1 = 2026-02-28 -> 11 months 27 days.
    assert months_and_days(date(2025, 3, 1), date(2026, 2, 27)) == (11, 27)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 1, 1), date(2025, 12, 30), (11, 30)),
        (date(2025, 1, 1), date(2025, 12, 31), (12, 0)),
        (date(2025, 1, 1), date(2026, 1, 1), (12, 1)),
        (date(2025, 1, 1), date(2025, 1, 1), (0, 1)),
        (date(2025, 1, 31), date(2025, 2, 27), (1, 0)),  # s + 1 month = Feb 28
        (date(2024, 2, 29), date(2025, 2, 27), (12, 0)),  # s + 12 months = 2025-02-28
        (date(2024, 2, 29), date(2025, 2, 26), (11, 29)),
    ],
)
def test_months_and_days(start: date, end: date, expected: tuple[int, int]) -> None:
    assert months_and_days(start, end) == expected


def test_end_before_start_is_empty() -> None:
    assert full_months(date(2025, 3, 2), date(2025, 3, 1)) == 0
    assert months_and_days(date(2025, 3, 2), date(2025, 3, 1)) == (0, 0)
    assert weekdays_between(date(2025, 3, 2), date(2025, 3, 1)) == 0


# ------------------------------------------------------------------ month arithmetic, clamping


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 1, 15), 12, date(2026, 1, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 31), -2, date(2024, 11, 30)),
        (date(2025, 12, 1), 1, date(2026, 1, 1)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_add_years_from_a_leap_day() -> None:
    assert add_years(date(2028, 2, 29), -3) == date(2025, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


def test_last_day_of_months() -> None:
    # The first end date at which [start, end] holds N months.
    assert last_day_of_months(date(2025, 3, 1), 12) == date(2026, 2, 28)
    assert last_day_of_months(date(2024, 2, 29), 12) == date(2025, 2, 27)
    assert last_day_of_months(date(2025, 1, 1), 24) == date(2026, 12, 31)


# ------------------------------------------------------------------ CONV-5 look-back windows


def test_lookback_window_starts_n_years_back() -> None:
    assert lookback_start(date(2026, 3, 10), years=3) == date(2023, 3, 10)
    assert lookback_start(date(2026, 3, 2), months=36) == date(2023, 3, 2)
    assert lookback_start(date(2026, 3, 2), years=5) == date(2021, 3, 2)


def test_lookback_from_a_leap_day_clamps() -> None:
    # 2028-02-29 - 3 years: there is no 2025-02-29; the window starts on 2025-02-28.
    assert lookback_start(date(2028, 2, 29), years=3) == date(2025, 2, 28)
    assert lookback_start(date(2028, 2, 29), years=4) == date(2024, 2, 29)
    assert lookback_start(date(2028, 2, 29), months=1) == date(2028, 1, 29)


# ------------------------------------------------------------------ CONV-4 weekdays


def test_2080_hours_are_260_weekdays() -> None:
    # 52 weeks Monday 2024-01-01 .. Friday 2024-12-27: 260 weekdays x 8 h = 2,080 h.
    assert weekdays_between(date(2024, 1, 1), date(2024, 12, 27)) == 260
    assert 260 * 40 / 5 == 2080


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), 261),  # 2025 starts and ends on a Wednesday
        (date(2024, 1, 1), date(2024, 12, 31), 262),  # leap year, Monday .. Tuesday
        (date(2025, 3, 1), date(2025, 3, 2), 0),  # a weekend
        (date(2025, 3, 3), date(2025, 3, 3), 1),  # one Monday
        (date(2025, 3, 3), date(2025, 3, 9), 5),  # one full week
        (date(2025, 1, 1), date(2025, 6, 30), 129),
        (date(2022, 1, 3), date(2023, 12, 29), 520),
    ],
)
def test_weekdays_between(start: date, end: date, expected: int) -> None:
    assert weekdays_between(start, end) == expected


# ------------------------------------------------------------------ properties


def _weekdays_by_walking(start: date, end: date) -> int:
    count, day = 0, start
    while day <= end:
        count += day.weekday() < 5
        day += timedelta(days=1)
    return count


@settings(max_examples=100, deadline=None)
@given(DAYS, st.integers(0, 400), st.integers(0, 400))
def test_weekdays_additive_over_adjacent_periods(start: date, first: int, second: int) -> None:
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=1 + second)
    whole = weekdays_between(start, end)
    assert whole == weekdays_between(start, middle) + weekdays_between(
        middle + timedelta(days=1), end
    )
    assert whole == _weekdays_by_walking(start, end)


@settings(max_examples=100, deadline=None)
@given(DAYS, st.integers(0, 2000), st.integers(1, 60))
def test_full_months_monotone_in_end(start: date, length: int, step: int) -> None:
    end = start + timedelta(days=length)
    later = end + timedelta(days=step)
    assert full_months(start, end) <= full_months(start, later)


@settings(max_examples=100, deadline=None)
@given(DAYS, st.integers(0, 2000))
def test_full_months_is_the_anniversary_rule(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    months = full_months(start, end)
    after = end + timedelta(days=1)
    assert add_months(start, months) <= after
    assert add_months(start, months + 1) > after
    months_again, leftover = months_and_days(start, end)
    assert months_again == months
    assert add_months(start, months) + timedelta(days=leftover) == after
    assert months <= month_count(start, end) < months + 1


@settings(max_examples=100, deadline=None)
@given(DAYS, st.integers(1, 60))
def test_last_day_of_months_is_the_first_end_reaching_n(start: date, months: int) -> None:
    last = last_day_of_months(start, months)
    assert full_months(start, last) == months
    assert full_months(start, last - timedelta(days=1)) == months - 1


@settings(max_examples=100, deadline=None)
@given(DAYS, st.integers(1, 10))
def test_lookback_start_includes_its_first_day(day: date, years: int) -> None:
    first = lookback_start(day, years=years)
    assert first.year == day.year - years
    assert first.month == day.month
    assert first.day == min(day.day, calendar.monthrange(first.year, first.month)[1])
