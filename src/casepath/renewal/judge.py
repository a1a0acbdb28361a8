"""Judge the renewal of every certification held, on the evaluation date.

The requirement tree of the renewal rulebook is judged by the eligibility engine
(casepath.rules.engine.judge_credential: readings, `indeterminate`, alternatives, earliest date),
with the certification judged put first in the profile so that the renewal measures look at it.
The result is then completed with the calendar (deadline, window, late window and fee), the
CE ledger and the progress per category. Once every window has closed, the renewal can no
longer be made: the status is `not_eligible` and the note names the way back as the event
(a new application and the exam; spec/profile-format.md).
"""

from __future__ import annotations

from datetime import date

from casepath.catalogue import Catalogue
from casepath.dates import add_years
from casepath.profile.model import Certification, CertificationStatus, Profile
from casepath.renewal.ledger import SCHEMES, Ledger, build_ledger, progress_of
from casepath.renewal.periods import RenewalCalendar, calendar_for
from casepath.renewal.rulebooks import RenewalBook, book_for
from casepath.result import CategoryProgress, RenewalResult, Status
from casepath.rules.engine import judge_credential
from casepath.rules.language import Node, Version
from casepath.rules.loader import walk


def judge_renewals(profile: Profile, on: date, catalogue: Catalogue) -> list[RenewalResult]:
    """One renewal result per certification held, in the order of the profile."""
    return [
        judge_renewal(profile, index, on, catalogue) for index in range(len(profile.certifications))
    ]


def judge_renewal(profile: Profile, index: int, on: date, catalogue: Catalogue) -> RenewalResult:
    cert = profile.certifications[index]
    book = book_for(cert.name)
    if book is None:
        return RenewalResult(
            credential=cert.name.value,
            status=Status.not_applicable,
            notes=[
                f"The rule catalogue has no renewal rules for a certification named "
                f"{cert.name.value!r}: nothing to judge."
            ],
        )
    schedule = book.schedule
    calendar = calendar_for(cert, schedule)
    if calendar is None:
        return RenewalResult(
            credential=cert.name.value,
            issuer=book.rulebook.issuer,
            status=Status.indeterminate,
            missing=[
                f"the valid-through date of the {cert.name.value} certificate "
                f"(certifications[{index}].valid_through): the deadline and the renewal period "
                "depend on it"
            ],
            rules=list(schedule.cycle_rules),
        )
    judged = profile.model_copy(
        update={
            "certifications": [
                cert,
                *(c for i, c in enumerate(profile.certifications) if i != index),
            ]
        }
    )
    result = judge_credential(book.rulebook, judged, on, catalogue)
    retired = cert.status == CertificationStatus.retired
    # A retired holder returns with CE of the last cycle length up to the day (CCM-R10-b).
    ledger = build_ledger(
        profile.ce_records,
        SCHEMES[schedule.ledger],
        add_years(on, -schedule.cycle_years) if retired else calendar.period_start,
        on if retired else calendar.period_end,
        on,
    )
    version = next(
        (v for v in book.rulebook.versions if v.version == result.rule_version),
        book.rulebook.versions[-1],
    )
    renewal = RenewalResult(
        credential=cert.name.value,
        issuer=book.rulebook.issuer,
        status=result.status,
        missing=list(result.missing),
        rules=list(result.rules),
        deadline=calendar.deadline,
        earliest_eligibility_date=result.earliest_eligibility_date,
        earliest_note=result.earliest_note,
        window_opens=calendar.window_opens,
        window_closes=calendar.period_end,
        late_window_closes=calendar.late_closes,
        late_fee=schedule.late.fee,
        route=result.path,
        progress=_progress(version, ledger, profile, calendar, on),
        ledger=ledger.entries,
        alternatives=dict(result.alternatives),
        notes=list(result.notes),
        period_start=calendar.period_start,
        rule_version=result.rule_version,
        trace=result.trace,
    )
    renewal.notes.extend(_calendar_notes(book, cert, calendar, ledger, on))
    if renewal.status == Status.not_eligible and renewal.earliest_eligibility_date is None:
        renewal.earliest_note = _event_note(renewal, calendar, on)
    last = calendar.last_submission_day
    if last is not None and on > last and cert.status != CertificationStatus.retired:
        _closed(renewal, book, calendar, profile)
    return renewal


def _fmt(template: str, calendar: RenewalCalendar) -> str:
    return " ".join(
        template.format(
            deadline=calendar.deadline.isoformat(),
            late_closes=(calendar.late_closes or calendar.deadline).isoformat(),
            window_opens=calendar.window_opens.isoformat(),
        ).split()
    )


