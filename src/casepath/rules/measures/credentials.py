"""Measures on what a person holds: licences, certifications, degrees, exams."""

from __future__ import annotations

from datetime import date

from casepath.profile.model import (
    CertificationName,
    CertificationStatus,
    Degree,
    DegreeLevel,
    FieldExperience,
    License,
    LicenseStatus,
    LicenseType,
)
from casepath.rules.context import EvalContext, Measured
from casepath.rules.measures.registry import Params, measure
from casepath.timeline import Frame, Timeline

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)


def _union(frame: Frame, pieces: list[Timeline]) -> Timeline:
    """The days on which any piece holds, sorted and merged once (O(n log n))."""
    return frame.from_intervals(interval for piece in pieces for interval in piece.intervals)


class LicenseParams(Params):
    types: list[LicenseType]
    # Types the catalogue leaves open (CCM-E1A "not a conclusive list"): a question decides.
    open_types: list[LicenseType] = []
    open_types_question: str | None = None
    open_types_counts_when: str = "accepted"
    # A restricted licence: refused (False), accepted (True), or a question decides.
    restricted_ok: bool = False
    restricted_question: str | None = None
    restricted_counts_when: str = "accepted"
    # A licence from outside the US states and territories: a question decides, or refused.
    foreign_question: str | None = None
    foreign_counts_when: str = "accepted"
    # Certifications that qualify the same way (CCM-E1A-ex: CRC, CDMS).
    certifications: list[CertificationName] = []


@measure("license", LicenseParams, figures=("credential", "held", "not_counted"))
def license_held(ctx: EvalContext, params: LicenseParams) -> Measured:
    """A current, active licence of one of the types (restriction and origin as configured);
    holds from issue to expiry."""
    frame = ctx.frame
    on = ctx.on
    pieces: list[Timeline] = []  # united once at the end: linear in licences, not quadratic
    strict: list[Timeline] = []  # the same without the renewals assumed (CONV-8)
    assumed: list[tuple[date, str]] = []
    names: list[str] = []
    reasons: list[str] = []
    held: list[tuple[str, date | None, date | None, bool, str]] = []
    for index, lic in enumerate(ctx.profile.licenses):
        ok, reason = _license_counts(ctx, params, lic, index)
        if ok:
            kind = f"{lic.type.value} licence, expiring"
            held.append((lic.type.value, lic.issued, lic.expires, lic.restricted, kind))
        else:
            reasons.append(f"{lic.type.value}: {reason}")
    for cert in ctx.profile.certifications:
        if cert.name in params.certifications and cert.status == CertificationStatus.active:
            kind = f"{cert.name.value} certification, valid through"
            held.append((cert.name.value, cert.cycle_start, cert.valid_through, False, kind))
    for name, first, expires, restricted, kind in held:
        valid = frame.between(first, expires)
        renewed = _renewal_assumed(first, expires, on, restricted)
        if valid.is_never() and not renewed:
            continue
        names.append(name)
        strict.append(valid)
        if renewed and expires is not None:
            pieces.append(frame.between(first, None))
            assumed.append((expires, f"your {kind} {expires.isoformat()}"))
        else:
            pieces.append(valid)
    timeline = _union(frame, pieces)
    holds = timeline.at_start()
    shown = names or ["none"]
    return Measured(
        timeline,
        {"credential": shown[0], "held": shown, "not_counted": reasons},
        detail=("holds " + ", ".join(shown)) if holds else "; ".join(reasons) or "none held",
        progress=1.0 if holds else 0.0,
        strict=_union(frame, strict) if assumed else None,
        assumptions=assumed,
    )


def _renewal_assumed(first: date | None, expires: date | None, on: date, restricted: bool) -> bool:
    """CONV-8: a licence or certification active and unrestricted on the evaluation date is
    assumed to be renewed when it expires, for the projection only (the status, and
    `status_until`, still see the expiry). A restricted one is an event, never a date."""
    in_force = (first is None or first <= on) and expires is not None and on <= expires
    return in_force and not restricted


