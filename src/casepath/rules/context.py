"""What a measure sees: the profile, the evaluation frame, and the readings of open questions.

Measures ask for a reading only when the profile makes the question matter (a part-time job,
a supervisor who became a CCM mid-way). The context records every question asked, so the
engine evaluates the readings of exactly those questions and nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from casepath.profile.model import Profile
from casepath.rules.facts import INPUT_PREFIX, Choices, fact_question, path_of, reading_id
from casepath.rules.language import Question, Version
from casepath.timeline import Frame, Timeline

__all__ = ["INPUT_PREFIX", "EvalContext", "Measured", "reading_id"]


@dataclass
class Measured:
    """A measure's answer: when it holds, with the figures that explain it on day 0."""

    timeline: Timeline
    figures: dict[str, object] = field(default_factory=dict)
    detail: str = ""
    progress: float | None = None
    # CONV-8: the timeline without the routine renewals assumed for the projection (what
    # `status_until` reports); None when nothing was assumed.
    strict: Timeline | None = None
    # Each renewal assumed: (expiry, "your RN licence, expiring 2027-03-31").
    assumptions: list[tuple[date, str]] = field(default_factory=list)


@dataclass
class EvalContext:
    profile: Profile
    frame: Frame
    version: Version
    readings: Mapping[str, str]
    # Every question asked in any evaluation of this credential (shared across readings).
    questions_seen: dict[str, Question] = field(default_factory=dict)
    # The questions asked in this evaluation.
    consulted: set[str] = field(default_factory=set)

    @property
    def on(self) -> date:
        return self.frame.first_day

    def reading(self, question_id: str) -> str:
        """The reading in force for this evaluation; records that the question mattered."""
        return self._read(self.version.question(question_id))

    def fact(self, record: str, index: int, field: str, choices: Choices | None = None) -> str:
        """The answer to a fact the profile leaves out (CONV-11: unknown is not false), as an
        open question without default unless the person answered it (see fact_question for
        `choices`)."""
        reading = self._read(fact_question(record, index, field, choices))
        return reading[len(path_of(record, index, field)) + 1 :]

    def fact_is(self, record: str, index: int, field: str) -> bool:
        return self.fact(record, index, field) == "yes"

    def reading_of(self, question_id: str) -> str:
        chosen = self.readings.get(question_id)
        if chosen is not None:
            return chosen
        question = self.questions_seen[question_id]
        return question.default or next(iter(question.readings))

    def _read(self, question: Question) -> str:
        self.questions_seen.setdefault(question.id, question)
        self.consulted.add(question.id)
        return self.reading_of(question.id)
