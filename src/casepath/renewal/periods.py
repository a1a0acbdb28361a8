"""Renewal calendars: the period, the renewal window and the late window of one certification.

The figures come from the `schedule` block of a renewal rulebook (casepath/rulebooks/renewal/),
each with the rule IDs of spec/rules.md it encodes. Pure functions, no I/O.

Day counting (CCM-R9-count): day 1 of a late window is the day after the valid-through date, so
a 30-day late window after 2025-11-30 closes on 2025-12-30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from casepath.dates import add_months, add_years
from casepath.profile.model import Certification, CertificationName
from casepath.rules.language import Strict


class WindowSpec(Strict):
    """When the on-time renewal application can be submitted (it always closes on the
    valid-through date).

    - `first_of_month_before`: opens on the first day of the month `months` before the
      valid-through month (CCM-R7: May 31 -> Mar 1; CDMS-R2: Mar 31 -> Feb 1);
    - `years_before`: opens `years` before the valid-through date, the next day (ANCC-R8);
    - `any_time`: the catalogue names no opening: any day of the period.
    """

    kind: Literal["first_of_month_before", "years_before", "any_time"]
    months: int = 0
    years: int = 0
    rules: list[str] = Field(default_factory=list)
    note: str = ""
    # Valid-through dates the certifier publishes cycles for (month, day): others get a note.
    published_ends: list[tuple[int, int]] = Field(default_factory=list)


class LateSpec(Strict):
    """The late-renewal window after the valid-through date: `days` long (0 = no grace
    period), or None where the catalogue says nothing (UNKNOWN)."""

    days: int | None
    fee: str | None = None
    rules: list[str] = Field(default_factory=list)


class Schedule(Strict):
    """The calendar and money side of one renewal rulebook."""

    certifications: list[CertificationName]
    cycle_years: int
    cycle_rules: list[str]
    window: WindowSpec
    late: LateSpec
    ledger: str  # the CE classification scheme (casepath.renewal.ledger.SCHEMES)
    fees: dict[str, str] = Field(default_factory=dict)  # route -> fee text
    fee_rules: list[str] = Field(default_factory=list)
    # What is needed once every window has closed (re-examination, new application...).
    after_closed: str
    after_closed_rules: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class RenewalCalendar:
    period_start: date
    period_end: date  # the valid-through date: the deadline
    window_opens: date
    late_closes: date | None  # None: no late window known (UNKNOWN)
    late_days: int | None
    derived_start: bool  # cycle_start was not given and was derived from the cycle length
    unpublished_cycle: bool  # the valid-through date is not one of the published cycle ends

    @property
    def deadline(self) -> date:
        return self.period_end

    @property
    def last_submission_day(self) -> date | None:
        """The last day any request is reviewed; None when the catalogue does not say."""
        if self.late_days is None:
            return None
        return self.late_closes or self.period_end

    def late_day_number(self, day: date) -> int:
        """Day number after expiry (CCM-R9-count): day 1 is the day after valid-through."""
        return (day - self.period_end).days


def period_start(cert: Certification, cycle_years: int) -> tuple[date | None, bool]:
    """The start of the current renewal period and whether it had to be derived."""
    if cert.cycle_start is not None:
        return cert.cycle_start, False
    if cert.valid_through is None:
        return None, True
    return add_years(cert.valid_through, -cycle_years) + timedelta(days=1), True


def calendar_for(cert: Certification, schedule: Schedule) -> RenewalCalendar | None:
    """The calendar of `cert`; None when its valid-through date is not given."""
    end = cert.valid_through
    if end is None:
        return None
    start, derived = period_start(cert, schedule.cycle_years)
    assert start is not None
    window = schedule.window
    if window.kind == "first_of_month_before":
        opens = add_months(end.replace(day=1), -window.months)
    elif window.kind == "years_before":
        opens = add_years(end, -window.years) + timedelta(days=1)
    else:
        opens = start
    opens = max(opens, start)
    late = schedule.late.days
    late_closes = end + timedelta(days=late) if late else None
    unpublished = bool(window.published_ends) and (end.month, end.day) not in {
        tuple(x) for x in window.published_ends
    }
    return RenewalCalendar(
        period_start=start,
        period_end=end,
        window_opens=opens,
        late_closes=late_closes,
        late_days=late,
        derived_start=derived,
        unpublished_cycle=unpublished,
    )


def held_certification(
    certifications: list[Certification], names: list[CertificationName]
) -> Certification | None:
    """The certification being renewed: the first one of the names given (the renewal judge
    puts the certification it judges first)."""
    return next((c for c in certifications if c.name in names), None)
