"""Experience measures: months full-time (CCM), hours (ACM, ANCC, NASW, CDMS), current job."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from casepath.dates import (
    last_day_of_months,
    month_count,
    months_and_days,
    shift_ordinal_by_months,
)
from casepath.rules.context import EvalContext, Measured
from casepath.rules.measures.figures import THRESHOLD, progress, threshold_figures
from casepath.rules.measures.jobs import JobFilter, counted_spans
from casepath.rules.measures.registry import Params, measure
from casepath.rules.work import (
    FULL_TIME_WEEK_HOURS,
    CumulativeHours,
    PartTimeMonths,
    Span,
    merge,
    months_of,
)

# CONV-6: how part-time work counts towards "months full-time".
PART_TIME_MODES = {
    "not_accepted": (FULL_TIME_WEEK_HOURS, None),
    "pro_rata_40h": (FULL_TIME_WEEK_HOURS, 2080 / 12),
    "pro_rata_35h": (35.0, 35 * 52 / 12),
    "calendar_months": (FULL_TIME_WEEK_HOURS, None),
}


class MonthsParams(Params):
    at_least: float
    jobs: JobFilter = JobFilter()
    # Question whose readings name PART_TIME_MODES (CONV-6); None: part-time never counts.
    part_time_question: str | None = None
    # Readings of that question mapped to a mode, when they are named differently.
    part_time_modes: dict[str, str] = {}
    # A fixed mode of PART_TIME_MODES where no open question applies (side figures such as
    # "two years of that experience"), so part-time work never shows as 0 months.
    part_time_mode: Literal["pro_rata_40h", "pro_rata_35h", "calendar_months"] | None = None


@measure("experience_months", MonthsParams, figures=(*THRESHOLD, "periods", "has_text"))
def experience_months(ctx: EvalContext, params: MonthsParams) -> Measured:
    """Months of full-time experience by the anniversary rule (CONV-3), without double counting
    a month across concurrent jobs (CONV-7); part-time work per CONV-6."""
    spans = counted_spans(ctx, params.jobs)
    full_time, part_time, month_hours = _split_by_mode(
        ctx, params.part_time_question, params.part_time_modes, spans, params.part_time_mode
    )
    part = _part_time_months(ctx, full_time, part_time, month_hours)

    def months(day: int) -> float:
        total = months_of(merge(full_time, day))
        if part is not None:
            total += part.months(day)
        return total

    need = params.at_least
    start = ctx.frame.start
    value = months(start)
    timeline = ctx.frame.monotone(lambda day: months(day) >= need - 1e-9)
    figures = threshold_figures(value, need, "months")
    covered = merge(full_time, start)
    if covered:
        figures["periods"] = [
            f"{date.fromordinal(a).isoformat()}..{date.fromordinal(b).isoformat()}"
            for a, b in covered
        ]
    figures["periods"] = figures.get("periods") or ["none"]
    figures["has_text"] = _months_text(covered, value)
    return Measured(
        timeline,
        figures,
        detail=f"{value:.1f} of {need:g} months counted",
        progress=progress(value, need),
    )


class MixedPart(Params):
    at_least: float
    jobs: JobFilter = JobFilter()


class MixedParams(Params):
    # Groups of categories that may combine. Within a group the best share counts (Category 2
    # counts every CM month Category 1 counts); the groups' shares add up. A day counted by an
    # earlier group is not counted again by a later one (CONV-7).
    groups: list[list[MixedPart]]
    # Whether months from several categories may be combined (CCM-E2-U3), and the reading
    # under which they may.
    question: str
    counts_when: str
    part_time_question: str | None = None
    part_time_modes: dict[str, str] = {}


@measure("experience_months_mixed", MixedParams, figures=(*THRESHOLD, "mix_text"))
def experience_months_mixed(ctx: EvalContext, params: MixedParams) -> Measured:
    """Months of several groups of categories combined, each as a share of its own requirement
    (8 of 12 months plus 6 of 12 is 1.17 of one whole); asked only where two groups have
    months."""
    frame = ctx.frame
    parts_spans: list[list[tuple[MixedPart, list[Span]]]] = []
    spans_per_group: list[list[Span]] = []
    taken: list[Span] = []
    for group in params.groups:
        parts = [
            (part, _without(counted_spans(ctx, part.jobs), taken, frame.stop)) for part in group
        ]
        used = [s for _, spans in parts for s in spans if s.first < frame.stop]
        taken.extend(used)
        parts_spans.append(parts)
        spans_per_group.append(used)
    if sum(1 for used in spans_per_group if used) < 2:
        return Measured(frame.never(), {"mix_text": ""}, "no months in two groups", 0.0)
    if ctx.reading(params.question) != params.counts_when:
        return Measured(frame.never(), {"mix_text": ""}, "categories are not combined", 0.0)
    groups = [
        [(part.at_least, _months_counter(ctx, params, spans)) for part, spans in parts]
        for parts in parts_spans
    ]

    def share(day: int) -> float:
        return sum(max(count(day) / need for need, count in group) for group in groups)

    value = share(frame.start)
    figures = threshold_figures(value, 1.0, "of one whole")
    figures["mix_text"] = (
        "case-management and supervisory months combined, as shares of their categories' "
        f"requirements (has {value:.2f} of 1)"
    )
    return Measured(
        frame.monotone(lambda day: share(day) >= 1 - 1e-9),
        figures,
        detail=f"{value:.2f} of one whole from the categories combined",
        progress=progress(value, 1.0),
    )


def _months_counter(
    ctx: EvalContext, params: MixedParams, spans: list[Span]
) -> Callable[[int], float]:
    full_time, part_time, month_hours = _split_by_mode(
        ctx, params.part_time_question, params.part_time_modes, spans
    )
    part = _part_time_months(ctx, full_time, part_time, month_hours)

    def months(day: int) -> float:
        total = months_of(merge(full_time, day))
        if part is not None:
            total += part.months(day)
        return total

    return months


def _part_time_months(
    ctx: EvalContext, full_time: list[Span], part_time: list[Span], month_hours: float | None
) -> PartTimeMonths | None:
    """Built once for the whole frame: each day asked costs O(log months) (CONV-6, CONV-7)."""
    if not part_time or not month_hours:
        return None
    last = ctx.frame.stop - 1
    return PartTimeMonths(part_time, merge(full_time, last), month_hours, last)


def _without(spans: list[Span], taken: list[Span], horizon: int) -> list[Span]:
    """The parts of `spans` on days that no span in `taken` covers."""
    pieces = list(spans)
    for first, last in merge(taken, horizon):
        cut: list[Span] = []
        for piece in pieces:
            for kept in (piece.clip(last=first - 1), piece.clip(first=last + 1)):
                if kept is not None:
                    cut.append(kept)
        pieces = cut
    return pieces


def _months_text(covered: list[tuple[int, int]], value: float) -> str:
    """'9 months 1 day' for one period (exact CONV-3), '13.7 months' otherwise."""
    if len(covered) == 1:
        first, last = (date.fromordinal(day) for day in covered[0])
        months, leftover = months_and_days(first, last)
        # Exact words only when the value is this one period (no part-time months added).
        if abs(value - month_count(first, last)) < 1e-6:
            day_word = "day" if leftover == 1 else "days"
            return f"{months} months" + (f" {leftover} {day_word}" if leftover else "")
    return "0 months" if value == 0 else f"{value:.1f} months"


def _split_by_mode(
    ctx: EvalContext,
    question: str | None,
    modes: dict[str, str],
    spans: list[Span],
    fixed_mode: str | None = None,
) -> tuple[list[Span], list[Span], float | None]:
    full_week = FULL_TIME_WEEK_HOURS
    if not any(not s.is_full_time(full_week) for s in spans):
        return spans, [], None
    mode: str
    if fixed_mode is not None:
        mode = fixed_mode
    elif question is None:
        return [s for s in spans if s.is_full_time(full_week)], [], None
    else:
        reading = ctx.reading(question)
        mode = modes.get(reading, reading)
    full_week, month_hours = PART_TIME_MODES[mode]
    if mode == "calendar_months":
        return spans, [], None
    full = [s for s in spans if s.is_full_time(full_week)]
    part = [s for s in spans if not s.is_full_time(full_week)]
    return full, part, month_hours


class HoursParams(Params):
    at_least: float
    jobs: JobFilter = JobFilter()
    window_months: int | None = None  # look-back window (CONV-5); None: all time
    # Report when this many calendar months of counted work are reached (CASWCM-E3).
    side_months: int | None = None


@measure(
    "experience_hours",
    HoursParams,
    figures=(*THRESHOLD, "window_months", "calendar_months", "side_months_date"),
)
def experience_hours(ctx: EvalContext, params: HoursParams) -> Measured:
    """Hours of counted work (CONV-4, CONV-4b), concurrent jobs added (CONV-7), optionally
    within a look-back window that includes its first day (CONV-5)."""
    spans = counted_spans(ctx, params.jobs)
    need = params.at_least
    frame = ctx.frame
    hours = CumulativeHours(spans)  # O(log n) per day asked, whatever the number of jobs
    if params.window_months is None:
        value = hours.through(frame.start)
        timeline = frame.monotone(lambda day: hours.through(day) >= need - 1e-6)
    else:
        months = params.window_months

        def in_window(day: int) -> float:
            return hours.between(shift_ordinal_by_months(day, -months), day)

        value = in_window(frame.start)
        # A day adds at most one day's hours; the window's first day can jump by two days at
        # month ends (clamping), so it removes at most two days' hours: bound 3x the most
        # hours of one day (concurrent jobs added, not every job of the profile).
        timeline = frame.bounded(in_window, need - 1e-6, 3 * hours.max_daily)
    figures = threshold_figures(value, need, "hours")
    if params.window_months is not None:
        figures["window_months"] = params.window_months
    if params.side_months is not None:
        covered = merge(spans, frame.start)
        figures["calendar_months"] = round(months_of(covered), 1)
        if spans:
            first = min(s.first for s in spans)
            figures["side_months_date"] = _date_months_reached(spans, first, params.side_months)
    return Measured(
        timeline,
        figures,
        detail=f"{value:,.0f} of {need:,.0f} hours counted",
        progress=progress(value, need),
    )


def _date_months_reached(spans: list[Span], first: int, months: int) -> str | None:
    """When continuous counted work from `first` reaches `months` calendar months, if it does."""
    target = last_day_of_months(date.fromordinal(first), months).toordinal()
    covered = merge(spans, target)
    if covered and covered[0][0] == first and covered[0][1] >= target:
        return date.fromordinal(target).isoformat()
    return None


class CurrentJobParams(Params):
    jobs: JobFilter = JobFilter()


@measure("currently_employed", CurrentJobParams, figures=("jobs",))
def currently_employed(ctx: EvalContext, params: CurrentJobParams) -> Measured:
    """Holds on the days a counted job is under way (CDMS-E2: employed when applying)."""
    spans = counted_spans(ctx, params.jobs)
    frame = ctx.frame
    timeline = frame.from_intervals(
        (s.first, frame.stop if s.last is None else s.last + 1) for s in spans
    )
    holds = timeline.at_start()
    return Measured(
        timeline,
        {"jobs": [ctx.profile.jobs[s.job_index].title for s in spans]},
        detail="a counted job is under way" if holds else "no counted job under way",
        progress=1.0 if holds else 0.0,
    )
