"""What a rulebook declares under `guidance:`: the facts GUIDE-1 to GUIDE-6 rest on.

Every fact cites the catalogue's rule IDs; `casepath rulebooks validate` checks them like the
rule IDs of requirement nodes. Nothing here is an eligibility rule: guidance orders and explains
the verdicts, it never changes one.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Holder(_Strict):
    """Who has a profession: a licence of one of `licenses` (any status: a lapsed licence can
    be reinstated), or a degree at one of `degree_levels` in one of `degree_fields`."""

    licenses: list[str] = Field(default_factory=list)
    degree_levels: list[str] = Field(default_factory=list)
    degree_fields: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _says_something(self) -> Holder:
        if not self.licenses and not (self.degree_levels and self.degree_fields):
            raise ValueError("names no licence and no degree (levels and fields)")
        return self


class ProfessionGate(_Strict):
    """GUIDE-1: the discipline a credential is for; without it the person cannot hold it
    without a new licence or degree."""

    holders: list[Holder]
    would_take: str  # plain words: "an RN licence"
    rules: list[str]


class Fit(_Strict):
    """GUIDE-3: for whom the credential is built. `settings` is a fit by the setting of the
    person's current (or last) jobs; `holders` by profession; `everyone` fits all settings."""

    text: str
    rules: list[str]
    settings: list[str] = Field(default_factory=list)
    holders: list[Holder] = Field(default_factory=list)
    everyone: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> Fit:
        kinds = sum((bool(self.settings), bool(self.holders), self.everyone))
        if kinds != 1:
            raise ValueError("a fit names exactly one of settings, holders or everyone")
        return self

    @property
    def strength(self) -> int:
        """A fit by setting says more about the person than a fit by profession or for all."""
        return 2 if self.settings else 1


class Fact(_Strict):
    """GUIDE-4 and GUIDE-6: a cost, an effort or an employer fact, quoted with its rules."""

    label: str
    text: str
    rules: list[str]


class ExamWindow(_Strict):
    """One application period and the exam it leads to, as the catalogue gives it."""

    exam: date  # first day of testing
    exam_to: date
    apply_from: date
    apply_to: date

    @model_validator(mode="after")
    def _ordered(self) -> ExamWindow:
        if not self.apply_from <= self.apply_to <= self.exam <= self.exam_to:
            raise ValueError("needs apply_from <= apply_to <= exam <= exam_to")
        return self


class Applying(_Strict):
    """GUIDE-5: when a person can apply. Fixed windows (repeating each year) or year-round."""

    rules: list[str]
    text: str
    windows: list[ExamWindow] = Field(default_factory=list)
    year_round: bool = False
    page: str | None = None  # the certifier's application page: a source key of §10

    @model_validator(mode="after")
    def _one_kind(self) -> Applying:
        if self.year_round == bool(self.windows):
            raise ValueError("applying is either year_round or has windows, not both")
        return self


class Guidance(_Strict):
    profession: ProfessionGate | None = None
    fit: list[Fit] = Field(default_factory=list)
    costs: list[Fact] = Field(default_factory=list)
    employers: list[Fact] = Field(default_factory=list)
    applying: Applying
    no_page_note: str = ""  # why no application page is given, when `applying.page` is None

    def rule_ids(self) -> list[str]:
        ids: list[str] = []
        if self.profession:
            ids.extend(self.profession.rules)
        for fit in self.fit:
            ids.extend(fit.rules)
        for fact in (*self.costs, *self.employers):
            ids.extend(fact.rules)
        ids.extend(self.applying.rules)
        return ids
