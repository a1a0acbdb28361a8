"""What the guided profile form asks, step by step: one spec per field of the profile format.

Pure data. `casepath.web.formstate` turns submitted form fields into profile data and back;
the templates render these specs. A test checks that every field of the profile model has a
spec here, so a field added to the model cannot silently disappear from the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from casepath.profile.model import (
    CertificationName,
    CertificationStatus,
    DegreeLevel,
    FieldExperience,
    JobKind,
    LicenseStatus,
    LicenseType,
    PDCategory,
    Role,
    Setting,
)

Kind = Literal["text", "date", "number", "select", "tri", "check", "yesno", "textarea"]
"""Widgets: `tri` = yes / no / not known (an optional boolean); `check` = a checkbox for a
boolean that defaults to false; `yesno` = a boolean that defaults to true."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind = "text"
    choices: tuple[tuple[str, str], ...] = ()
    suggestions: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""
    minimum: float | None = None
    maximum: float | None = None
    step: str = "any"
    default: str = ""
    autocomplete: str = "off"


@dataclass(frozen=True)
class SectionSpec:
    """A list of records of the profile (jobs, degrees, ...): rows added and removed in place."""

    key: str
    singular: str
    title: str
    intro: str
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None


@dataclass(frozen=True)
class StepSpec:
    id: str
    title: str
    intro: str
    scalars: tuple[FieldSpec, ...] = ()
    sections: tuple[str, ...] = ()
    after_scalars: tuple[FieldSpec, ...] = field(default=())


LABELS: dict[str, str] = {
    "health_plan_payer": "Health plan / payer",
    "snf_ltc": "Skilled nursing / long-term care",
    "independent_cm_firm": "Independent case-management firm",
    "workers_comp_vocational": "Workers' compensation / vocational",
    "disability_insurer_tpa": "Disability insurer / TPA",
    "employer_absence_mgmt": "Employer absence management",
    "direct_cm": "Case management (direct)",
    "supervisor_of_cm": "Supervisor of case managers",
    "non_cm": "Not case management",
    "ebp_qi_project": "Evidence-based practice / QI project",
    "LICSW": "LICSW",
    "pharmacist": "Pharmacist",
    "rehab_counseling": "Rehabilitation counseling",
}


def humanise(value: str) -> str:
    """`health_system_clinic` -> `Health system clinic` (codes stay as they are)."""
    if value in LABELS:
        return LABELS[value]
    if value.isupper() or "-" in value:
        return value
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def choices_of(enum: type[StrEnum]) -> tuple[tuple[str, str], ...]:
    return tuple((member.value, humanise(member.value)) for member in enum)


NOTE = FieldSpec("note", "Note", "textarea", hint="Optional. Anything worth remembering.")

DEGREE_FIELDS = (
    "nursing",
    "social_work",
    "psychology",
    "counseling",
    "rehabilitation_counseling",
    "public_health",
    "health_administration",
    "human_services",
    "gerontology",
    "practical_nursing",
    "business",
    "other",
)

CE_TOPICS = (
    "case_management",
    "nursing_case_management",
    "social_work_case_management",
    "health_care_delivery_system_case_management",
    "case_management_leadership",
    "disability_management",
    "ethics",
    "ethics_code_of_professional_conduct",
    "general_healthcare",
    "other",
)

CE_APPROVERS = (
    "ANCC",
    "CCMC",
    "CCMC_preapproved",
    "CCMC_postapproved",
    "CCMC_PACE",
    "CDMS_preapproved",
    "ACMA",
    "NASW",
    "ASWB_ACE",
    "state_board_of_nursing",
    "AHA",
    "other",
)

EXAM_NAMES = ("ASWB_bachelors", "ASWB_masters", "ASWB_clinical", "CCM", "ACM")

DISCLOSURE_TYPES = (
    "criminal_conviction",
    "licence_discipline",
    "certification_discipline",
    "late_renewal_reason",
    "other",
)

