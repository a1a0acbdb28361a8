"""Vectorised twins of the measures, keyed by measure name: each gives, for every person at once,
whether the test holds on the date and whether that answer is exact (`known`).

Where a twin cannot match the measure exactly for a person (an unknown input the measure would
ask about, months of several periods whose merging it does not reproduce), `known` is False for
that person and the per-person engine decides. Twins never guess: a bound is used only in the
direction it is sound (an upper bound below the threshold is a definite "no").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from casepath.columnar.frame import EPOCH_ORDINAL, NO_DATE, Array, PeopleFrame
from casepath.dates import AVERAGE_MONTH_DAYS, shift_ordinal_by_months
from casepath.rules.measures.credentials import US_STATES, DegreeParams, ExamParams, LicenseParams
from casepath.rules.measures.experience import (
    PART_TIME_MODES,
    CurrentJobParams,
    HoursParams,
    MonthsParams,
)
from casepath.rules.measures.jobs import JobFilter
from casepath.rules.measures.misc import CEParams, CharacterParams, ConstantParams, PurchasersParams
from casepath.rules.measures.registry import Params
from casepath.rules.work import FULL_TIME_WEEK_HOURS

_EPS_HOURS = 1e-6
# The engine upper-cases a state before comparing: any casing of a code is a US state.
_STATES_ANY_CASE = sorted({v for s in US_STATES for v in (s, s.lower(), s.title(), s.swapcase())})
_EPS_MONTHS = 1e-9


@dataclass
class Tri:
    """Per person: the answer, and whether it is exact."""

    value: Array
    known: Array


Twin = Callable[[PeopleFrame, Any, Mapping[str, str], date], Tri]
TWINS: dict[str, Twin] = {}


def twin(name: str) -> Callable[[Twin], Twin]:
    def register(fn: Twin) -> Twin:
        TWINS[name] = fn
        return fn

    return register


def _exact(value: Array) -> Tri:
    return Tri(value, np.ones(len(value), bool))


def weekdays_through(ordinal: Array) -> Array:
    """casepath.dates.weekdays_through: weekdays from the ordinal epoch up to `ordinal`."""
    weeks = ordinal // 7
    result: Array = weeks * 5 + np.minimum(ordinal - weeks * 7, 5)
    return result


def weekdays_in(first: Array, last: Array) -> Array:
    return np.where(last < first, 0, weekdays_through(last) - weekdays_through(first - 1))


# --------------------------------------------------------------------------------------------
# What a person holds


@twin("constant")
def _constant(
    frame: PeopleFrame, params: ConstantParams, readings: Mapping[str, str], on: date
) -> Tri:
    return _exact(np.full(len(frame), params.value))


@twin("moral_character")
def _moral(
    frame: PeopleFrame, params: CharacterParams, readings: Mapping[str, str], on: date
) -> Tri:
    # A roster never carries disclosures (roster-format.md): nobody has one to review.
    return _exact(np.ones(len(frame), bool))


@twin("license")
def _license(
    frame: PeopleFrame, params: LicenseParams, readings: Mapping[str, str], on: date
) -> Tri:
    lic = frame.tables["licenses"]
    day = on.toordinal()
    ok = lic.is_in("type", [t.value for t in params.types])
    if (
        params.open_types
        and params.open_types_question is not None
        and readings.get(params.open_types_question) == params.open_types_counts_when
    ):
        ok |= lic.is_in("type", [t.value for t in params.open_types])
    ok &= lic.is_in("status", ["active"])
    restricted = lic.flag("restricted", False)
    if not params.restricted_ok:
        allowed = (
            params.restricted_question is not None
            and readings.get(params.restricted_question) == params.restricted_counts_when
        )
        if not allowed:
            ok &= ~restricted
    foreign = ~lic.is_null("state") & ~lic.is_in("state", _STATES_ANY_CASE)
    foreign_ok = (
        params.foreign_question is not None
        and readings.get(params.foreign_question) == params.foreign_counts_when
    )
    if not foreign_ok:
        ok &= ~foreign
    issued, expires = lic.day("issued"), lic.day("expires")
    ok &= ((issued == NO_DATE) | (issued <= day)) & ((expires == NO_DATE) | (expires >= day))
    holds = frame.any_per_person("licenses", ok)
    if params.certifications:
        cert = frame.tables["certifications"]
        start, through = cert.day("cycle_start"), cert.day("valid_through")
        good = (
            cert.is_in("name", [c.value for c in params.certifications])
            & cert.is_in("status", ["active"])
            & ((start == NO_DATE) | (start <= day))
            & ((through == NO_DATE) | (through >= day))
        )
        holds |= frame.any_per_person("certifications", good)
    return _exact(holds)


@twin("degree")
def _degree(frame: PeopleFrame, params: DegreeParams, readings: Mapping[str, str], on: date) -> Tri:
    deg = frame.tables["degrees"]
    ok = np.ones(len(deg), bool)
    if params.fields is not None:
        in_fields = deg.is_in("field", params.fields, "other")
        open_ok = (
            params.open_fields_question is not None
            and readings.get(params.open_fields_question) == params.open_fields_counts_when
        )
        ok &= in_fields | (open_ok & ~deg.is_in("field", params.rejected_fields, "other"))
    in_levels = deg.is_in("level", [lv.value for lv in params.levels])
    if (
        params.open_levels
        and params.open_levels_question is not None
        and readings.get(params.open_levels_question) == params.open_levels_counts_when
    ):
        in_levels |= deg.is_in("level", [lv.value for lv in params.open_levels])
    ok &= in_levels
    # An accreditation or field experience left blank is asked about (CONV-11): the engine.
    asks = np.zeros(len(deg), bool)
    for column, wanted in (("accredited", "institution"), ("cswe_accredited", "cswe")):
        if params.accreditation == wanted:
            blank = deg.is_null(column)
            asks |= ok & blank
            ok &= ~blank & deg.flag(column, True)
    if params.field_experience is not None:
        blank = deg.is_null("supervised_field_experience")
        asks |= ok & blank
        ok &= ~blank & deg.is_in(
            "supervised_field_experience", [f.value for f in params.field_experience]
        )
    ok &= deg.day("conferred") <= on.toordinal()
    holds = frame.any_per_person("degrees", ok)
    unsure = frame.any_per_person("degrees", asks) & ~holds
    return Tri(holds, ~unsure)


@twin("exam")
def _exam(frame: PeopleFrame, params: ExamParams, readings: Mapping[str, str], on: date) -> Tri:
    exams = frame.tables["exams"]
    ok = exams.is_in("name", params.names) & (exams.day("date") <= on.toordinal())
    return _exact(frame.any_per_person("exams", ok))


@twin("ce_hours")
def _ce(frame: PeopleFrame, params: CEParams, readings: Mapping[str, str], on: date) -> Tri:
    ce = frame.tables["ce"]
    day = on.toordinal()
    when = ce.day("date")
    ok = when <= day
    if params.window_months is not None:
        ok &= when >= shift_ordinal_by_months(day, -params.window_months)
    if params.topics is not None:
        ok &= ce.matches("topic", params.topics, params.topic_prefixes)
    if params.approvers is not None:
        ok &= ce.is_in("approver", params.approvers, "other")
    hours = frame.sum_per_person("ce", np.where(ok, ce.number("hours"), 0.0))
    return _exact(hours >= params.at_least - 1e-9)


@twin("self_employment_purchasers")
def _purchasers(
    frame: PeopleFrame, params: PurchasersParams, readings: Mapping[str, str], on: date
) -> Tri:
    jobs = frame.tables["jobs"]
    cm_self = jobs.is_in("setting", ["self_employed"], "other") & ~jobs.is_in(
        "role", ["non_cm"], "non_cm"
    )
    self_employed = frame.staff.flag("self_employed", False) | frame.any_per_person("jobs", cm_self)
    # A roster lists no purchasing companies: a self-employed person has none of them.
    return _exact(~self_employed | (params.at_least <= 0))


# --------------------------------------------------------------------------------------------
# Jobs


@dataclass
class Counted:
    """The counted part of each job row: `ok` rows count from `first` to `last` (inclusive),
    `asks` rows depend on an input the engine would ask about."""

    ok: Array
    first: Array
    last: Array  # the job's end, or `on` for an ongoing job
    ongoing: Array
    asks: Array


def counted_jobs(
    frame: PeopleFrame, rules: JobFilter, readings: Mapping[str, str], on: date
) -> Counted:
    """casepath.rules.measures.jobs.counted_spans, for every job row at once."""
    # params live as long as the compiled rulebooks: their id is a stable key
    key = ("counted", id(rules), tuple((q, readings.get(q)) for q in rules.questions()), on)
    if key not in frame.memo:
        frame.memo[key] = _counted_jobs(frame, rules, readings, on)
    found: Counted = frame.memo[key]
    return found


def _counted_jobs(
    frame: PeopleFrame, rules: JobFilter, readings: Mapping[str, str], on: date
) -> Counted:
    jobs = frame.tables["jobs"]
    day = on.toordinal()
    ok = jobs.is_in("role", [r.value for r in rules.roles], "non_cm")
    if (
        rules.open_role is not None
        and rules.open_role_question is not None
        and readings.get(rules.open_role_question) == rules.open_role_counts_when
    ):
        ok |= jobs.is_in("role", [rules.open_role.value], "non_cm")
    if rules.settings is not None:
        inside = jobs.is_in("setting", [s.value for s in rules.settings], "other")
        if (
            rules.open_settings
            and rules.open_settings_question is not None
            and readings.get(rules.open_settings_question) == rules.open_settings_counts_when
        ):
            inside |= jobs.is_in("setting", [s.value for s in rules.open_settings], "other")
        ok &= inside
    paid = jobs.flag("paid", True)
    if rules.unpaid is not None:
        if readings.get(rules.unpaid.question) != rules.unpaid.counts_when:
            ok &= paid
    elif rules.paid_only:
        ok &= paid
    if rules.supervised_only:
        said = jobs.is_null("supervised")
        unsupervised = jobs.lower_is_in("supervisor", ["none", "no", "n/a"])
        inferred = ~unsupervised & ~jobs.is_in("setting", ["self_employed"], "other")
        ok &= np.where(said, inferred, jobs.flag("supervised", False))
    if rules.ccm_supervised:
        ok &= jobs.flag("supervised_by_ccm", False)
    domains = np.nan_to_num(jobs.number("cdms_domains_attested"), nan=0.0)
    ok &= domains >= rules.min_domains

    start = jobs.day("start")
    first = start.copy()
    asks = np.zeros(len(jobs), bool)
    if rules.ccm_supervised and rules.supervisor_timing_question:
        since = jobs.day("supervisor_ccm_since")
        timing = (since == NO_DATE) | (since > start)
        if readings.get(rules.supervisor_timing_question) == rules.supervisor_timing_strict_when:
            asks |= ok & timing & (since == NO_DATE)
            ok &= ~(timing & (since == NO_DATE))
            first = np.where(timing & (since != NO_DATE), np.maximum(first, since), first)
    if rules.while_licensed is not None:
        lic = frame.tables["licenses"]
        of_type = lic.is_in("type", [t.value for t in rules.while_licensed])
        issued = lic.day("issued")
        has = frame.any_per_person("licenses", of_type)
        blank = frame.any_per_person("licenses", of_type & (issued == NO_DATE))
        earliest = frame.min_per_person("licenses", np.where(of_type, issued, np.inf), np.inf)
        person = jobs.person
        ok &= has[person]
        licensed_from = np.where(blank[person], first, earliest[person])
        first = np.maximum(
            first, np.where(np.isfinite(licensed_from), licensed_from, first)
        ).astype(np.int64)
    if rules.after_degree is not None:
        deg = frame.tables["degrees"]
        match = deg.is_in("level", [lv.value for lv in rules.after_degree.levels]) & deg.is_in(
            "field", [rules.after_degree.field], "other"
        )
        conferred = frame.min_per_person(
            "degrees", np.where(match, deg.day("conferred"), np.inf), np.inf
        )
        c = conferred[jobs.person]
        ok &= np.isfinite(c)
        first = np.maximum(first, np.where(np.isfinite(c), c, first)).astype(np.int64)
    end = jobs.day("end")
    ongoing = end == NO_DATE
    last = np.where(ongoing, day, np.minimum(end, day))
    return Counted(ok, first, last, ongoing, asks)


def _rates(frame: PeopleFrame, on: date) -> tuple[Array, Array]:
    """Hours per weekday and weekly hours of each job row (casepath.rules.work.job_span)."""
    key = ("rates", on)
    if key not in frame.memo:
        frame.memo[key] = _job_rates(frame, on)
    found: tuple[Array, Array] = frame.memo[key]
    return found


def _job_rates(frame: PeopleFrame, on: date) -> tuple[Array, Array]:
    jobs = frame.tables["jobs"]
    start, end = jobs.day("start"), jobs.day("end")
    documented = jobs.number("documented_hours")
    weekly = jobs.number("hours_per_week")
    until = np.where(end == NO_DATE, on.toordinal(), end)
    weekdays = weekdays_in(start, until)
    rate = np.where(
        ~np.isnan(documented),
        np.divide(documented, weekdays, out=np.zeros(len(jobs)), where=weekdays > 0),
        np.where(np.isnan(weekly), 0.0, weekly / 5),
    )
    weekly_hours = np.where(np.isnan(weekly), rate * 5, weekly)
    return rate, weekly_hours


def _unsure(frame: PeopleFrame, asks: Array) -> Array:
    return frame.any_per_person("jobs", asks)


@twin("experience_hours")
def _hours(frame: PeopleFrame, params: HoursParams, readings: Mapping[str, str], on: date) -> Tri:
    counted = counted_jobs(frame, params.jobs, readings, on)
    rate, _ = _rates(frame, on)
    first = counted.first
    if params.window_months is not None:
        first = np.maximum(first, shift_ordinal_by_months(on.toordinal(), -params.window_months))
    hours = np.where(counted.ok, rate * weekdays_in(first, counted.last), 0.0)
    total = frame.sum_per_person("jobs", hours)
    holds = total >= params.at_least - _EPS_HOURS
    unsure = _unsure(frame, counted.asks)
    return Tri(holds, ~unsure)


@twin("currently_employed")
def _current(
    frame: PeopleFrame, params: CurrentJobParams, readings: Mapping[str, str], on: date
) -> Tri:
    counted = counted_jobs(frame, params.jobs, readings, on)
    day = on.toordinal()
    jobs = frame.tables["jobs"]
    end = jobs.day("end")
    under_way = counted.ok & (counted.first <= day) & ((end == NO_DATE) | (end >= day))
    return Tri(frame.any_per_person("jobs", under_way), ~_unsure(frame, counted.asks))


def _add_months(ordinal: Array, months: Array) -> Array:
    """casepath.dates.add_months on ordinals: clamped to the end of a shorter month."""
    from casepath.columnar.calendar import ymd

    year, month, day = ymd(ordinal)
    index = year * 12 + (month - 1) + months - 1970 * 12
    first = index.astype("datetime64[M]").astype("datetime64[D]")
    length = ((index + 1).astype("datetime64[M]").astype("datetime64[D]") - first).astype(np.int64)
    result: Array = first.astype(np.int64) + EPOCH_ORDINAL + np.minimum(day, length) - 1
    return result


def month_count(first: Array, last: Array) -> Array:
    """casepath.dates.month_count for whole columns: CONV-3 full months of [first, last] plus
    the leftover days as a fraction of an average month (below one)."""
    from casepath.columnar.calendar import ymd

    y1, m1, _ = ymd(first)
    after = last + 1
    y2, m2, _ = ymd(after)
    months = (y2 - y1) * 12 + (m2 - m1)
    months = np.where(_add_months(first, months) > after, months - 1, months)
    months = np.maximum(months, 0)
    leftover = after - _add_months(first, months)
    out = months + np.minimum(leftover / AVERAGE_MONTH_DAYS, 0.999)
    result: Array = np.where(last >= first, out, 0.0)
    return result


def merged(person: Array, rows: Array, first: Array, last: Array) -> tuple[Array, Array, Array]:
    """The union of the rows' periods, person by person: (person, first, last) per period,
    sorted by person then first (casepath.rules.work.merge)."""
    keep = rows & (first <= last)
    p, f, la = person[keep], first[keep], last[keep]
    shift = p.astype(np.int64) * (1 << 32)
    if len(p) > 1 and not np.all(np.diff(shift + f) >= 0):  # rosters usually come sorted
        order = np.argsort(shift + f, kind="stable")
        p, f, la, shift = p[order], f[order], la[order], shift[order]
    if len(p) == 0:
        return p, f, la
    # running end of the merged period, person by person (persons sorted, ends < 2^32)
    reach = np.maximum.accumulate(shift + la) - shift
    starts = np.ones(len(p), bool)
    starts[1:] = (p[1:] != p[:-1]) | (f[1:] > reach[:-1] + 1)
    at = np.flatnonzero(starts)
    return p[at], f[at], np.maximum.reduceat(la, at)


def _pairs(left: Array, right: Array) -> tuple[Array, Array]:
    """Index pairs (i, j) with left[i] == right[j]; `right` sorted."""
    lo = np.searchsorted(right, left, side="left")
    hi = np.searchsorted(right, left, side="right")
    counts = hi - lo
    i = np.repeat(np.arange(len(left)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return i, np.repeat(lo, counts) + offsets


def _months_per_person(n: int, person: Array, first: Array, last: Array) -> Array:
    return np.bincount(person, weights=month_count(first, last), minlength=n)


def pro_rata_months(
    frame: PeopleFrame,
    part: Array,
    counted: Counted,
    covered: tuple[Array, Array, Array],
    rate: Array,
    month_hours: float,
) -> Array:
    """casepath.rules.work.pro_rata_months for every person: part-time hours as full-time
    months, minus hours on days already counted full-time, capped at the part-time work's own
    calendar months outside the full-time ones (CONV-6, CONV-7)."""
    n = len(frame)
    person = frame.tables["jobs"].person
    rows = np.flatnonzero(part & (counted.first <= counted.last))
    first, last, who = counted.first[rows], counted.last[rows], person[rows]
    hours = rate[rows] * weekdays_in(first, last)
    c_person, c_first, c_last = covered
    i, j = _pairs(who, c_person)
    overlap = rate[rows][i] * weekdays_in(
        np.maximum(c_first[j], first[i]), np.minimum(c_last[j], last[i])
    )
    total = np.bincount(who, weights=hours, minlength=n) - np.bincount(
        who[i], weights=overlap, minlength=n
    )
    own = merged(who, np.ones(len(rows), bool), first, last)
    k, m = _pairs(own[0], c_person)
    lo = np.maximum(own[1][k], c_first[m])
    hi = np.minimum(own[2][k], c_last[m])
    both = lo <= hi
    cap = _months_per_person(n, *own) - _months_per_person(n, own[0][k][both], lo[both], hi[both])
    result: Array = np.maximum(0.0, np.minimum(total / month_hours, cap))
    return result


@twin("experience_months")
def _months(frame: PeopleFrame, params: MonthsParams, readings: Mapping[str, str], on: date) -> Tri:
    """casepath.rules.measures.experience.experience_months at the date, for every person:
    full-time periods merged (CONV-3, CONV-7), part-time work per the reading (CONV-6)."""
    counted = counted_jobs(frame, params.jobs, readings, on)
    rate, weekly = _rates(frame, on)
    person = frame.tables["jobs"].person
    full_week = FULL_TIME_WEEK_HOURS
    month_hours = None
    mode = None
    if params.part_time_question is not None:
        reading = readings.get(params.part_time_question, "")
        mode = params.part_time_modes.get(reading, reading)
        full_week, month_hours = PART_TIME_MODES[mode]
    # calendar_months counts part-time months in full (CONV-6)
    full = counted.ok & ((mode == "calendar_months") | (weekly >= full_week - 1e-9))
    covered = merged(person, full, counted.first, counted.last)
    months = _months_per_person(len(frame), *covered)
    if month_hours is not None and mode != "calendar_months":
        part = counted.ok & ~full
        months = months + pro_rata_months(frame, part, counted, covered, rate, month_hours)
    return Tri(months >= params.at_least - _EPS_MONTHS, ~_unsure(frame, counted.asks))


def params_of(measure: str, raw: Mapping[str, Any]) -> Params:
    from casepath.rules.measures.registry import lookup

    params: Params = lookup(measure).params.model_validate(dict(raw))
    return params
