"""Experience arithmetic over jobs: hours (CONV-4, CONV-4b), months (CONV-3, CONV-6, CONV-7).

A `Span` is a stretch of one job that a rule counts, in day ordinals. Hours accrue per weekday
at the job's daily rate; an ongoing span keeps accruing past the evaluation date at that rate,
which is what projection (CONV-8) means.
"""

from __future__ import annotations

import calendar
import itertools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from casepath.dates import month_count, weekdays_in
from casepath.profile.model import Job

FULL_TIME_WEEK_HOURS = 40.0


@dataclass(frozen=True, slots=True)
class Span:
    job_index: int
    first: int
    last: int | None  # inclusive; None = ongoing (accrues up to any day asked about)
    daily_rate: float  # hours per weekday
    weekly_hours: float

    def last_by(self, day: int) -> int:
        return day if self.last is None else min(self.last, day)

    def hours_through(self, day: int) -> float:
        return self.daily_rate * weekdays_in(self.first, self.last_by(day))

    def hours_between(self, lo: int, hi: int) -> float:
        return self.daily_rate * weekdays_in(max(lo, self.first), self.last_by(hi))

    def clip(self, first: int | None = None, last: int | None = None) -> Span | None:
        new_first = self.first if first is None else max(self.first, first)
        new_last = self.last
        if last is not None:
            new_last = last if new_last is None else min(new_last, last)
        if new_last is not None and new_last < new_first:
            return None
        return replace(self, first=new_first, last=new_last)

    def is_full_time(self, full_week: float = FULL_TIME_WEEK_HOURS) -> bool:
        return self.weekly_hours >= full_week - 1e-9


def job_span(job: Job, index: int, on: date) -> Span:
    """The whole job as a span, with its hourly rate (CONV-4: documented hours win)."""
    first = job.start.toordinal()
    last = None if job.end is None else job.end.toordinal()
    if job.documented_hours is not None:
        documented_until = last if last is not None else on.toordinal()
        weekdays = weekdays_in(first, documented_until)
        rate = job.documented_hours / weekdays if weekdays else 0.0
    elif job.hours_per_week is not None:
        rate = job.hours_per_week / 5
    else:
        rate = 0.0
    weekly = job.hours_per_week if job.hours_per_week is not None else rate * 5
    return Span(index, first, last, rate, weekly)


class CumulativeHours:
    """Hours of all spans together through any day, in O(log n) per day asked (CONV-4, CONV-7:
    concurrent hours are added). Built once from the spans' boundaries in O(n log n)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        deltas: dict[int, float] = defaultdict(float)
        for span in spans:
            deltas[span.first] += span.daily_rate
            if span.last is not None:
                deltas[span.last + 1] -= span.daily_rate
        self._points = sorted(deltas)
        self._base: list[float] = []  # hours through the day before each point
        self._rates: list[float] = []  # hours per weekday from each point to the next
        total = rate = 0.0
        previous: int | None = None
        for point in self._points:
            if previous is not None:
                total += rate * weekdays_in(previous, point - 1)
            rate += deltas[point]
            if abs(rate) < 1e-9:
                rate = 0.0  # a float residue where every span has ended
            self._base.append(total)
            self._rates.append(rate)
            previous = point
        # The most hours a single day can add: concurrent jobs only, not all of them.
        self.max_daily = max(self._rates, default=0.0)

    def through(self, day: int) -> float:
        index = bisect_right(self._points, day) - 1
        if index < 0:
            return 0.0
        return self._base[index] + self._rates[index] * weekdays_in(self._points[index], day)

    def between(self, first: int, last: int) -> float:
        """Hours on the inclusive days [first, last]."""
        if last < first:
            return 0.0
        return round(self.through(last) - self.through(first - 1), 9)


def merge(spans: Iterable[Span], day: int) -> list[tuple[int, int]]:
    """Union of the spans' days up to `day`, as inclusive (first, last) ordinal pairs."""
    pieces = sorted((s.first, s.last_by(day)) for s in spans if s.first <= s.last_by(day))
    merged: list[tuple[int, int]] = []
    for first, last in pieces:
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def months_of(intervals: Iterable[tuple[int, int]]) -> float:
    """Months of disjoint periods (CONV-3 per period; leftover days summed as fractions)."""
    return sum(month_count(date.fromordinal(a), date.fromordinal(b)) for a, b in intervals)


def pro_rata_months(
    part_time: Sequence[Span], covered: Sequence[tuple[int, int]], day: int, month_hours: float
) -> float:
    """Part-time hours as full-time months, never double-counting a month (CONV-6, CONV-7).

    Hours worked on days already counted as full-time months are dropped. The full-time
    equivalent is capped at 1.0 in each calendar month: a month counts at most the share of
    its weekdays on which part-time work is done outside full-time months (all of them: 1.0),
    so surplus hours of one month never fill another (CONV-7). Weekdays, not calendar days,
    because hours accrue on weekdays (CONV-4): a job under 37.6 h/week never reaches the cap.
    One sweep over the spans' boundaries: O(n log n) in spans and months.
    """
    pieces = [
        (s.first, s.last_by(day), s.daily_rate) for s in part_time if s.first <= s.last_by(day)
    ]
    if not pieces:
        return 0.0
    rate: dict[int, float] = defaultdict(float)  # change of the summed daily rate
    working: dict[int, int] = defaultdict(int)  # change of the number of part-time spans
    cover: dict[int, int] = defaultdict(int)  # change of full-time coverage
    for first, last, daily in pieces:
        rate[first] += daily
        rate[last + 1] -= daily
        working[first] += 1
        working[last + 1] -= 1
    for first, last in covered:
        cover[first] += 1
        cover[last + 1] -= 1
    lo = min(first for first, _, _ in pieces)
    hi = max(last for _, last, _ in pieces) + 1
    month_starts = list(_month_starts(lo, hi))
    points = sorted({*rate, *cover, *month_starts, hi})
    month_start = set(month_starts)
    total = hours = filled = 0.0
    month_weekdays = _weekdays_in_month(lo)
    current_rate, active, covering = 0.0, 0, 0
    for here, after in itertools.pairwise(points):
        if here in month_start and here != lo:
            total += min(hours / month_hours, filled / month_weekdays)
            hours = filled = 0.0
            month_weekdays = _weekdays_in_month(here)
        current_rate += rate.get(here, 0.0)
        active += working.get(here, 0)
        covering += cover.get(here, 0)
        if active > 0 and covering == 0:
            hours += current_rate * weekdays_in(here, after - 1)
            filled += weekdays_in(here, after - 1)
    return total + min(hours / month_hours, filled / month_weekdays)


def _month_starts(lo: int, hi: int) -> Iterable[int]:
    """The first days of the calendar months in (lo, hi], as ordinals."""
    day = date.fromordinal(lo)
    year, month = day.year, day.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        first = date(year, month, 1).toordinal()
        if first > hi:
            return
        yield first


def _weekdays_in_month(ordinal: int) -> int:
    """Weekdays of the calendar month holding the day (CONV-4)."""
    day = date.fromordinal(ordinal)
    first = day.replace(day=1).toordinal()
    return weekdays_in(first, first + calendar.monthrange(day.year, day.month)[1] - 1)
