"""The pipeline stage of one judged person (spec/roster-format.md, "Pipeline"). No I/O.

Each active person falls in the first stage that applies: certified, eligible_now,
eligible_soon (an earliest date within 90 days), eligible_later, undecided (indeterminate for a
credential with no date under the defaults), needs_event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from casepath.profile.model import CertificationStatus, Profile
from casepath.result import Report, Status

SOON = timedelta(days=90)
AT_RISK = timedelta(days=90)

# The case-management certifications (not CRC or `other`): holding one makes a person certified.
CASE_MANAGEMENT = frozenset({"CCM", "ACM-RN", "ACM-SW", "CMGT-BC", "C-SWCM", "C-ASWCM", "CDMS"})


class Stage(StrEnum):
    certified = "certified"
    eligible_now = "eligible_now"
    eligible_soon = "eligible_soon"
    eligible_later = "eligible_later"
    undecided = "undecided"
    needs_event = "needs_event"


@dataclass(frozen=True)
class Placement:
    """The stage, and the credential, date or events that put the person there."""

    stage: Stage
    credential: str = ""
    day: date | None = None
    events: dict[str, str] = field(default_factory=dict)
    renewal_at_risk: bool = False


def held_certifications(profile: Profile, on: date) -> list[str]:
    """Case-management certifications held on `on`: status active and not past valid_through.

    A certification recorded as active whose valid_through has passed is not held (the roster
    may be older than the date asked); its renewal result says what is left to do.
    """
    return [
        c.name.value
        for c in profile.certifications
        if c.name.value in CASE_MANAGEMENT
        and c.status == CertificationStatus.active
        and (c.valid_through is None or c.valid_through >= on)
    ]


def place(profile: Profile, report: Report) -> Placement:
    """The pipeline stage of a person whose check is `report`."""
    on = report.evaluated_on
    at_risk = any(
        r.status in (Status.not_eligible, Status.indeterminate)
        and r.deadline is not None
        and r.deadline <= on + AT_RISK
        for r in report.renewals
        if r.credential in CASE_MANAGEMENT
    )
    held = held_certifications(profile, on)
    if held:
        return Placement(Stage.certified, held[0], renewal_at_risk=at_risk)
    results = report.results
    for result in results:
        if result.status == Status.eligible:
            return Placement(Stage.eligible_now, result.credential, on, renewal_at_risk=at_risk)
    dated = [
        (r.earliest_eligibility_date, r.credential)
        for r in results
        if r.status != Status.eligible and r.earliest_eligibility_date is not None
    ]
    if dated:
        day, credential = min(dated)
        stage = Stage.eligible_soon if day <= on + SOON else Stage.eligible_later
        return Placement(stage, credential, day, renewal_at_risk=at_risk)
    for result in results:
        if result.status == Status.indeterminate:
            return Placement(Stage.undecided, result.credential, renewal_at_risk=at_risk)
    events = {
        r.credential: r.earliest_note
        for r in results
        if r.status == Status.not_eligible and r.earliest_note
    }
    return Placement(Stage.needs_event, events=events, renewal_at_risk=at_risk)
