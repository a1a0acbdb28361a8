"""Measures on CE, self-employment, moral character, and plain constants."""

from __future__ import annotations

import itertools
import unicodedata
from bisect import bisect_left, bisect_right

from casepath.dates import add_months, days, shift_ordinal_by_months
from casepath.rules.context import EvalContext, Measured
from casepath.rules.measures.figures import THRESHOLD, progress, threshold_figures
from casepath.rules.measures.registry import Params, measure


class CEParams(Params):
    at_least: float
    topics: list[str] | None = None  # None: every topic
    topic_prefixes: list[str] = []
    approvers: list[str] | None = None  # None: every approver
    window_months: int | None = None  # look-back window (CONV-5); None: all time


def ce_topic_matches(topic: str, topics: list[str] | None, prefixes: list[str]) -> bool:
    if topics is None:
        return True
    return topic in topics or any(topic.startswith(p) for p in prefixes)


@measure(
    "ce_hours", CEParams, figures=(*THRESHOLD, "not_counted", "not_counted_text", "window_months")
)
def ce_hours(ctx: EvalContext, params: CEParams) -> Measured:
    """CE contact hours of the topics and approvers given, completed by the day asked about
    (no CE is projected), within the look-back window when one is set (CONV-5)."""
    frame = ctx.frame
    on = ctx.on
    records = []
    excluded = []
    for r in ctx.profile.ce_records:  # one pass: counted or not (O(n), no list membership)
        if r.date > on:
            continue
        if ce_topic_matches(r.topic, params.topics, params.topic_prefixes) and (
            params.approvers is None or r.approver in params.approvers
        ):
            records.append(r)
        else:
            excluded.append(f"{r.hours:g} h {r.topic.replace('_', ' ')} ({r.date})")

    # Hours by day, with running totals: any window's sum is two binary searches.
    dated = sorted((r.date.toordinal(), r.hours) for r in records)
    when = [day for day, _ in dated]
    running = list(itertools.accumulate((hours for _, hours in dated), initial=0.0))

    def in_window(day: int) -> float:
        last = bisect_right(when, day)
        if params.window_months is None:
            return running[last]
        first = bisect_left(when, shift_ordinal_by_months(day, -params.window_months))
        return round(running[last] - running[first], 9)  # no float residue of the subtraction

    need = params.at_least
    drop_days = []
    if params.window_months is not None:
        # A record stops counting on the day after its window anniversary.
        drop_days = [
            (add_months(r.date, params.window_months) + days(1)).toordinal() for r in records
        ]
    timeline = frame.stepwise(lambda day: in_window(day) >= need - 1e-9, drop_days)
    value = in_window(frame.start)
    figures = threshold_figures(value, need, "CE hours")
    figures["not_counted"] = excluded
    figures["not_counted_text"] = "; not counted: " + ", ".join(excluded) if excluded else ""
    if params.window_months is not None:
        figures["window_months"] = params.window_months
    return Measured(timeline, figures, f"{value:g} of {need:g} CE hours", progress(value, need))


def firm_key(name: str) -> str:
    """How one firm is recognised across listings: its name, compared without regard to case,
    Unicode compatibility forms or spacing ("Acme  Comp" = "acme comp")."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class PurchasersParams(Params):
    at_least: int


@measure(
    "self_employment_purchasers",
    PurchasersParams,
    figures=(*THRESHOLD, "self_employed", "purchasers"),
)
def self_employment_purchasers(ctx: EvalContext, params: PurchasersParams) -> Measured:
    """Self-employed applicants list the companies buying their services, with dates of
    service and billable hours per month (CCM-E2.5); holds for everyone else."""
    profile = ctx.profile
    self_employed = profile.self_employed or any(
        j.setting.value == "self_employed" and j.role.value != "non_cm" for j in profile.jobs
    )
    frame = ctx.frame
    if not self_employed:
        return Measured(frame.always(), {"self_employed": False}, "not self-employed", 1.0)
    listed = [
        p
        for p in profile.purchasing_companies
        if p.start is not None and p.billable_hours_per_month is not None
    ]
    # A firm listed twice (a renewed contract) is one purchaser (CCM-E2.5), counted from its
    # first listed start; a later start counts from that day (a listed future contract).
    firms: dict[str, int] = {}
    for p in listed:
        if p.start is not None:
            key = firm_key(p.name)
            firms[key] = min(firms.get(key, p.start.toordinal()), p.start.toordinal())
    starts = sorted(firms.values())
    timeline = frame.stepwise(lambda day: bisect_right(starts, day) >= params.at_least, starts)
    value = bisect_right(starts, frame.start)
    figures = threshold_figures(value, params.at_least, "purchasers")
    figures["self_employed"] = True
    names: dict[str, str] = {}
    for p in listed:
        names.setdefault(firm_key(p.name), p.name)  # one name per firm, as first spelt
    figures["purchasers"] = list(names.values())
    return Measured(
        timeline,
        figures,
        f"{value} of {params.at_least} purchasers listed",
        progress(value, params.at_least),
    )


class CharacterParams(Params):
    question: str
    cleared_when: str = "review_cleared"


@measure("moral_character", CharacterParams, figures=("disclosures", "types"))
def moral_character(ctx: EvalContext, params: CharacterParams) -> Measured:
    """No moral-character disclosure, or the certifier's review clears it (CCM-E3-U)."""
    disclosures = [d for d in ctx.profile.disclosures if d.is_moral_character]
    frame = ctx.frame
    if not disclosures:
        return Measured(frame.always(), {"disclosures": 0}, "no disclosures", 1.0)
    cleared = ctx.reading(params.question) == params.cleared_when
    return Measured(
        frame.constant(cleared),
        {"disclosures": len(disclosures), "types": [d.type for d in disclosures]},
        f"{len(disclosures)} disclosure(s) for the certifier's manual review",
        1.0 if cleared else 0.0,
    )


class ConstantParams(Params):
    value: bool = True


@measure("constant", ConstantParams, figures=())
def constant(ctx: EvalContext, params: ConstantParams) -> Measured:
    """Always the given value: a rule with nothing to measure in the profile."""
    return Measured(ctx.frame.constant(params.value), {}, "", 1.0 if params.value else 0.0)
