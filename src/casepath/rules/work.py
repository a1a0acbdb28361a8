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
from functools import lru_cache

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


class PartTimeMonths:
    """Part-time hours as full-time months, never double-counting a month (CONV-6, CONV-7).

    Hours worked on days already counted as full-time months are dropped. The full-time
    equivalent is capped at 1.0 in each calendar month: a month counts at most the share of
    its weekdays on which part-time work is done outside full-time months (all of them: 1.0),
    so surplus hours of one month never fill another (CONV-7). Weekdays, not calendar days,
    because hours accrue on weekdays (CONV-4): no job under 37.6 h/week (33 h/week under the
    35 h reading) reaches the cap, since no month has more than 23 weekdays.

    Built once up to `until` (ongoing spans run to it; `covered` holds the full-time days up
    to it) by one sweep over the boundaries, O(n log n); then the months through any day up
    to `until` cost O(log n) plus that day's month.
    """

    def __init__(
        self,
        part_time: Sequence[Span],
        covered: Sequence[tuple[int, int]],
        month_hours: float,
        until: int,
    ) -> None:
        self._month_hours = month_hours
        # Runs of days worked part-time outside full-time months, at a constant daily rate.
        worked = _worked_runs(part_time, covered, until)
        # No month can reach the cap when no day exceeds a full month's hours spread over the
        # longest month (23 weekdays): then months are hours / month_hours, by whole runs.
        capped = any(rate > month_hours / 23 + 1e-9 for _, _, rate in worked)
        # Capped: the runs grouped by calendar month (keyed by its first day); else one
        # group per run (keyed by its first day).
        groups: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        for first, last, rate in worked:
            if not capped:
                groups[first].append((first, last, rate))
                continue
            for lo, hi in _by_month(first, last):
                groups[_month_start_of(lo)].append((lo, hi, rate))
        self._capped = capped
        self._starts = sorted(groups)
        self._runs = [groups[key] for key in self._starts]
        self._before = [0.0]  # months before each group
        for index in range(len(self._runs)):
            self._before.append(self._before[-1] + self._value(index, until))

    def _value(self, index: int, day: int) -> float:
        """The months of one group (a calendar month when capped), counting work up to `day`."""
        hours = worked = 0.0
        for first, last, rate in self._runs[index]:
            if first > day:
                break
            weekdays = weekdays_in(first, min(last, day))
            hours += rate * weekdays
            worked += weekdays
        if not self._capped:
            return hours / self._month_hours
        month_weekdays = _weekdays_in_month(self._runs[index][0][0])
        return min(hours / self._month_hours, worked / month_weekdays)

    def months(self, day: int) -> float:
        """Part-time months through `day` (inclusive)."""
        index = bisect_right(self._starts, day) - 1
        if index < 0:
            return 0.0
        return self._before[index] + self._value(index, day)


def _worked_runs(
    part_time: Sequence[Span], covered: Sequence[tuple[int, int]], until: int
) -> list[tuple[int, int, float]]:
    """(first, last, hours per weekday) of the days worked part-time outside `covered`."""
    rate: dict[int, float] = defaultdict(float)  # change of the summed daily rate
    working: dict[int, int] = defaultdict(int)  # change of the number of part-time spans
    cover: dict[int, int] = defaultdict(int)  # change of full-time coverage
    for span in part_time:
        last = span.last_by(until)
        if span.first > last:
            continue
        rate[span.first] += span.daily_rate
        rate[last + 1] -= span.daily_rate
        working[span.first] += 1
        working[last + 1] -= 1
    if not working:
        return []
    for first, last in covered:
        cover[first] += 1
        cover[last + 1] -= 1
    runs: list[tuple[int, int, float]] = []
    current, active, covering = 0.0, 0, 0
    for here, after in itertools.pairwise(sorted({*rate, *cover})):
        current += rate.get(here, 0.0)
        active += working.get(here, 0)
        covering += cover.get(here, 0)
        if active > 0 and covering == 0:
            runs.append((here, after - 1, current))
    return runs


def _by_month(first: int, last: int) -> Iterable[tuple[int, int]]:
    """The inclusive period [first, last] cut at calendar month boundaries."""
    for month_start in _month_starts(first, last):
        yield first, month_start - 1
        first = month_start
    yield first, last


def pro_rata_months(
    part_time: Sequence[Span], covered: Sequence[tuple[int, int]], day: int, month_hours: float
) -> float:
    """Part-time months through `day` (PartTimeMonths, for one day)."""
    return PartTimeMonths(part_time, covered, month_hours, day).months(day)


def _month_starts(lo: int, hi: int) -> Iterable[int]:
    """The first days of the calendar months in (lo, hi], as ordinals."""
    day = date.fromordinal(lo)
    index = day.year * 12 + day.month - 1
    while True:
        index += 1
        first = _month_start(index)
        if first > hi:
            return
        yield first


@lru_cache(maxsize=4096)
def _month_start(index: int) -> int:
    """First day of month number `index` (year * 12 + month - 1), as an ordinal."""
    year, month = divmod(index, 12)
    return date(year, month + 1, 1).toordinal()


def _month_start_of(ordinal: int) -> int:
    day = date.fromordinal(ordinal)
    return _month_start(day.year * 12 + day.month - 1)


@lru_cache(maxsize=4096)
def _weekdays_in_month(ordinal: int) -> int:
    """Weekdays of the calendar month holding the day (CONV-4)."""
    day = date.fromordinal(ordinal)
    first = day.replace(day=1).toordinal()
    return weekdays_in(first, first + calendar.monthrange(day.year, day.month)[1] - 1)
