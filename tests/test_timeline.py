"""casepath.timeline: day-interval timelines and their AND / OR / NOT algebra."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from casepath.timeline import Frame, Timeline, all_of, any_of

START = date(2026, 3, 1)
FRAME = Frame.of(START, 100)


def d(offset: int) -> date:
    return START + timedelta(days=offset)


def true_days(timeline: Timeline) -> set[int]:
    return {day - timeline.frame.start for lo, hi in timeline.intervals for day in range(lo, hi)}


def test_frame_bounds() -> None:
    assert FRAME.first_day == START
    assert FRAME.stop - FRAME.start == 100
    assert true_days(FRAME.always()) == set(range(100))
    assert FRAME.never().is_never()
    assert FRAME.constant(True) == FRAME.always()
    assert FRAME.constant(False) == FRAME.never()


def test_between_is_inclusive_and_clipped() -> None:
    timeline = FRAME.between(d(3), d(5))
    assert true_days(timeline) == {3, 4, 5}
    assert FRAME.between(None, d(0)).intervals == ((FRAME.start, FRAME.start + 1),)
    assert FRAME.between(d(-50), d(-1)).is_never()
    assert true_days(FRAME.between(d(98), d(500))) == {98, 99}
    assert FRAME.between(d(5), d(4)).is_never()


def test_from_day() -> None:
    assert true_days(FRAME.from_day(d(97))) == {97, 98, 99}
    assert FRAME.from_day(None).is_never()
    assert FRAME.from_day(d(-10)) == FRAME.always()


def test_status_and_dates() -> None:
    later = FRAME.between(d(10), d(20))
    assert not later.at_start()
    assert later.first_true() == d(10)
    assert later.holds_on(d(10)) and later.holds_on(d(20)) and not later.holds_on(d(21))
    # The day-0 value (false) holds until the day before it turns true.
    assert later.last_day_of_start_state() == d(9)
    now = FRAME.between(None, d(30))
    assert now.at_start()
    assert now.last_day_of_start_state() == d(30)
    assert FRAME.always().last_day_of_start_state() is None
    assert FRAME.never().last_day_of_start_state() is None
    assert FRAME.never().first_true() is None


def test_and_or_not() -> None:
    a = FRAME.between(d(0), d(9)) | FRAME.between(d(20), d(29))
    b = FRAME.between(d(5), d(24))
    assert true_days(a & b) == set(range(5, 10)) | set(range(20, 25))
    assert true_days(a | b) == set(range(30))
    assert true_days(~a) == set(range(10, 20)) | set(range(30, 100))
    assert all_of(FRAME, [a, b]) == a & b
    assert any_of(FRAME, [a, b]) == a | b
    assert all_of(FRAME, []) == FRAME.always()
    assert any_of(FRAME, []) == FRAME.never()


def test_adjacent_intervals_merge() -> None:
    joined = FRAME.between(d(0), d(4)) | FRAME.between(d(5), d(9))
    assert joined.intervals == ((FRAME.start, FRAME.start + 10),)


def test_monotone_finds_the_first_true_day() -> None:
    threshold = FRAME.start + 42
    timeline = FRAME.monotone(lambda day: day >= threshold)
    assert timeline.first_true() == d(42)
    assert timeline.intervals == ((threshold, FRAME.stop),)
    assert FRAME.monotone(lambda day: False).is_never()
    assert FRAME.monotone(lambda day: True) == FRAME.always()


def test_stepwise_changes_only_on_given_days() -> None:
    # True until day 30, when (say) a CE record leaves the window.
    timeline = FRAME.stepwise(lambda day: day < FRAME.start + 30, [FRAME.start + 30])
    assert true_days(timeline) == set(range(30))
    assert timeline.last_day_of_start_state() == d(29)


# ------------------------------------------------------------------ properties

SPANS = st.lists(st.tuples(st.integers(-20, 120), st.integers(0, 40)), max_size=5)


def build(spans: list[tuple[int, int]]) -> Timeline:
    return FRAME.from_intervals(
        (FRAME.start + lo, FRAME.start + lo + length) for lo, length in spans
    )


def expected_days(spans: list[tuple[int, int]]) -> set[int]:
    return {day for lo, length in spans for day in range(lo, lo + length) if 0 <= day < 100}


@settings(max_examples=100, deadline=None)
@given(SPANS, SPANS)
def test_algebra_matches_sets_of_days(
    left: list[tuple[int, int]], right: list[tuple[int, int]]
) -> None:
    a, b = build(left), build(right)
    days_a, days_b = expected_days(left), expected_days(right)
    assert true_days(a) == days_a
    assert true_days(a & b) == days_a & days_b
    assert true_days(a | b) == days_a | days_b
    assert true_days(~a) == set(range(100)) - days_a
    assert ~~a == a
    assert ~(a | b) == ~a & ~b


@settings(max_examples=100, deadline=None)
@given(SPANS)
def test_intervals_are_sorted_disjoint_and_not_adjacent(spans: list[tuple[int, int]]) -> None:
    intervals = build(spans).intervals
    for lo, hi in intervals:
        assert FRAME.start <= lo < hi <= FRAME.stop
    for (_, first_stop), (second_start, _) in pairwise(intervals):
        assert first_stop < second_start


@settings(max_examples=100, deadline=None)
@given(SPANS)
def test_first_true_and_start_state(spans: list[tuple[int, int]]) -> None:
    timeline = build(spans)
    days = expected_days(spans)
    assert timeline.first_true() == (d(min(days)) if days else None)
    assert timeline.at_start() == (0 in days)
    until = timeline.last_day_of_start_state()
    start_value = 0 in days
    if until is None:
        assert all((day in days) == start_value for day in range(100))
    else:
        last = (until - START).days
        assert all((day in days) == start_value for day in range(last + 1))
        assert ((last + 1) in days) != start_value