def _license_counts(
    ctx: EvalContext, params: LicenseParams, lic: License, index: int
) -> tuple[bool, str]:
    if lic.type not in params.types:
        if lic.type not in params.open_types or params.open_types_question is None:
            return False, "not a qualifying licence type"
        if ctx.reading(params.open_types_question) != params.open_types_counts_when:
            return False, "licence type not accepted under this reading"
    if lic.status != LicenseStatus.active:
        return False, f"status is {lic.status.value}"
    if lic.restricted and not params.restricted_ok:
        if params.restricted_question is None:
            return False, "restricted"
        if ctx.reading(params.restricted_question) != params.restricted_counts_when:
            return False, "restricted"
    if lic.state and lic.state.upper() not in US_STATES:
        if params.foreign_question is None:
            return False, f"issued outside the US ({lic.state})"
        if ctx.reading(params.foreign_question) != params.foreign_counts_when:
            return False, f"issued outside the US ({lic.state})"
    return True, ""


class DegreeParams(Params):
    levels: list[DegreeLevel]
    # Levels the catalogue leaves open (CCM-E1-U1 associate; NASW-U MSW without BSW).
    open_levels: list[DegreeLevel] = []
    open_levels_question: str | None = None
    open_levels_counts_when: str = "accepted"
    fields: list[str] | None = None  # None: any field
    rejected_fields: list[str] = []
    # Any other field is decided case by case by the certifier (CCM-E1-U2).
    open_fields_question: str | None = None
    open_fields_counts_when: str = "accepted"
    accreditation: str | None = None  # "institution" | "cswe" | None
    field_experience: list[FieldExperience] | None = None  # CCM-E1B-fx


@measure("degree", DegreeParams, figures=("degree", "not_counted"))
def degree_held(ctx: EvalContext, params: DegreeParams) -> Measured:
    """A conferred degree of the levels and fields given; holds from the conferral date."""
    frame = ctx.frame
    pieces: list[Timeline] = []
    best = ""
    reasons: list[str] = []
    for index, degree in enumerate(ctx.profile.degrees):
        ok, reason = _degree_counts(ctx, params, degree, index)
        if ok:
            pieces.append(frame.from_day(degree.conferred))
            best = best or f"{degree.level.value} in {degree.field}"
        else:
            reasons.append(f"{degree.level.value} in {degree.field}: {reason}")
    timeline = _union(frame, pieces)
    holds = timeline.at_start()
    return Measured(
        timeline,
        {"degree": best or "none", "not_counted": reasons},
        detail=best if holds else ("; ".join(reasons) or "no degree recorded"),
        progress=1.0 if holds else 0.0,
    )


def _degree_counts(
    ctx: EvalContext, params: DegreeParams, degree: Degree, index: int
) -> tuple[bool, str]:
    if params.fields is not None and degree.field not in params.fields:
        if degree.field in params.rejected_fields or params.open_fields_question is None:
            return False, "field does not qualify"
        if ctx.reading(params.open_fields_question) != params.open_fields_counts_when:
            return False, "field not accepted under this reading"
    if degree.level not in params.levels:
        if degree.level not in params.open_levels or params.open_levels_question is None:
            return False, "level does not qualify"
        if ctx.reading(params.open_levels_question) != params.open_levels_counts_when:
            return False, "level not accepted under this reading"
    if params.accreditation == "institution":
        if degree.accredited is False:
            return False, "institution not accredited"
        if degree.accredited is None and not ctx.fact_is("degrees", index, "accredited"):
            return False, "accreditation not given"
    if params.accreditation == "cswe":
        if degree.cswe_accredited is False:
            return False, "programme not CSWE-accredited"
        if degree.cswe_accredited is None and not ctx.fact_is("degrees", index, "cswe_accredited"):
            return False, "CSWE accreditation not given"
    if params.field_experience is not None:
        experience = degree.supervised_field_experience
        if experience is None:
            if not ctx.fact_is("degrees", index, "supervised_field_experience"):
                return False, "supervised field experience not given"
        elif experience not in params.field_experience:
            return False, "no supervised field experience in case management or health"
    return True, ""


class ExamParams(Params):
    names: list[str]


@measure("exam", ExamParams, figures=("exams",))
def exam_passed(ctx: EvalContext, params: ExamParams) -> Measured:
    """A passed exam of one of the names; holds from the exam date."""
    passed = [e for e in ctx.profile.exams_passed if e.name in params.names]
    timeline = _union(ctx.frame, [ctx.frame.from_day(exam.date) for exam in passed])
    holds = timeline.at_start()
    return Measured(
        timeline,
        {"exams": [e.name for e in passed]},
        detail=", ".join(e.name for e in passed) if passed else "none passed",
        progress=1.0 if holds else 0.0,
    )
