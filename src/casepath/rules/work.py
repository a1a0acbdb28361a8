"""Experience arithmetic over jobs: hours (CONV-4, CONV-4b), months (CONV-3, CONV-6, CONV-7).

A `Span` is a stretch of one job that a rule counts, in day ordinals. Hours accrue per weekday
at the job's daily rate; an ongoing span keeps accruing past the evaluation date at that rate,
which is what projection (CONV-8) means.
"""

from __future__ import annotations

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


def overlap_hours(span: Span, covered: Sequence[tuple[int, int]], day: int) -> float:
    return sum(span.hours_between(a, min(b, day)) for a, b in covered)


def pro_rata_months(
    part_time: Sequence[Span], covered: Sequence[tuple[int, int]], day: int, month_hours: float
) -> float:
    """Part-time hours as full-time months, never double-counting a month (CONV-6, CONV-7).

    Hours worked on days already counted as full-time months are dropped, and the result is
    capped at the calendar months the part-time work itself spans.
    """
    hours = sum(s.hours_through(day) - overlap_hours(s, covered, day) for s in part_time)
    own = merge(part_time, day)
    cap = months_of(own) - months_of(_intersections(own, covered))
    return max(0.0, min(hours / month_hours, cap))


def _intersections(
    a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    out = []
    for a_first, a_last in a:
        for b_first, b_last in b:
            lo, hi = max(a_first, b_first), min(a_last, b_last)
            if lo <= hi:
                out.append((lo, hi))
    return out
