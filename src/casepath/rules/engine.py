"""Judge one credential: every reading of the open questions that matter, combined.

1. Evaluate the version's tree under the default readings; measures ask the open questions
   that the profile makes relevant. Re-evaluate under every combination of the readings of
   those questions (leaf results are cached per reading they used).
2. Status (spec/profile-format.md, "Open questions"): questions with a default stay at it;
   where the readings of questions without one disagree, the status is `indeterminate`.
3. `alternatives`: for each question that changes the outcome, the outcome under each reading.
4. Earliest eligibility date: the first day on which every no-default reading gives eligible;
   never projected across a rule change (CONV-8, CONV-9).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from casepath.catalogue import Catalogue
from casepath.profile.model import Profile
from casepath.result import CredentialResult, Status, TraceNode
from casepath.rules import evaluator
from casepath.rules.context import INPUT_PREFIX, EvalContext
from casepath.rules.language import Question, Rulebook, Version
from casepath.timeline import Frame, Timeline, all_of

HORIZON_DAYS = 3653  # ten years of projection
MAX_QUESTIONS = 8  # a guard: 2^8 combinations at most


@dataclass
class World:
    """One combination of readings and the evaluated tree under it."""

    readings: dict[str, str]
    result: evaluator.Evaluated

    @property
    def status(self) -> Status:
        return Status.eligible if self.result.holds else Status.not_eligible


@dataclass
class VersionJudgement:
    version: Version
    questions: dict[str, Question]
    worlds: list[World]

    def default_worlds(self) -> list[World]:
        return [
            w
            for w in self.worlds
            if all(w.readings[q.id] == q.default for q in self.questions.values() if q.default)
        ]


def judge_version(version: Version, profile: Profile, on: date) -> VersionJudgement:
    frame = Frame.of(on, HORIZON_DAYS)
    seen: dict[str, Question] = {}
    cache: evaluator.NodeCache = {}
    worlds: dict[tuple[tuple[str, str], ...], World] = {}
    known: list[str] = []
    while True:
        for combo in _combinations(known, seen):
            key = tuple(sorted(combo.items()))
            if key in worlds:
                continue
            ctx = EvalContext(profile, frame, version, combo, seen)
            worlds[key] = World(combo, evaluator.evaluate(version.requirement, ctx, cache))
        new = [q for q in seen if q not in known]
        if not new or len(known) >= MAX_QUESTIONS:
            break
        known.extend(new[: MAX_QUESTIONS - len(known)])
    complete = [w for w in worlds.values() if set(w.readings) == set(known)]
    for world in complete:
        world.readings = {q: world.readings[q] for q in known}
    return VersionJudgement(version, {q: seen[q] for q in known}, complete)


def _combinations(known: list[str], seen: dict[str, Question]) -> Iterable[dict[str, str]]:
    choices = [list(seen[q].readings) for q in known]
    for values in itertools.product(*choices):
        yield dict(zip(known, values, strict=True))


def collapse(statuses: Iterable[Status]) -> Status:
    distinct = set(statuses)
    return distinct.pop() if len(distinct) == 1 else Status.indeterminate


def judge_credential(
    rulebook: Rulebook,
    profile: Profile,
    on: date,
    catalogue: Catalogue,
    *,
    explain: bool = True,
) -> CredentialResult:
    """Judge one credential on `on`; `explain=False` leaves out the trace (batch use)."""
    versions = rulebook.versions_on(on)
    if not versions:
        if rulebook.introduced is not None and on < rulebook.introduced:
            return CredentialResult(
                credential=rulebook.credential,
                issuer=rulebook.issuer,
                status=Status.not_applicable,
                earliest_note=f"{rulebook.credential} did not exist on {on.isoformat()}.",
                rules=["CONV-9"],
            )
        first = rulebook.versions[0]
        return CredentialResult(
            credential=rulebook.credential,
            issuer=rulebook.issuer,
            status=Status.indeterminate,
            earliest_note=(
                f"The rules in force on {on.isoformat()} are not in the catalogue (UNKNOWN); "
                f"the earliest version it holds starts {first.effective_from.isoformat()}."
            ),
            rules=["CONV-9"],
        )
    judgements = [judge_version(v, profile, on) for v in versions]
    if len(judgements) == 1:
        return _result(rulebook, judgements[0], on, catalogue, explain)
    return _merge_versions(rulebook, judgements, on, catalogue, explain)


def _result(
    rulebook: Rulebook,
    judgement: VersionJudgement,
    on: date,
    catalogue: Catalogue,
    explain: bool = True,
) -> CredentialResult:
    defaults = judgement.default_worlds()
    status = collapse(w.status for w in defaults)
    review = [q for q in judgement.questions.values() if q.forces_review]
    if review:
        status = Status.indeterminate
    alternatives, mattering = _alternatives(judgement)
    shown = next((w for w in defaults if w.status == Status.eligible), None)
    failing = next((w for w in defaults if w.status != Status.eligible), None)
    representative = failing if failing is not None and status != Status.eligible else shown
    assert representative is not None  # every judgement has at least one default world
    tree = representative.result
    path = " + ".join(evaluator.path_of(shown.result)) or None if shown else None

    rules = evaluator.rules_of(tree)
    if status == Status.indeterminate and shown is not None:
        # What holds under the readings that make the person eligible decided too.
        rules = _unique([*evaluator.rules_of(shown.result), *rules])
    for question in (*mattering, *review):
        for rule in question.rules:
            if rule not in rules:
                rules.append(rule)
    notes = evaluator.notes_of(tree)
    notes.extend(f"Manual review: {q.label}" for q in review)
    earliest, note, until = _earliest(rulebook, judgement, defaults, status, on)
    if status == Status.not_eligible:
        missing = evaluator.missing_of(tree)
    else:
        missing = _information_needed(mattering, status)
    return CredentialResult(
        credential=rulebook.credential,
        issuer=rulebook.issuer,
        variant=evaluator.variant_of((shown or representative).result),
        status=status,
        path=path,
        missing=missing,
        rules=rules,
        earliest_eligibility_date=earliest,
        earliest_note=note,
        status_until=until,
        alternatives=alternatives,
        notes=notes,
        rule_version=judgement.version.version,
        trace=_trace(tree, representative.readings, catalogue) if explain else None,
    )


def _trace(tree: evaluator.Evaluated, readings: dict[str, str], catalogue: Catalogue) -> TraceNode:
    """The evaluated tree, saying under which readings of the open questions it was evaluated."""
    trace = evaluator.trace_of(tree, catalogue)
    if readings:
        shown = "; ".join(f"{q}={r}" for q, r in readings.items())
        trace.detail = f"evaluated under the readings {shown}"
    return trace


def _alternatives(judgement: VersionJudgement) -> tuple[dict[str, str], list[Question]]:
    """For each question that changes the outcome: the outcome under each of its readings."""
    alternatives: dict[str, str] = {}
    mattering: list[Question] = []
    for question in judgement.questions.values():
        outcomes = {
            reading: collapse(w.status for w in _worlds_with(judgement, question.id, reading)).value
            for reading in question.readings
        }
        if len(set(outcomes.values())) > 1:
            alternatives.update(outcomes)
            mattering.append(question)
    return alternatives, mattering


def _worlds_with(judgement: VersionJudgement, question_id: str, reading: str) -> list[World]:
    """Worlds where the question takes `reading` and every other defaulted question its default."""
    return [
        w
        for w in judgement.worlds
        if w.readings[question_id] == reading
        and all(
            w.readings[q.id] == q.default
            for q in judgement.questions.values()
            if q.default and q.id != question_id
        )
    ]


def _information_needed(mattering: list[Question], status: Status) -> list[str]:
    """The unknown inputs whose answer changes an indeterminate outcome."""
    if status != Status.indeterminate:
        return []
    return [q.label for q in mattering if q.id.startswith(INPUT_PREFIX)]


def _earliest(
    rulebook: Rulebook,
    judgement: VersionJudgement,
    defaults: list[World],
    status: Status,
    on: date,
) -> tuple[date | None, str, date | None]:
    """Earliest eligibility date, its note, and until when the day-0 status holds."""
    frame = defaults[0].result.timeline.frame
    combined: Timeline = all_of(frame, (w.result.timeline for w in defaults))
    # CONV-8: the projection assumes routine renewals; `status_until` still sees the expiry.
    strict = all_of(frame, (w.result.strict_timeline for w in defaults))
    until = _sooner(combined.last_day_of_start_state(), strict.last_day_of_start_state())
    if status == Status.eligible:
        return on, "", until
    if any(q.forces_review for q in judgement.questions.values()):
        return (
            None,
            "Depends on the certifier's manual review of the disclosures (CCM-E3-U).",
            until,
        )
    first = combined.first_true()
    change = rulebook.next_change_after(on)
    notes: list[str] = []
    if change is not None:
        change_day = change.may_start_from or change.effective_from
        if first is not None and first >= change_day:
            window = (
                f"between {change.may_start_from.isoformat()} and "
                f"{change.effective_from.isoformat()} (exact date UNKNOWN)"
                if change.may_start_from
                else f"on {change.effective_from.isoformat()}"
            )
            return (
                None,
                f"The rules change {window} ({change.summary}). Under the rule in force on "
                f"{on.isoformat()} alone: {first.isoformat()}. A projection does not cross a "
                "rule change (CONV-9).",
                until,
            )
    per_reading = _dates_per_reading(judgement, defaults)
    if first is None and per_reading:
        notes.append("No date on which every reading gives eligible.")
    elif first is None:
        events = _unique(
            e
            for w in defaults
            if not w.result.timeline.first_true()
            for e in evaluator.events_of(w.result)
        )
        notes.append(
            "Depends on an event, not on time: " + "; ".join(events) + "."
            if events
            else "Not reached within ten years at the current pace (CONV-8)."
        )
    else:
        notes.append("If the ongoing jobs continue unchanged (CONV-8).")
    notes.extend(per_reading)
    if first is not None or per_reading:
        notes.extend(_renewals_assumed(judgement.worlds))
    return first, " ".join(notes), until


def _sooner(a: date | None, b: date | None) -> date | None:
    """The earlier of two last days, None meaning 'holds to the horizon'."""
    return b if a is None else a if b is None else min(a, b)


def _renewals_assumed(worlds: list[World]) -> list[str]:
    """'Assumes your RN licence, expiring 2027-03-31, is renewed' for each licence or
    certification whose routine renewal a projected date relies on (CONV-8)."""
    assumed: list[str] = []
    for world in worlds:
        first = world.result.timeline.first_true()
        if first is None or world.result.strict_timeline.holds_on(first):
            continue  # no date, or a date that needs no renewal
        assumed.extend(
            text for expiry, text in evaluator.assumptions_of(world.result) if expiry < first
        )
    return [f"Assumes {text}, is renewed (CONV-8)." for text in _unique(assumed)]


def _dates_per_reading(judgement: VersionJudgement, defaults: list[World]) -> list[str]:
    """'Under reading X: date' for the questions whose readings move the date."""
    lines: list[str] = []
    for question in judgement.questions.values():
        dates: dict[str, date | None] = {}
        for reading in question.readings:
            worlds = _worlds_with(judgement, question.id, reading)
            if not worlds:
                continue
            frame = worlds[0].result.timeline.frame
            dates[reading] = all_of(frame, (w.result.timeline for w in worlds)).first_true()
        if len(set(dates.values())) > 1:
            parts = [
                f"{reading}: {d.isoformat() if d else 'no date'}" for reading, d in dates.items()
            ]
            lines.append(f"{question.label} — " + "; ".join(parts) + ".")
    return lines


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _merge_versions(
    rulebook: Rulebook,
    judgements: list[VersionJudgement],
    on: date,
    catalogue: Catalogue,
    explain: bool = True,
) -> CredentialResult:
    """The day falls where the catalogue cannot say which version is in force (CONV-9)."""
    results = [_result(rulebook, j, on, catalogue, explain) for j in judgements]
    statuses = {r.status for r in results}
    base = results[-1].model_copy()
    if len(statuses) == 1:
        base.notes.append(
            "Two rule versions may be in force on this date; they agree: "
            + ", ".join(j.version.version for j in judgements)
            + "."
        )
        return base
    base.status = Status.indeterminate
    base.alternatives = {
        **base.alternatives,
        **{
            f"rule_version_{j.version.version}": r.status.value
            for j, r in zip(judgements, results, strict=True)
        },
    }
    base.earliest_eligibility_date = None
    latest = judgements[-1].version
    base.earliest_note = (
        f"Which rule is in force on {on.isoformat()} is UNKNOWN: version {latest.version} starts "
        f"between {latest.may_start_from} and {latest.effective_from}. "
        f"It is in force for certain from {latest.effective_from.isoformat()}."
    )
    base.rules = _unique([*base.rules, "CONV-9"])
    base.missing = _unique(m for r in results for m in r.missing)
    return base


__all__ = ["HORIZON_DAYS", "collapse", "judge_credential", "judge_version"]