SECTIONS: dict[str, SectionSpec] = {
    s.key: s
    for s in (
        SectionSpec(
            "degrees",
            "degree",
            "Degrees",
            "Every degree you hold, including associate degrees.",
            (
                FieldSpec("level", "Level", "select", choices_of(DegreeLevel), required=True),
                FieldSpec(
                    "field",
                    "Field of study",
                    "text",
                    suggestions=DEGREE_FIELDS,
                    hint="For example nursing or social_work. Other fields are kept as written.",
                ),
                FieldSpec("conferred", "Date conferred", "date", required=True),
                FieldSpec("accredited", "Institution accredited when conferred", "tri"),
                FieldSpec("cswe_accredited", "CSWE-accredited (social work only)", "tri"),
                FieldSpec("core_accredited", "CORE-accredited (rehab counseling only)", "tri"),
                FieldSpec(
                    "supervised_field_experience",
                    "Supervised field experience",
                    "select",
                    choices_of(FieldExperience),
                ),
                NOTE,
            ),
        ),
        SectionSpec(
            "licenses",
            "licence",
            "Licences",
            "Professional licences, current or not.",
            (
                FieldSpec("type", "Licence type", "select", choices_of(LicenseType), required=True),
                FieldSpec(
                    "state", "State", hint="Two-letter code, for example MN.", autocomplete="off"
                ),
                FieldSpec("status", "Status", "select", choices_of(LicenseStatus), required=True),
                FieldSpec(
                    "restricted",
                    "Restricted (probation, conditions or limits on practice)",
                    "check",
                ),
                FieldSpec("restriction_note", "Restriction details"),
                FieldSpec("issued", "Issued on", "date"),
                FieldSpec("expires", "Expires on", "date"),
                NOTE,
            ),
        ),
        SectionSpec(
            "jobs",
            "job",
            "Jobs",
            "Each job since your licence or degree. Leave the end date empty for a job you "
            "still hold: casepath projects it forward to find when you qualify.",
            (
                FieldSpec("title", "Job title", autocomplete="organization-title"),
                FieldSpec("setting", "Setting", "select", choices_of(Setting)),
                FieldSpec(
                    "kind",
                    "Kind of case manager",
                    "select",
                    choices_of(JobKind),
                    hint="Optional; shown with your results, never decides a rule.",
                ),
                FieldSpec("start", "Start date", "date", required=True),
                FieldSpec("end", "End date", "date", hint="Empty if you still hold this job."),
                FieldSpec(
                    "hours_per_week",
                    "Hours per week",
                    "number",
                    minimum=0,
                    maximum=168,
                ),
                FieldSpec(
                    "documented_hours",
                    "Documented hours (whole job)",
                    "number",
                    minimum=0,
                    hint="If given, wins over hours per week.",
                ),
                FieldSpec("role", "Role", "select", choices_of(Role)),
                FieldSpec("paid", "Paid work", "yesno", default="yes"),
                FieldSpec(
                    "supervised",
                    "Supervised",
                    "tri",
                    hint="Not known: employees count as supervised, self-employed work does not.",
                ),
                FieldSpec("supervised_by_ccm", "Supervised by a CCM", "check"),
                FieldSpec("supervisor_ccm_since", "Supervisor holds the CCM since", "date"),
                FieldSpec("supervisor", "Supervisor (name and credentials)"),
                FieldSpec(
                    "cdms_domains_attested",
                    "Disability-management domains covered (0-4)",
                    "number",
                    minimum=0,
                    maximum=4,
                    step="1",
                ),
                NOTE,
            ),
        ),
        SectionSpec(
            "ce_records",
            "CE record",
            "Continuing education",
            "Contact hours of 60 minutes.",
            (
                FieldSpec("hours", "Hours", "number", required=True, minimum=0, maximum=1000),
                FieldSpec(
                    "topic",
                    "Topic",
                    required=True,
                    suggestions=CE_TOPICS,
                    hint="For example nursing_case_management or ethics.",
                ),
                FieldSpec("date", "Date completed", "date", required=True),
                FieldSpec("approver", "Approved by", suggestions=CE_APPROVERS, hint="E.g. ANCC."),
                NOTE,
            ),
        ),
        SectionSpec(
            "other_professional_development",
            "activity",
            "Other professional development",
            "ANCC renewal categories 2-8 (academic credits, presentations, ...).",
            (
                FieldSpec("category", "Category", "select", choices_of(PDCategory), required=True),
                FieldSpec("date", "Date", "date", required=True),
                FieldSpec("amount", "Amount", "number", minimum=0, hint="Credits, hours, items."),
                NOTE,
            ),
        ),
        SectionSpec(
            "certifications",
            "certification",
            "Certifications you hold",
            "casepath checks each one for renewal.",
            (
                FieldSpec(
                    "name", "Certification", "select", choices_of(CertificationName), required=True
                ),
                FieldSpec(
                    "status", "Status", "select", choices_of(CertificationStatus), required=True
                ),
                FieldSpec("cycle_start", "Current renewal period started", "date"),
                FieldSpec("valid_through", "Valid through", "date"),
                NOTE,
            ),
        ),
        SectionSpec(
            "exams_passed",
            "exam",
            "Exams passed",
            "For example the ASWB bachelor's or master's exam.",
            (
                FieldSpec("name", "Exam", required=True, suggestions=EXAM_NAMES),
                FieldSpec("date", "Date passed", "date", required=True),
                NOTE,
            ),
        ),
        SectionSpec(
            "purchasing_companies",
            "purchasing company",
            "Companies that buy your services",
            "CCM asks self-employed applicants for three.",
            (
                FieldSpec("name", "Company name", required=True),
                FieldSpec("start", "From", "date"),
                FieldSpec("end", "To", "date", hint="Empty if ongoing."),
                FieldSpec("billable_hours_per_month", "Billable hours per month", "number"),
                NOTE,
            ),
        ),
        SectionSpec(
            "disclosures",
            "disclosure",
            "Disclosures",
            "Moral-character disclosures, and reasons for a late renewal. A character "
            "disclosure sends CCM to manual review.",
            (
                FieldSpec("type", "Type", required=True, suggestions=DISCLOSURE_TYPES),
                FieldSpec("level", "Level", hint="For example felony or misdemeanor."),
                FieldSpec("year", "Year", "number", minimum=1900, maximum=2200, step="1"),
                FieldSpec("documented", "Documented", "tri"),
                NOTE,
            ),
        ),
    )
}

