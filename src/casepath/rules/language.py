"""The rule language: what a rulebook file may say.

A rulebook is one YAML file per credential with effective-dated versions. Each version holds a
requirement tree. A node is exactly one of:

- `all: [...]`   every child must hold (a child marked `gate: true` is a prerequisite: when it
                 fails, the other missing items are not listed);
- `any: [...]`   explicit alternative paths (Option A / B, Category 1 / 2 / 3), tried in order;
- `not: {...}`   the child must not hold;
- `by_reading`   the catalogue leaves the rule open: one sub-tree per reading of a question;
- `test: NAME`   a measure (casepath.rules.measures) with typed `params`;
- `advisory: NAME` a measure whose truth adds `note` to the result and never changes it.

Every node carries the rule IDs of spec/rules.md it encodes, the source keys it cites, a plain
label, and templates for what is missing (`missing`), the event that would satisfy it when time
alone will not (`event`), and the path name when it is chosen (`path_label`). Templates use the
figures a measure reports: `{has}`, `{need}`, `{short}`, ...
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casepath.guidance.facts import Guidance


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Question(Strict):
    """An open point of the catalogue (UNKNOWN or conflict) with its named readings."""

    id: str
    rules: list[str] = Field(default_factory=list)
    label: str
    readings: dict[str, str]
    default: str | None = None
    # `policy`: the certifier's open point (never answered by the person); `fact`: a fact about
    # the person's record that the profile leaves out (CONV-11), answered in `answers:`.
    kind: Literal["fact", "policy"] = "policy"
    # CCM-E3-U: a question whose mere presence calls for manual review by the certifier.
    forces_review: bool = False
    # What the earliest-date note says while that review is pending.
    review_note: str = ""

    @model_validator(mode="after")
    def _default_is_a_reading(self) -> Question:
        if len(self.readings) < 2:
            raise ValueError(f"question {self.id}: needs at least two readings")
        if self.default is not None and self.default not in self.readings:
            raise ValueError(
                f"question {self.id}: default {self.default!r} is not one of "
                f"{', '.join(self.readings)}"
            )
        return self


class Node(Strict):
    id: str
    label: str
    rules: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    text: str = ""
    path_label: str | None = None
    variant: str | None = None
    gate: bool = False
    missing: str | None = None
    event: str | None = None
    note: str | None = None
    note_if: bool = True  # an advisory's note shows when its measure holds (or fails) on day 0

    all: list[Node] | None = None
    any: list[Node] | None = None
    not_: Node | None = Field(default=None, alias="not")
    by_reading: ByReading | None = None
    test: str | None = None
    advisory: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @property
    def kind(self) -> str:
        for kind in ("all", "any", "by_reading", "test", "advisory"):
            if getattr(self, kind) is not None:
                return kind
        return "not"

    @property
    def children(self) -> list[Node]:
        if self.all is not None:
            return self.all
        if self.any is not None:
            return self.any
        if self.not_ is not None:
            return [self.not_]
        if self.by_reading is not None:
            return list(self.by_reading.cases.values())
        return []

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> Node:
        kinds = [
            k
            for k, v in (
                ("all", self.all),
                ("any", self.any),
                ("not", self.not_),
                ("by_reading", self.by_reading),
                ("test", self.test),
                ("advisory", self.advisory),
            )
            if v is not None
        ]
        if len(kinds) != 1:
            raise ValueError(
                f"node {self.id}: needs exactly one of all, any, not, by_reading, test, "
                f"advisory; has {', '.join(kinds) or 'none'}"
            )
        if self.params and self.test is None and self.advisory is None:
            raise ValueError(f"node {self.id}: params are only for test and advisory nodes")
        if self.advisory is not None and not self.note:
            raise ValueError(f"node {self.id}: an advisory node needs a note")
        return self


class ByReading(Strict):
    question: str
    cases: dict[str, Node]


class Version(Strict):
    version: str
    effective_from: date
    # When the catalogue only brackets the start (ACM-E-hist): the earliest possible start.
    may_start_from: date | None = None
    effective_to: date | None = None
    summary: str = ""
    questions: list[Question] = Field(default_factory=list)
    requirement: Node

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


class Rulebook(Strict):
    credential: str
    issuer: str
    title: str
    summary: str = ""
    # When the credential was created: before it, applying is not possible (not_applicable);
    # between it and the first version the catalogue holds, the rules are UNKNOWN.
    introduced: date | None = None
    # GUIDE-1 to GUIDE-6: the facts that guidance on choosing this credential rests on.
    guidance: Guidance | None = None
    versions: list[Version]

    def versions_on(self, day: date) -> list[Version]:
        """The versions in force on `day`: two where the start of the later one is uncertain."""
        return [version for version in self.versions if _in_force(version, day)]

    def next_change_after(self, day: date) -> Version | None:
        for version in self.versions:
            start = version.may_start_from or version.effective_from
            if start > day:
                return version
        return None


def _in_force(version: Version, day: date) -> bool:
    start = version.may_start_from or version.effective_from
    return start <= day and (version.effective_to is None or day <= version.effective_to)


Node.model_rebuild()
ByReading.model_rebuild()
