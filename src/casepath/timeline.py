"""Truth timelines: on which days, from the evaluation date to a horizon, a requirement holds.

A requirement does not just hold or fail on one day: a licence expires, hours slide out of a
window, an ongoing job crosses a threshold. Every test therefore yields a `Timeline`, the sorted
disjoint set of day intervals on which it is true, and the tree combines them with AND / OR /
NOT. The status is day 0; the earliest eligibility date is the first true day.

Intervals are half-open [first, stop) of proleptic ordinals, clipped to the frame
[frame_start, frame_stop) shared by all timelines of one evaluation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Frame:
    """The days an evaluation looks at: the evaluation date up to (excluding) the horizon."""

    start: int
    stop: int

    @classmethod
    def of(cls, first_day: date, horizon_days: int) -> Frame:
        start = first_day.toordinal()
        return cls(start, start + horizon_days)

    @property
    def first_day(self) -> date:
        return date.fromordinal(self.start)

    def always(self) -> Timeline:
        return Timeline(self, ((self.start, self.stop),))

    def never(self) -> Timeline:
        return Timeline(self, ())

    def constant(self, value: bool) -> Timeline:
        return self.always() if value else self.never()

    def from_day(self, day: date | None) -> Timeline:
        """True from `day` on (never when None)."""
        if day is None:
            return self.never()
        return self.between(day, None)

    def between(self, first: date | None, last: date | None) -> Timeline:
        """True on the inclusive days [first, last]; None means unbounded on that side."""
        lo = self.start if first is None else max(self.start, first.toordinal())
        hi = self.stop if last is None else min(self.stop, last.toordinal() + 1)
        return Timeline(self, ((lo, hi),) if lo < hi else ())

    def from_intervals(self, intervals: Iterable[Interval]) -> Timeline:
        return Timeline(self, _normalise(self, intervals))

    def monotone(self, holds: Callable[[int], bool]) -> Timeline:
        """Timeline of a condition that, once true, stays true (cumulative experience).

        Binary search for the first true day: O(log horizon) evaluations of `holds`.
        """
        if holds(self.start):
            return self.always()
        if not holds(self.stop - 1):
            return self.never()
        lo, hi = self.start + 1, self.stop - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if holds(mid):
                hi = mid
            else:
                lo = mid + 1
        return Timeline(self, ((lo, self.stop),))

    def bounded(
        self, value: Callable[[int], float], threshold: float, max_daily_change: float
    ) -> Timeline:
        """Timeline of `value(day) >= threshold` for a value that moves by at most
        `max_daily_change` from one day to the next (hours inside a sliding window).

        Exact: from each evaluated day it skips the days on which the value cannot yet have
        crossed the threshold, so a steady value costs a handful of evaluations.
        """
        intervals: list[Interval] = []
        day = self.start
        run_start: int | None = None
        step = max(max_daily_change, 1e-9)
        while day < self.stop:
            current = value(day)
            holds = current >= threshold
            if holds and run_start is None:
                run_start = day
            elif not holds and run_start is not None:
                intervals.append((run_start, day))
                run_start = None
            gap = abs(current - threshold)
            skip = int(gap // step) if holds else int(-(-gap // step)) - 1
            next_day = day + max(1, skip)
            if next_day > day + 1:
                # The value keeps its side of the threshold up to next_day - 1.
                next_day = min(next_day, self.stop)
            day = next_day
        if run_start is not None:
            intervals.append((run_start, self.stop))
        return self.from_intervals(intervals)

    def stepwise(self, holds: Callable[[int], bool], change_days: Iterable[int]) -> Timeline:
        """Timeline of a condition that can only change on the given days."""
        points = sorted({d for d in change_days if self.start < d < self.stop})
        intervals: list[Interval] = []
        bounds = [self.start, *points, self.stop]
        for lo, hi in itertools.pairwise(bounds):
            if holds(lo):
                intervals.append((lo, hi))
        return self.from_intervals(intervals)


def _normalise(frame: Frame, intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    clipped = sorted(
        (max(lo, frame.start), min(hi, frame.stop))
        for lo, hi in intervals
        if min(hi, frame.stop) > max(lo, frame.start)
    )
    merged: list[Interval] = []
    for lo, hi in clipped:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return tuple(merged)


@dataclass(frozen=True, slots=True)
class Timeline:
    frame: Frame
    intervals: tuple[Interval, ...]

    def __and__(self, other: Timeline) -> Timeline:
        out: list[Interval] = []
        i = j = 0
        a, b = self.intervals, other.intervals
        while i < len(a) and j < len(b):
            lo = max(a[i][0], b[j][0])
            hi = min(a[i][1], b[j][1])
            if lo < hi:
                out.append((lo, hi))
            if a[i][1] < b[j][1]:
                i += 1
            else:
                j += 1
        return Timeline(self.frame, tuple(out))

    def __or__(self, other: Timeline) -> Timeline:
        return self.frame.from_intervals((*self.intervals, *other.intervals))

    def __invert__(self) -> Timeline:
        out: list[Interval] = []
        cursor = self.frame.start
        for lo, hi in self.intervals:
            if lo > cursor:
                out.append((cursor, lo))
            cursor = hi
        if cursor < self.frame.stop:
            out.append((cursor, self.frame.stop))
        return Timeline(self.frame, tuple(out))

    def at_start(self) -> bool:
        return bool(self.intervals) and self.intervals[0][0] == self.frame.start

    def holds_on(self, day: date) -> bool:
        ordinal = day.toordinal()
        return any(lo <= ordinal < hi for lo, hi in self.intervals)

    def first_true(self) -> date | None:
        return date.fromordinal(self.intervals[0][0]) if self.intervals else None

    def last_day_of_start_state(self) -> date | None:
        """Last day on which the day-0 value still holds; None if it holds to the horizon."""
        if self.at_start():
            end = self.intervals[0][1]
        else:
            end = self.intervals[0][0] if self.intervals else self.frame.stop
        return None if end >= self.frame.stop else date.fromordinal(end - 1)

    def is_never(self) -> bool:
        return not self.intervals


def all_of(frame: Frame, timelines: Iterable[Timeline]) -> Timeline:
    result = frame.always()
    for timeline in timelines:
        result = result & timeline
    return result


def any_of(frame: Frame, timelines: Iterable[Timeline]) -> Timeline:
    result = frame.never()
    for timeline in timelines:
        result = result | timeline
    return result