SCALARS: dict[str, FieldSpec] = {
    s.name: s
    for s in (
        FieldSpec(
            "name", "Your name", hint="Optional; shown on your results only.", autocomplete="name"
        ),
        FieldSpec("note", "Note", "textarea", hint="Optional."),
        FieldSpec("self_employed", "I am self-employed as a case manager", "check"),
        FieldSpec(
            "still_practicing_case_management",
            "Still practising case management (for the CCM-R designation)",
            "tri",
        ),
    )
}

ON = FieldSpec(
    "on",
    "Date to judge on",
    "date",
    hint="The day you would apply. Empty means today.",
)

STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        "about",
        "About you",
        "Start here. Everything you enter stays in this browser tab and in files you "
        "download; casepath does not store it on the server.",
        scalars=(SCALARS["name"], SCALARS["note"]),
    ),
    StepSpec("degrees", "Education", "Your degrees.", sections=("degrees",)),
    StepSpec("licenses", "Licences", "Your professional licences.", sections=("licenses",)),
    StepSpec("jobs", "Work experience", "Your jobs, past and present.", sections=("jobs",)),
    StepSpec(
        "ce",
        "Continuing education",
        "CE and other professional development.",
        sections=("ce_records", "other_professional_development"),
    ),
    StepSpec(
        "certifications",
        "Certifications and exams",
        "What you already hold, for renewal checks.",
        sections=("certifications", "exams_passed"),
        after_scalars=(SCALARS["still_practicing_case_management"],),
    ),
    StepSpec(
        "self_employment",
        "Self-employment",
        "Only if you work for yourself.",
        scalars=(SCALARS["self_employed"],),
        sections=("purchasing_companies",),
    ),
    StepSpec(
        "disclosures",
        "Disclosures",
        "Anything a certifier asks you to disclose.",
        sections=("disclosures",),
    ),
    StepSpec(
        "check",
        "Check",
        "Choose the date to judge on, then check your eligibility or download your profile.",
        scalars=(ON,),
    ),
)
