"""Renewal measures: CE in the current renewal period by category, the renewal and late
windows, a documented late reason, a re-examination, ANCC professional-development activities.

Every measure names the renewal rulebook (`book`) whose schedule gives the cycle and windows,
and judges the first certification of the profile with one of that schedule's names (the
renewal judge puts the certification it judges first). CE is never projected: the CE timelines
are constant over the frame, and what is short is an event (more CE), not a date.
"""

from __future__ import annotations

from datetime import date, timedelta

from casepath.dates import add_months, add_years
from casepath.profile.model import CertificationStatus, PDCategory
from casepath.renewal.ledger import SCHEMES, build_ledger
from casepath.renewal.periods import RenewalCalendar, Schedule, calendar_for, held_certification
from casepath.rules.context import EvalContext, Measured
from casepath.rules.measures.figures import THRESHOLD, progress, threshold_figures
from casepath.rules.measures.registry import Params, measure


def _schedule(book: str) -> Schedule:
    from casepath.renewal.rulebooks import schedule_of

    return schedule_of(book)


def _calendar(ctx: EvalContext, book: str) -> RenewalCalendar | None:
    schedule = _schedule(book)
    cert = held_certification(ctx.profile.certifications, schedule.certifications)
    return calendar_for(cert, schedule) if cert is not None else None


def _unknown(ctx: EvalContext) -> Measured:
    return Measured(ctx.frame.never(), {}, "no certification with a valid-through date", 0.0)


class RenewalCEParams(Params):
    book: str
    category: str = "total"
    at_least: float
    # CCM-R10-b: CE within the N years up to the evaluation date instead of the period.
    lookback_years: int | None = None
    # An open question restricting the approvers (CDMS-R1 "approved CE").
    approval_question: str | None = None
    restricted_when: str = ""
    approved: list[str] = []


@measure(
    "renewal_ce",
    RenewalCEParams,
    figures=(*THRESHOLD, "hour_word", "deadline", "period", "not_counted"),
)
def renewal_ce(ctx: EvalContext, params: RenewalCEParams) -> Measured:
    """CE hours of one category counted in the current renewal period (casepath.renewal.ledger:
    each record once, approvers and caps per certifier); completed by the evaluation date."""
    schedule = _schedule(params.book)
    cal = _calendar(ctx, params.book)
    if cal is None:
        return _unknown(ctx)
    on = ctx.on
    start, end = cal.period_start, cal.period_end
    if params.lookback_years is not None:
        start, end = add_years(on, -params.lookback_years), on
    approved_only = None
    if params.approval_question is not None:
        unlisted = [
            r
            for r in ctx.profile.ce_records
            if start <= r.date <= min(end, on) and r.approver not in params.approved
        ]
        if unlisted and ctx.reading(params.approval_question) == params.restricted_when:
            approved_only = frozenset(params.approved)
    ledger = build_ledger(
        ctx.profile.ce_records,
        SCHEMES[schedule.ledger],
        start,
        end,
        on,
        approved_only=approved_only,
    )
    value = ledger.hours(params.category)
    need = params.at_least
    figures = threshold_figures(value, need, "CE hours")
    short = figures["short"]
    figures["hour_word"] = "hour" if short == 1 else "hours"
    figures["deadline"] = end.isoformat()
    figures["period"] = f"{start.isoformat()}..{end.isoformat()}"
    figures["not_counted"] = [
        f"{e.hours:g} h {e.topic.replace('_', ' ')} ({e.date}): {e.reason}"
        for e in ledger.entries
        if e.counted_hours < e.hours
    ]
    holds = value >= need - 1e-9
    return Measured(
        ctx.frame.constant(holds),
        figures,
        f"{value:g} of {need:g} CE hours ({params.category}) in {figures['period']}",
        progress(value, need),
    )


class BookParams(Params):
    book: str


class WindowParams(BookParams):
    # The reading where a renewal after the valid-through date is possible (UNKNOWN rules).
    open_after: bool = False