def _closed(
    renewal: RenewalResult, book: RenewalBook, calendar: RenewalCalendar, profile: Profile
) -> None:
    """Every window has closed: the renewal can no longer be made (`not_eligible`); the way
    back is the event."""
    schedule = book.schedule
    event = _fmt(schedule.after_closed, calendar)
    renewal.status = Status.not_eligible
    renewal.missing = []
    renewal.alternatives = {}
    renewal.earliest_eligibility_date = None
    renewal.route = None
    renewal.earliest_note = "Event needed: " + event[0].upper() + event[1:]
    renewal.rules = list(dict.fromkeys([*schedule.after_closed_rules, *schedule.late.rules]))
    renewal.notes.insert(0, "Renewal no longer possible: " + event)
    if book.key == "CCM" and profile.still_practicing_case_management:
        renewal.notes.append(
            "Anyone still consulting or providing services with the CCM must not take the "
            "CCM-R retirement designation (CCM-R10)."
        )
        renewal.rules.append("CCM-R10")


def _event_note(renewal: RenewalResult, calendar: RenewalCalendar, on: date) -> str:
    base = renewal.earliest_note
    if on <= calendar.deadline:
        base += (
            f" Renewal window {calendar.window_opens.isoformat()}..{calendar.deadline.isoformat()}."
        )
    return base.strip()


def _calendar_notes(
    book: RenewalBook,
    cert: Certification,
    calendar: RenewalCalendar,
    ledger: Ledger,
    on: date,
) -> list[str]:
    schedule = book.schedule
    notes: list[str] = []
    if calendar.derived_start:
        notes.append(
            f"cycle_start not given: the renewal period is taken to start on "
            f"{calendar.period_start.isoformat()}, {schedule.cycle_years} years before the "
            f"valid-through date ({', '.join(schedule.cycle_rules)})."
        )
    if calendar.unpublished_cycle:
        notes.append(
            f"The valid-through date {calendar.deadline.isoformat()} is not one of the published "
            f"renewal cycles ({schedule.window.note}); the window is computed the same way "
            f"({', '.join(schedule.window.rules)})."
        )
    if schedule.window.kind != "first_of_month_before" and schedule.window.note:
        notes.append(schedule.window.note[0].upper() + schedule.window.note[1:] + ".")
    if schedule.fees:
        fees = "; ".join(f"{route}: {fee}" for route, fee in schedule.fees.items())
        notes.append(f"Fees: {fees} ({', '.join(schedule.fee_rules)}).")
    if schedule.late.days == 0:
        notes.append(
            "No grace period and no backdating: an application received after "
            f"{calendar.deadline.isoformat()} starts a new period from the approval date, "
            f"with a gap in certification ({', '.join(schedule.late.rules)})."
        )
    elif schedule.late.days and cert.status != CertificationStatus.retired:
        fee = f", late fee {schedule.late.fee}" if schedule.late.fee else ""
        notes.append(
            f"Late window: a formal request is reviewed only within {schedule.late.days} days "
            f"after {calendar.deadline.isoformat()} (until "
            f"{(calendar.late_closes or calendar.deadline).isoformat()}{fee}; "
            f"{', '.join(schedule.late.rules)})."
        )
    notes.extend(ledger.notes)
    for entry in ledger.entries:
        if entry.date > on and entry.date >= calendar.period_start:
            notes.append(
                f"CE record {entry.index} is dated {entry.date.isoformat()}, after the evaluation "
                f"date {on.isoformat()}: not yet completed, not counted."
            )
    if cert.status == CertificationStatus.expired and on <= calendar.deadline:
        notes.append(
            f"The certification is marked expired but is valid through "
            f"{calendar.deadline.isoformat()}: judged by the dates."
        )
    return notes


def _progress(
    version: Version, ledger: Ledger, profile: Profile, calendar: RenewalCalendar, on: date
) -> list[CategoryProgress]:
    """Hours done and needed per category, from the rulebook's CE tests (period ones only)."""
    required: dict[str, tuple[str, float]] = {}
    activities: Node | None = None
    for node in walk(version.requirement):
        name = node.test or node.advisory
        if name == "renewal_ce" and node.params.get("lookback_years") is None:
            category = str(node.params.get("category", "total"))
            need = float(node.params.get("at_least", 0))
            label = node.label if need else node.label + " (amount UNKNOWN)"
            required.setdefault(category, (label, need))
        elif name == "pd_activity":
            activities = node
    scheme_name = _scheme_name(version)
    scheme = SCHEMES[scheme_name] if scheme_name else None
    if scheme is not None:
        for category, (label, _) in scheme.categories.items():
            required.setdefault(category, (label, 0.0))
    items = progress_of(ledger, required)
    if activities is not None:
        done = sum(
            1
            for a in profile.other_professional_development
            if calendar.period_start <= a.date <= min(calendar.period_end, on)
        )
        items.append(
            CategoryProgress(
                category="activities",
                label=activities.label,
                required=1,
                counted=done,
                remaining=0 if done else 1,
            )
        )
    return items


def _scheme_name(version: Version) -> str | None:
    for node in walk(version.requirement):
        if (node.test or node.advisory) == "renewal_ce":
            from casepath.renewal.rulebooks import schedule_of

            return schedule_of(str(node.params["book"])).ledger
    return None
