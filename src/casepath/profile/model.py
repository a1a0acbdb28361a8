"""The input model: one person's record, as described in spec/profile-format.md.

Every record forbids unknown keys (a typo must never be silently ignored) and validates its own
dates. Vocabulary that the format leaves open (degree fields, CE topics) stays free text: the
rules decide what they know, and unknown values surface as open questions, never as guesses.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The largest figures a real record can hold: beyond them a number is a typo (or `1e308`), and
# refusing it keeps the arithmetic finite. Every bound is named in the error message.
MAX_DOCUMENTED_HOURS = 200_000
"""Hours documented for one job: 100 years of full-time work (2,000 h a year)."""
MAX_PD_AMOUNT = 10_000
"""Credits, hours or items of one professional-development record."""
MAX_BILLABLE_HOURS_PER_MONTH = 744
"""Every hour of a 31-day month."""

# The dates a career record can plausibly hold; outside them date arithmetic (look-back windows,
# renewal cycles) would leave the calendar, so they are input errors, not results. The same
# range bounds the evaluation date (`--on`, the API's `on`) and is declared in the JSON schema.
FIRST_PLAUSIBLE_DATE = date(1900, 1, 1)
LAST_PLAUSIBLE_DATE = date(2199, 12, 31)
PLAUSIBLE_DATE_PATTERN = r"^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"
"""The range as a pattern of `YYYY-MM-DD` text, for the JSON schema (which has no date bounds)."""
PLAUSIBLE_DATE_TEXT = f"a date YYYY-MM-DD between {FIRST_PLAUSIBLE_DATE} and {LAST_PLAUSIBLE_DATE}"


def _declare_date_range(schema: dict[str, Any]) -> None:
    """Every date property of a record's JSON schema says the accepted range."""
    for prop in schema.get("properties", {}).values():
        for option in [prop, *prop.get("anyOf", [])]:
            if option.get("format") == "date":
                option["pattern"] = PLAUSIBLE_DATE_PATTERN
                option.setdefault("description", PLAUSIBLE_DATE_TEXT)