@measure("renewal_window", WindowParams, figures=("window_opens", "window_closes", "deadline"))
def renewal_window(ctx: EvalContext, params: WindowParams) -> Measured:
    """The on-time renewal window: from its opening to the valid-through date, inclusive."""
    cal = _calendar(ctx, params.book)
    if cal is None:
        return _unknown(ctx)
    timeline = ctx.frame.between(cal.window_opens, None if params.open_after else cal.period_end)
    figures: dict[str, object] = {
        "window_opens": cal.window_opens.isoformat(),
        "window_closes": cal.period_end.isoformat(),
        "deadline": cal.period_end.isoformat(),
    }
    holds = timeline.at_start()
    return Measured(
        timeline,
        figures,
        f"window {cal.window_opens}..{cal.period_end}" + (" (open)" if holds else " (closed)"),
        1.0 if holds else 0.0,
    )


@measure("late_window", BookParams, figures=("deadline", "late_closes", "late_days", "day_number"))
def late_window(ctx: EvalContext, params: BookParams) -> Measured:
    """Within the late-renewal window: day 1 is the day after valid-through (CCM-R9-count)."""
    cal = _calendar(ctx, params.book)
    if cal is None or cal.late_closes is None:
        return Measured(ctx.frame.never(), {}, "no late window", 0.0)
    timeline = ctx.frame.between(cal.period_end + timedelta(days=1), cal.late_closes)
    day = cal.late_day_number(ctx.on)
    figures: dict[str, object] = {
        "deadline": cal.period_end.isoformat(),
        "late_closes": cal.late_closes.isoformat(),
        "late_days": cal.late_days,
        "day_number": day,
    }
    holds = timeline.at_start()
    detail = f"day {day} after expiry of at most {cal.late_days}" if day > 0 else "not expired"
    return Measured(timeline, figures, detail, 1.0 if holds else 0.0)


class ReasonParams(Params):
    # The certifier judges the reason (CCM-R9 "clear, compelling"): a question without default.
    question: str | None = None
    accepted_when: str = ""


@measure("late_reason", ReasonParams, figures=("reasons", "documented"))
def late_reason(ctx: EvalContext, params: ReasonParams) -> Measured:
    """A documented reason for missing the deadline (disclosure type late_renewal_reason)."""
    reasons = [d for d in ctx.profile.disclosures if d.type == "late_renewal_reason"]
    documented = [d for d in reasons if d.documented]
    holds = bool(documented)
    if holds and params.question is not None:
        holds = ctx.reading(params.question) == params.accepted_when
    return Measured(
        ctx.frame.constant(holds),
        {"reasons": len(reasons), "documented": len(documented)},
        f"{len(documented)} documented reason(s) of {len(reasons)} given",
        1.0 if holds else (0.5 if documented else 0.0),
    )


class ExamParams(BookParams):
    names: list[str]
    in_year_due: bool = False  # CDMS-R1: re-examination in the year the renewal is due


@measure("renewal_exam", ExamParams, figures=("exams", "from", "to", "deadline"))
def renewal_exam(ctx: EvalContext, params: ExamParams) -> Measured:
    """The certification exam passed again within the renewal period (or the year due)."""
    cal = _calendar(ctx, params.book)
    if cal is None:
        return _unknown(ctx)
    first, last = cal.period_start, cal.period_end
    if params.in_year_due:
        first, last = date(cal.period_end.year, 1, 1), date(cal.period_end.year, 12, 31)
    passed = [
        e
        for e in ctx.profile.exams_passed
        if e.name in params.names and first <= e.date <= min(last, ctx.on)
    ]
    return Measured(
        ctx.frame.constant(bool(passed)),
        {
            "exams": [f"{e.name} {e.date}" for e in passed] or ["none"],
            "from": first.isoformat(),
            "to": last.isoformat(),
            "deadline": cal.period_end.isoformat(),
        },
        ", ".join(f"{e.name} {e.date}" for e in passed) or "not re-examined",
        1.0 if passed else 0.0,
    )


class PDParams(BookParams):
    # Categories whose threshold the catalogue does not give (ANCC-R5-det: categories 5-8).
    unknown_threshold: list[PDCategory] = []
    threshold_question: str | None = None
    counts_when: str = ""
    min_academic_credits: float = 0


