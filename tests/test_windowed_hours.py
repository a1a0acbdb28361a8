"""The skip-ahead scan of sliding-window hours equals a day-by-day scan (CONV-4b, CONV-5)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casepath.dates import add_months
from casepath.rules.work import Span
from casepath.timeline import Frame

spans = st.lists(
    st.builds(
        lambda start, length, ongoing, rate: Span(
            0,
            date(2018, 1, 1).toordinal() + start,
            None if ongoing else date(2018, 1, 1).toordinal() + start + length,
            rate,
            rate * 5,
        ),
        st.integers(0, 3000),
        st.integers(0, 1500),
        st.booleans(),
        st.sampled_from([0.0, 2.0, 4.0, 6.4, 8.0, 9.5]),
    ),
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(
    spans=spans,
    start=st.integers(0, 4000),
    months=st.sampled_from([12, 36, 60]),
    need=st.sampled_from([500.0, 2000.0, 2080.0, 3000.0]),
)
def test_bounded_scan_matches_daily_scan(
    spans: list[Span], start: int, months: int, need: float
) -> None:
    frame = Frame.of(date(2018, 1, 1) + timedelta(days=start), 900)

    def in_window(day: int) -> float:
        first = add_months(date.fromordinal(day), -months).toordinal()
        return sum(s.hours_between(first, day) for s in spans)

    daily = sum(s.daily_rate for s in spans)
    fast = frame.bounded(in_window, need, 3 * daily)
    slow = frame.from_intervals(
        (day, day + 1) for day in range(frame.start, frame.stop) if in_window(day) >= need
    )
    assert fast.intervals == slow.intervals
