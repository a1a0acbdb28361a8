"""Judge one credential: every reading of the open questions that matter, combined.

1. Explore the version's tree (rules.outcomes): measures ask the open questions that the
   profile makes relevant, and the distinct outcomes over their readings are found where the
   questions meet, never over the cross product of all of them. No question is ever dropped.
2. Status (spec/profile-format.md, "Open questions"): questions with a default stay at it;
   where the readings of questions without one disagree, the status is `indeterminate`.
3. `alternatives`: for each question that changes the outcome, the outcome under each reading
   (the other questions with a default at their default).
4. Earliest eligibility date: the first day on which every no-default reading gives eligible;
   never projected across a rule change (CONV-8, CONV-9).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from casepath.catalogue import Catalogue
from casepath.profile.model import Profile
from casepath.result import CredentialResult, OpenQuestion, QuestionAnswer, Status, TraceNode
from casepath.rules import evaluator
from casepath.rules.facts import (
    INPUT_PREFIX,
    answer_label,
    answer_of,
    plain_question,
    settled_readings,
)
from casepath.rules.language import Question, Rulebook, Version
from casepath.rules.outcomes import Explorer, Fixed
from casepath.timeline import Frame, Timeline, all_of

HORIZON_DAYS = 3653  # ten years of projection


@dataclass
class World:
    """One combination of readings (every question asked) and the evaluated tree under it."""

    readings: dict[str, str]
    result: evaluator.Evaluated

    @property
    def status(self) -> Status:
        return Status.eligible if self.result.holds else Status.not_eligible


@dataclass
class VersionJudgement:
    version: Version
    explorer: Explorer
    # Every open question asked, in the order first asked (the person's answers excluded).
    questions: dict[str, Question]

    def outcomes(self, fixed: Fixed) -> list[evaluator.Evaluated]:
        return self.explorer.outcomes(self.version.requirement, fixed).outcomes

    def defaults(self) -> list[evaluator.Evaluated]:
        """The outcomes with every question with a default at its default."""
        return self.outcomes({})

    def under(self, question_id: str, reading: str) -> list[evaluator.Evaluated]:
        """The outcomes where the question takes `reading`, the others with a default at it."""
        question = self.questions[question_id]
        return self.outcomes({} if reading == question.default else {question_id: reading})

    def world(self, fixed: Fixed) -> World:
        """The one combination `fixed` completes with defaults and first readings."""
        readings = {
            q.id: fixed.get(q.id) or q.default or next(iter(q.readings))
            for q in self.questions.values()
        }
        return World(readings, self.explorer.evaluate(self.version.requirement, fixed))

    def first_world(self, eligible: bool) -> World | None:
        """The first combination (questions in the order asked, readings in the order
        declared; defaults kept) whose outcome is or is not eligible, if any."""
        root = self.version.requirement
        fixed: dict[str, str] = {}
        explored = self.explorer.outcomes(root, fixed)
        if not any(o.holds == eligible for o in explored.outcomes):
            return None
        while explored.free:
            question_id = next(q for q in self.explorer.seen if q in explored.free)
            for reading in self.explorer.seen[question_id].readings:
                trial = self.explorer.outcomes(root, {**fixed, question_id: reading})
                if any(o.holds == eligible for o in trial.outcomes):
                    fixed[question_id] = reading
                    explored = trial
                    break
        return self.world(fixed)


def judge_version(version: Version, profile: Profile, on: date) -> VersionJudgement:
    frame = Frame.of(on, HORIZON_DAYS)
    explorer = Explorer(profile, frame, version, settled_readings(profile))
    root = version.requirement
    explorer.evaluate(root, {})  # the defaults first: questions keep the order they are asked
    explorer.outcomes(root, {})
    judgement = VersionJudgement(version, explorer, {})
    while True:
        new = [
            q for q in explorer.seen if q not in judgement.questions and q not in explorer.settled
        ]
        if not new:
            break
        for question_id in new:
            judgement.questions[question_id] = explorer.seen[question_id]
        for question_id in new:
            for reading in explorer.seen[question_id].readings:
                judgement.under(question_id, reading)  # may ask further questions
    judgement.questions = {q: explorer.seen[q] for q in explorer.seen if q in judgement.questions}
    return judgement


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


def _status(outcome: evaluator.Evaluated) -> Status:
    return Status.eligible if outcome.holds else Status.not_eligible


def _result(
    rulebook: Rulebook,
    judgement: VersionJudgement,
    on: date,
    catalogue: Catalogue,
    explain: bool = True,
) -> CredentialResult:
    defaults = judgement.defaults()
    status = collapse(_status(o) for o in defaults)
    review = [q for q in judgement.questions.values() if q.forces_review]
    if review:
        status = Status.indeterminate
    alternatives, mattering = _alternatives(judgement)
    # The first combination is the defaults with first readings; where the outcomes differ,
    # the first combination of the other outcome is found as well.
    first = judgement.world({})
    eligible = first.status == Status.eligible
    shown = first if eligible else judgement.first_world(eligible=True)
    failing = judgement.first_world(eligible=False) if eligible else first
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
        questions=_open_questions(judgement, (*mattering, *review), judgement.explorer.profile),
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


def _outcomes_per_reading(judgement: VersionJudgement, question: Question) -> dict[str, str]:
    return {
        reading: collapse(_status(o) for o in judgement.under(question.id, reading)).value
        for reading in question.readings
    }


def _alternatives(judgement: VersionJudgement) -> tuple[dict[str, str], list[Question]]:
    """For each question that changes the outcome: the outcome under each of its readings."""
    alternatives: dict[str, str] = {}
    mattering: list[Question] = []
    for question in judgement.questions.values():
        outcomes = _outcomes_per_reading(judgement, question)
        if len(set(outcomes.values())) > 1:
            alternatives.update(outcomes)
            mattering.append(question)
    return alternatives, mattering


def _open_questions(
    judgement: VersionJudgement, questions: Iterable[Question], profile: Profile
) -> list[OpenQuestion]:
    """The questions that matter, in plain words, with the outcome under each answer."""
    out: list[OpenQuestion] = []
    for question in {q.id: q for q in questions}.values():
        outcomes = _outcomes_per_reading(judgement, question)
        answers = [
            QuestionAnswer(
                id=answer_of(question, reading),
                label=answer_label(question, reading),
                outcome=outcomes[reading],
                reading=reading,
            )
            for reading in question.readings
        ]
        out.append(
            OpenQuestion(
                id=question.id,
                kind=question.kind,
                question=plain_question(profile, question),
                answers=answers,
            )
        )
    return out


def _information_needed(mattering: list[Question], status: Status) -> list[str]:
    """The unknown inputs whose answer changes an indeterminate outcome."""
    if status != Status.indeterminate:
        return []
    return [q.label for q in mattering if q.id.startswith(INPUT_PREFIX)]


def _earliest(
    rulebook: Rulebook,
    judgement: VersionJudgement,
    defaults: list[evaluator.Evaluated],
    status: Status,
    on: date,
) -> tuple[date | None, str, date | None]:
    """Earliest eligibility date, its note, and until when the day-0 status holds."""
    frame = defaults[0].timeline.frame
    combined: Timeline = all_of(frame, (o.timeline for o in defaults))
    # CONV-8: the projection assumes routine renewals; `status_until` still sees the expiry.
    strict = all_of(frame, (o.strict_timeline for o in defaults))
    until = _sooner(combined.last_day_of_start_state(), strict.last_day_of_start_state())
    if status == Status.eligible:
        return on, "", until
    review = [q for q in judgement.questions.values() if q.forces_review]
    if review:
        return None, " ".join(_review_note(q) for q in review), until
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
    per_reading = _dates_per_reading(judgement)
    if first is None and per_reading:
        notes.append("No date on which every reading gives eligible.")
    elif first is None:
        events = _unique(
            e for o in defaults if not o.timeline.first_true() for e in evaluator.events_of(o)
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
        notes.extend(_renewals_assumed(_dated_outcomes(judgement, defaults)))
    return first, " ".join(notes), until


def _sooner(a: date | None, b: date | None) -> date | None:
    """The earlier of two last days, None meaning 'holds to the horizon'."""
    return b if a is None else a if b is None else min(a, b)


def _dated_outcomes(
    judgement: VersionJudgement, defaults: list[evaluator.Evaluated]
) -> list[evaluator.Evaluated]:
    """The outcomes a reported date can come from: the defaults and each question's readings."""
    outcomes = list(defaults)
    for question in judgement.questions.values():
        for reading in question.readings:
            outcomes.extend(judgement.under(question.id, reading))
    return list({id(o): o for o in outcomes}.values())


def _renewals_assumed(outcomes: list[evaluator.Evaluated]) -> list[str]:
    """'Assumes your RN licence, expiring 2027-03-31, is renewed' for each licence or
    certification whose routine renewal a projected date relies on (CONV-8)."""
    assumed: list[str] = []
    for outcome in outcomes:
        first = outcome.timeline.first_true()
        if first is None or outcome.strict_timeline.holds_on(first):
            continue  # no date, or a date that needs no renewal
        assumed.extend(text for expiry, text in evaluator.assumptions_of(outcome) if expiry < first)
    return [f"Assumes {text}, is renewed (CONV-8)." for text in _unique(assumed)]


def _review_note(question: Question) -> str:
    return question.review_note or f"Depends on the certifier's manual review: {question.label}."


def _dates_per_reading(judgement: VersionJudgement) -> list[str]:
    """'Under reading X: date' for the questions whose readings move the date."""
    lines: list[str] = []
    for question in judgement.questions.values():
        dates: dict[str, date | None] = {}
        for reading in question.readings:
            outcomes = judgement.under(question.id, reading)
            frame = outcomes[0].timeline.frame
            dates[reading] = all_of(frame, (o.timeline for o in outcomes)).first_true()
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