@measure(
    "pd_activity",
    PDParams,
    figures=(
        "has",
        "activities",
        "threshold_unknown",
        "not_counted",
        "not_counted_text",
        "deadline",
    ),
)
def pd_activity(ctx: EvalContext, params: PDParams) -> Measured:
    """At least one professional-development activity (ANCC categories 2-8) in the period."""
    cal = _calendar(ctx, params.book)
    if cal is None:
        return _unknown(ctx)
    in_period = [
        a
        for a in ctx.profile.other_professional_development
        if cal.period_start <= a.date <= min(cal.period_end, ctx.on)
    ]
    counted: list[str] = []
    reasons: list[str] = []
    doubtful: list[str] = []
    for activity in in_period:
        name = activity.category.value.replace("_", " ")
        if (
            activity.category == PDCategory.academic_credits
            and activity.amount < params.min_academic_credits
        ):
            reasons.append(
                f"{name}: {activity.amount:g} credits of {params.min_academic_credits:g}"
            )
        elif activity.category in params.unknown_threshold:
            doubtful.append(name)
        else:
            counted.append(name)
    holds = bool(counted)
    if not holds and doubtful and params.threshold_question is not None:
        holds = ctx.reading(params.threshold_question) == params.counts_when
    return Measured(
        ctx.frame.constant(holds),
        {
            "has": len(counted),
            "activities": counted or ["none"],
            "threshold_unknown": doubtful,
            "not_counted": reasons,
            "not_counted_text": "; not counted: " + ", ".join(reasons) + " (ANCC-R5-det)"
            if reasons
            else "",
            "deadline": cal.period_end.isoformat(),
        },
        ", ".join(counted) or "no activity of categories 2-8 in the period",
        1.0 if holds else 0.0,
    )


class StatusParams(BookParams):
    statuses: list[CertificationStatus]


@measure("certification_status", StatusParams, figures=("status",))
def certification_status(ctx: EvalContext, params: StatusParams) -> Measured:
    """The certification held has one of the statuses (active, expired, retired)."""
    schedule = _schedule(params.book)
    cert = held_certification(ctx.profile.certifications, schedule.certifications)
    holds = cert is not None and cert.status in params.statuses
    status = cert.status.value if cert is not None else "none"
    return Measured(ctx.frame.constant(holds), {"status": status}, status, 1.0 if holds else 0.0)


class AfterExpiryParams(BookParams):
    years: int = 0
    months: int = 0


@measure("after_expiry", AfterExpiryParams, figures=("until", "deadline"))
def after_expiry(ctx: EvalContext, params: AfterExpiryParams) -> Measured:
    """From the day after valid-through up to N years/months after it (CCM-R10: 5 years)."""
    cal = _calendar(ctx, params.book)
    if cal is None:
        return _unknown(ctx)
    until = add_months(cal.period_end, 12 * params.years + params.months)
    timeline = ctx.frame.between(cal.period_end + timedelta(days=1), until)
    return Measured(
        timeline,
        {"until": until.isoformat(), "deadline": cal.period_end.isoformat()},
        f"until {until}",
        1.0 if timeline.at_start() else 0.0,
    )


class PractisingParams(BookParams):
    value: bool
    months_after_expiry: int = 0


@measure("still_practising", PractisingParams, figures=("until",))
def still_practising(ctx: EvalContext, params: PractisingParams) -> Measured:
    """`still_practicing_case_management` is the value given (CCM-R10); holds up to N months
    after the valid-through date."""
    cal = _calendar(ctx, params.book)
    given = ctx.profile.still_practicing_case_management
    if cal is None or given is None or given != params.value:
        return Measured(ctx.frame.never(), {}, "not stated" if given is None else str(given), 0.0)
    until = add_months(cal.period_end, params.months_after_expiry)
    timeline = ctx.frame.between(None, until) if params.months_after_expiry else ctx.frame.always()
    return Measured(timeline, {"until": until.isoformat()}, f"until {until}", 1.0)


@measure("ce_before_period", BookParams, figures=("hours", "records", "period_start"))
def ce_before_period(ctx: EvalContext, params: BookParams) -> Measured:
    """Some CE record is dated before the current renewal period (CCM-R-U: carry-over)."""
    cal = _calendar(ctx, params.book)
    if cal is None:
        return _unknown(ctx)
    earlier = [r for r in ctx.profile.ce_records if r.date < cal.period_start]
    hours = sum(r.hours for r in earlier)
    return Measured(
        ctx.frame.constant(bool(earlier)),
        {"hours": hours, "records": len(earlier), "period_start": cal.period_start.isoformat()},
        f"{len(earlier)} record(s), {hours:g} h before {cal.period_start}",
        1.0,
    )