class Record(BaseModel):
    """Base of every record: unknown keys are errors, every record may carry a note."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
        json_schema_extra=_declare_date_range,
    )

    note: str | None = None

    # Only the numeric fields: a validator on date fields would defeat strict JSON parsing.
    @field_validator(
        "hours_per_week",
        "documented_hours",
        "hours",
        "amount",
        "billable_hours_per_month",
        "cdms_domains_attested",
        "year",
        mode="before",
        check_fields=False,
    )
    @classmethod
    def _no_boolean_numbers(cls, value: Any) -> Any:
        """Refuse a conversion that would hide a mistake: `true` read as 1 hour."""
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {str(value).lower()}")
        return value

    # After type validation (a before-validator would defeat strict JSON date parsing).
    @field_validator("*", mode="after")
    @classmethod
    def _plausible_dates(cls, value: Any) -> Any:
        if isinstance(value, date) and not FIRST_PLAUSIBLE_DATE <= value <= LAST_PLAUSIBLE_DATE:
            raise ValueError(
                f"expected a date between {FIRST_PLAUSIBLE_DATE} and {LAST_PLAUSIBLE_DATE}, "
                f"got {value}"
            )
        return value


class DegreeLevel(StrEnum):
    associate = "associate"
    bachelor = "bachelor"
    master = "master"
    doctorate = "doctorate"


class FieldExperience(StrEnum):
    none = "none"
    health = "health"
    behavioral_health = "behavioral_health"
    case_management = "case_management"
    rehab_counseling = "rehab_counseling"


class LicenseType(StrEnum):
    RN = "RN"
    LPN = "LPN"
    LVN = "LVN"
    LCSW = "LCSW"
    LICSW = "LICSW"
    LMSW = "LMSW"
    LSW = "LSW"
    LPC = "LPC"
    pharmacist = "pharmacist"
    other = "other"


class LicenseStatus(StrEnum):
    active = "active"
    expired = "expired"
    lapsed = "lapsed"
    inactive = "inactive"


class CertificationName(StrEnum):
    CCM = "CCM"
    ACM_RN = "ACM-RN"
    ACM_SW = "ACM-SW"
    CMGT_BC = "CMGT-BC"
    C_SWCM = "C-SWCM"
    C_ASWCM = "C-ASWCM"
    CDMS = "CDMS"
    CRC = "CRC"
    other = "other"


class CertificationStatus(StrEnum):
    active = "active"
    expired = "expired"
    retired = "retired"


class Setting(StrEnum):
    hospital = "hospital"
    health_system_clinic = "health_system_clinic"
    home_health = "home_health"
    snf_ltc = "snf_ltc"
    health_plan_payer = "health_plan_payer"
    independent_cm_firm = "independent_cm_firm"
    self_employed = "self_employed"
    workers_comp_vocational = "workers_comp_vocational"
    disability_insurer_tpa = "disability_insurer_tpa"
    employer_absence_mgmt = "employer_absence_mgmt"
    community_mental_health = "community_mental_health"
    county_social_services = "county_social_services"
    other = "other"


class Role(StrEnum):
    direct_cm = "direct_cm"
    supervisor_of_cm = "supervisor_of_cm"
    non_cm = "non_cm"


class JobKind(StrEnum):
    """The kind of case manager people name their work by (rules.md GUIDE-7); kept and shown,
    it never decides a rule: the setting does."""

    hospital = "hospital"
    nursing = "nursing"
    clinical = "clinical"
    medical = "medical"
    home_health = "home_health"
    prison = "prison"
    correctional = "correctional"
    juvenile = "juvenile"
    legal = "legal"
    child = "child"
    geriatric = "geriatric"
    emergency_shelter = "emergency_shelter"
    homeless_shelter = "homeless_shelter"
    housing = "housing"
    mental_health = "mental_health"
    developmental_disability = "developmental_disability"
    health_insurance = "health_insurance"
    workers_comp = "workers_comp"
    vocational = "vocational"
    disability = "disability"
    other = "other"


class PDCategory(StrEnum):
    """ANCC renewal categories 2-8 (ANCC-R5)."""

    academic_credits = "academic_credits"
    presentation = "presentation"
    ebp_qi_project = "ebp_qi_project"
    publication = "publication"
    preceptor_hours = "preceptor_hours"
    professional_service = "professional_service"
    practice_hours = "practice_hours"
    assessment = "assessment"


class Degree(Record):
    level: DegreeLevel
    field: str = "other"
    accredited: bool | None = None
    cswe_accredited: bool | None = None
    core_accredited: bool | None = None
    conferred: date
    supervised_field_experience: FieldExperience | None = None


class License(Record):
    type: LicenseType
    state: str | None = None
    status: LicenseStatus
    restricted: bool = False
    restriction_note: str | None = None
    issued: date | None = None
    expires: date | None = None

    @model_validator(mode="after")
    def _expires_after_issued(self) -> License:
        if self.issued and self.expires and self.expires < self.issued:
            raise ValueError(
                f"expires ({self.expires}) is before issued ({self.issued}); "
                "expected an expiry date on or after the issue date"
            )
        return self


class Certification(Record):
    name: CertificationName
    status: CertificationStatus
    cycle_start: date | None = None
    valid_through: date | None = None

    @model_validator(mode="after")
    def _valid_through_after_start(self) -> Certification:
        if self.cycle_start and self.valid_through and self.valid_through < self.cycle_start:
            raise ValueError(
                f"valid_through ({self.valid_through}) is before cycle_start ({self.cycle_start})"
            )
        return self


class ExamPassed(Record):
    name: str
    date: date


class Job(Record):
    title: str = ""
    setting: Setting = Setting.other
    start: date
    end: date | None = None
    hours_per_week: Annotated[float, Field(ge=0, le=168)] | None = None
    documented_hours: Annotated[float, Field(ge=0, le=MAX_DOCUMENTED_HOURS)] | None = None
    kind: JobKind | None = None  # GUIDE-7: shown in answers, never decides a rule
    role: Role = Role.non_cm
    paid: bool = True
    # Project addition: whether anyone supervised the work. None = inferred (employees are
    # supervised; self-employed work is not), see casepath.rules.measures.experience.
    supervised: bool | None = None
    supervised_by_ccm: bool = False
    supervisor_ccm_since: date | None = None
    supervisor: str | None = None
    cdms_domains_attested: Annotated[int, Field(ge=0, le=4)] = 0

    @model_validator(mode="after")
    def _end_after_start(self) -> Job:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"end ({self.end}) is before start ({self.start}); "
                "expected an end date on or after the start date, or null for an ongoing job"
            )
        return self


class CERecord(Record):
    hours: Annotated[float, Field(gt=0, le=1000)]
    topic: str
    date: date
    approver: str = "other"


class ProfessionalDevelopment(Record):
    category: PDCategory
    date: date
    amount: Annotated[float, Field(ge=0, le=MAX_PD_AMOUNT)] = 1


class PurchasingCompany(Record):
    name: str
    start: date | None = None
    end: date | None = None
    billable_hours_per_month: (
        Annotated[float, Field(ge=0, le=MAX_BILLABLE_HOURS_PER_MONTH)] | None
    ) = None

    @model_validator(mode="after")
    def _end_after_start(self) -> PurchasingCompany:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(
                f"end ({self.end}) is before start ({self.start}); "
                "expected an end date on or after the start date, or null for a current contract"
            )
        return self


class Disclosure(Record):
    type: str
    level: str | None = None
    year: (
        Annotated[int, Field(ge=FIRST_PLAUSIBLE_DATE.year, le=LAST_PLAUSIBLE_DATE.year)] | None
    ) = None
    documented: bool | None = None

    @property
    def is_moral_character(self) -> bool:
        """Reasons for a late renewal are disclosures too, but not about character (CCM-E3)."""
        return self.type != "late_renewal_reason"


MAX_ITEMS: dict[str, int] = {
    "degrees": 50,
    "licenses": 500,
    "certifications": 100,
    "exams_passed": 100,
    "jobs": 1_000,
    "ce_records": 10_000,
    "other_professional_development": 5_000,
    "purchasing_companies": 1_000,
    "disclosures": 100,
}
"""Most records of each kind one profile may hold: far above any real career (a CE record a
week for 50 years is 2,600), low enough that one request cannot tie up a worker."""


class Profile(Record):
    name: str | None = None
    degrees: list[Degree] = Field(default_factory=list, max_length=MAX_ITEMS["degrees"])
    licenses: list[License] = Field(default_factory=list, max_length=MAX_ITEMS["licenses"])
    certifications: list[Certification] = Field(
        default_factory=list, max_length=MAX_ITEMS["certifications"]
    )
    exams_passed: list[ExamPassed] = Field(
        default_factory=list, max_length=MAX_ITEMS["exams_passed"]
    )
    jobs: list[Job] = Field(default_factory=list, max_length=MAX_ITEMS["jobs"])
    ce_records: list[CERecord] = Field(default_factory=list, max_length=MAX_ITEMS["ce_records"])
    other_professional_development: list[ProfessionalDevelopment] = Field(
        default_factory=list, max_length=MAX_ITEMS["other_professional_development"]
    )
    self_employed: bool = False
    purchasing_companies: list[PurchasingCompany] = Field(
        default_factory=list, max_length=MAX_ITEMS["purchasing_companies"]
    )
    disclosures: list[Disclosure] = Field(default_factory=list, max_length=MAX_ITEMS["disclosures"])
    still_practicing_case_management: bool | None = None
    # The person's answers to fact questions a result asked (question id -> answer id); they
    # are checked against the questions when the profile is checked (casepath.rules.answers).
    answers: dict[str, str] = Field(default_factory=dict)


ProfileFormat = Literal["yaml", "json"]
