"""The output model: the result format of spec/profile-format.md.

These are the only shapes interfaces see. `Report.model_dump(mode="json")` is the JSON of
`casepath check --format json` and of `POST /api/v1/check`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    eligible = "eligible"
    not_eligible = "not_eligible"
    indeterminate = "indeterminate"
    not_applicable = "not_applicable"


class Citation(BaseModel):
    """A source of the rule catalogue (spec/rules.md §10)."""

    model_config = ConfigDict(frozen=True)

    key: str
    url: str = ""
    date: str = ""


class TraceNode(BaseModel):
    """One evaluated requirement node: what was asked, the answer on the date, and why."""

    id: str
    label: str
    kind: str  # all | any | not | test | advisory
    outcome: bool | None
    rules: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    figures: dict[str, Any] = Field(default_factory=dict)
    detail: str = ""
    first_true: date | None = None
    children: list[TraceNode] = Field(default_factory=list)


class QuestionAnswer(BaseModel):
    """One answer (reading) of an open question, and the outcome under it."""

    id: str = Field(description="For a fact question, what `answers:` in the profile takes.")
    label: str
    outcome: str
    reading: str = Field(description="The key of this reading in `alternatives`.")


class OpenQuestion(BaseModel):
    """An open question that matters to the outcome. `fact`: about the person's record, the
    person may answer it (profile `answers:`); `policy`: the certifier's, only it can settle."""

    id: str
    kind: Literal["fact", "policy"]
    question: str
    answers: list[QuestionAnswer] = Field(default_factory=list)


class CredentialResult(BaseModel):
    credential: str
    issuer: str
    variant: str | None = None
    status: Status
    path: str | None = None
    missing: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    earliest_eligibility_date: date | None = None
    earliest_note: str = ""
    status_until: date | None = Field(
        default=None,
        description="Last day on which the status is known to hold if nothing changes "
        "(a licence expiring, hours sliding out of a window); null when it holds past the horizon.",
    )
    alternatives: dict[str, str] = Field(default_factory=dict)
    questions: list[OpenQuestion] = Field(
        default_factory=list,
        description="The open questions that matter to the outcome, with the outcome per answer.",
    )
    notes: list[str] = Field(default_factory=list)
    rule_version: str = ""
    trace: TraceNode | None = None


class CategoryProgress(BaseModel):
    """Hours done and still needed in one renewal category."""

    category: str
    label: str
    required: float
    counted: float
    remaining: float


class LedgerEntry(BaseModel):
    """One CE record as one certifier counts it."""

    index: int
    date: date
    hours: float
    topic: str
    approver: str
    counted_hours: float
    categories: list[str] = Field(default_factory=list)
    reason: str = ""


class RenewalResult(BaseModel):
    credential: str
    issuer: str = ""
    status: Status
    missing: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    deadline: date | None = None
    earliest_eligibility_date: date | None = None
    earliest_note: str = ""
    window_opens: date | None = None
    window_closes: date | None = None
    late_window_closes: date | None = None
    late_fee: str | None = None
    route: str | None = None
    progress: list[CategoryProgress] = Field(default_factory=list)
    ledger: list[LedgerEntry] = Field(default_factory=list)
    alternatives: dict[str, str] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
    period_start: date | None = Field(
        default=None, description="First day of the current renewal period (cycle start)."
    )
    rule_version: str = ""
    trace: TraceNode | None = None


class Reason(BaseModel):
    """One sentence of guidance and the rule IDs it rests on."""

    text: str
    rules: list[str] = Field(default_factory=list)


class GuidanceFact(BaseModel):
    """A cost, an effort or an employer fact, quoted from the catalogue (GUIDE-4, GUIDE-6)."""

    label: str
    text: str
    rules: list[str] = Field(default_factory=list)


class ApplyWindow(BaseModel):
    """The first application window the person can go in (GUIDE-5)."""

    apply_from: date
    apply_to: date
    exam_from: date
    exam_to: date
    extrapolated: bool = Field(
        description="True when the window is the catalogue's yearly pattern moved to another "
        "year rather than a window the catalogue lists."
    )
    rules: list[str] = Field(default_factory=list)


class GuidanceItem(BaseModel):
    """One credential in the order a person should consider it (rules.md §8b)."""

    credential: str
    issuer: str
    title: str
    variant: str | None = None
    group: str = Field(
        description="held (the person holds it), option (open to this person) or "
        "other_profession (needs a licence or degree of another profession, GUIDE-1)"
    )
    when: str = Field(
        description="held | now | date | undecided | event: what the person's next step "
        "depends on (GUIDE-2)"
    )
    status: Status
    headline: str = Field(description="The status and the date or event, in plain words.")
    earliest_date: date | None = None
    reasons: list[Reason] = Field(default_factory=list)
    would_take: str | None = Field(
        default=None, description="For another profession's credential: what it would take."
    )
    costs: list[GuidanceFact] = Field(default_factory=list)
    employers: list[GuidanceFact] = Field(default_factory=list)
    apply_window: ApplyWindow | None = None
    apply_when: str = Field(default="", description="When the person can apply, in words.")
    apply_page: Citation | None = None


class Report(BaseModel):
    evaluated_on: date
    rules_version: str
    results: list[CredentialResult]
    renewals: list[RenewalResult] = Field(default_factory=list)
    guidance: list[GuidanceItem] = Field(
        default_factory=list,
        description="The credentials in the order this person should consider them, with why "
        "(rules.md §8b, GUIDE-1 to GUIDE-6).",
    )
    warnings: list[str] = Field(default_factory=list)

    def result_for(self, credential: str) -> CredentialResult:
        for result in self.results:
            if result.credential == credential:
                return result
        raise KeyError(credential)


class OpenQuestionInfo(BaseModel):
    """An UNKNOWN of the catalogue that a rulebook declares, with its readings."""

    id: str
    rule: str
    label: str
    readings: dict[str, str]
    default: str | None = None


class RequirementItem(BaseModel):
    """One requirement of a rulebook in plain words, for 'what is required for X?'."""

    id: str
    kind: str  # all | any | not | test | advisory
    label: str
    text: str = ""
    rules: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    children: list[RequirementItem] = Field(default_factory=list)


class RequirementsDoc(BaseModel):
    credential: str
    issuer: str
    title: str
    rule_version: str
    effective_from: date | None = None
    effective_to: date | None = None
    summary: str = ""
    requirement: RequirementItem
    open_questions: list[OpenQuestionInfo] = Field(default_factory=list)


class CredentialInfo(BaseModel):
    id: str
    issuer: str
    title: str
    summary: str = ""
