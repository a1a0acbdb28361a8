"""Calendar export: renewal deadlines and windows as an iCalendar (RFC 5545) file.

All-day events: the renewal window (window opens .. deadline), the deadline itself with a
reminder 90 days and 7 days before, and the late window where the catalogue gives one. UIDs
are stable (credential, kind, date), so importing a newer export updates the events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vText

from casepath.result import RenewalResult
from casepath.textsafety import visible

PRODID = "-//casepath//renewal calendar//EN"


def _text(value: str) -> vText:
    """A TEXT value: control characters made visible, then `;` `,` `\\` and line breaks
    escaped by icalendar (RFC 5545 3.3.11), whatever the property (X-WR-CALNAME included)."""
    return vText(visible(value))


def _event(
    uid: str, summary: str, first: date, last: date, description: str, stamp: datetime
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", _text(summary))
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("description", _text(description))
    event.add("transp", "TRANSPARENT")
    return event


def _alarm(days_before: int, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(text))
    alarm.add("trigger", timedelta(days=-days_before))
    return alarm


def renewal_calendar(renewals: list[RenewalResult], on: date, name: str | None = None) -> bytes:
    """The iCalendar file of the deadlines and windows of every renewal with a deadline."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _text(f"Certification renewals{f' — {name}' if name else ''}"))
    stamp = datetime(on.year, on.month, on.day, tzinfo=UTC)
    for renewal in renewals:
        deadline = renewal.deadline
        if deadline is None:
            continue
        cred = renewal.credential
        key = cred.lower().replace(" ", "-")
        rules = ", ".join(renewal.rules)
        if renewal.window_opens is not None and renewal.window_opens < deadline:
            cal.add_component(
                _event(
                    f"{key}-window-{renewal.window_opens.isoformat()}@casepath",
                    f"{cred} renewal window",
                    renewal.window_opens,
                    deadline,
                    f"{cred} renewal can be submitted {renewal.window_opens}..{deadline}. "
                    f"Status on {on}: {renewal.status.value}. Rules: {rules}.",
                    stamp,
                )
            )
        missing = "; ".join(renewal.missing) or "nothing missing"
        deadline_event = _event(
            f"{key}-deadline-{deadline.isoformat()}@casepath",
            f"{cred} renewal deadline (valid through)",
            deadline,
            deadline,
            f"{cred} is valid through {deadline}. Still missing on {on}: {missing}.",
            stamp,
        )
        deadline_event.add_component(_alarm(90, f"{cred} renewal deadline in 90 days"))
        deadline_event.add_component(_alarm(7, f"{cred} renewal deadline in 7 days"))
        cal.add_component(deadline_event)
        if renewal.late_window_closes is not None and renewal.late_window_closes > deadline:
            fee = f" Late fee: {renewal.late_fee}." if renewal.late_fee else ""
            cal.add_component(
                _event(
                    f"{key}-late-{renewal.late_window_closes.isoformat()}@casepath",
                    f"{cred} late renewal window",
                    deadline + timedelta(days=1),
                    renewal.late_window_closes,
                    f"A formal late request for {cred} is reviewed only until "
                    f"{renewal.late_window_closes}.{fee}",
                    stamp,
                )
            )
    return bytes(cal.to_ical())
