"""Renewal reminders: an e-mail 90, 30 and 7 days before each renewal deadline and before the
end of each late window, each sent once (`casepath reminders send`, meant for a daily timer).

A run that finds several thresholds passed (the timer was off for a while, or the profile was
saved late) sends only the most urgent one and counts the earlier ones as done, so nobody gets
three messages at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casepath import service
from casepath.result import RenewalResult
from casepath.store import own
from casepath.store.database import Database
from casepath.store.models import Account, ReminderSent
from casepath.store.types import utcnow

DAYS_BEFORE = (90, 30, 7)
KIND_WORDS = {"deadline": "renewal deadline", "late_window": "end of the late-renewal window"}


@dataclass(frozen=True)
class Reminder:
    credential: str
    kind: str  # "deadline" or "late_window"
    due: date
    days_before: int  # the threshold reached: 90, 30 or 7
    days_left: int
    covers: tuple[int, ...]  # this threshold and the earlier ones it stands for


def due_reminders(renewals: list[RenewalResult], on: date) -> list[Reminder]:
    """The reminders whose threshold is reached on `on` (before the due day itself)."""
    found = []
    for renewal in renewals:
        for kind, due in (
            ("deadline", renewal.deadline),
            ("late_window", renewal.late_window_closes),
        ):
            if due is None:
                continue
            left = (due - on).days
            reached = [d for d in DAYS_BEFORE if 0 <= left <= d]
            if reached:
                most_urgent = min(reached)
                covers = tuple(d for d in DAYS_BEFORE if d >= most_urgent)
                found.append(Reminder(renewal.credential, kind, due, most_urgent, left, covers))
    return found


def message(reminder: Reminder) -> tuple[str, str]:
    """Subject and body of one reminder e-mail."""
    what = KIND_WORDS[reminder.kind]
    days = f"{reminder.days_left} day{'s' if reminder.days_left != 1 else ''}"
    subject = f"{reminder.credential}: {what} in {days} ({reminder.due.isoformat()})"
    body = (
        f"Your {reminder.credential} {what} is {reminder.due.isoformat()}, in {days}.\n\n"
        "Sign in to casepath to see what is still missing for the renewal.\n"
    )
    return subject, body


@dataclass
class Outcome:
    sent: int = 0
    already: int = 0
    failed: int = 0


def _record(session: Session, account_id: str, reminder: Reminder) -> bool:
    """Mark the reminder (and the earlier thresholds it covers) as sent; False when this
    threshold was sent before (by an earlier run, or one running now)."""
    try:
        with session.begin_nested():
            for days in reminder.covers:
                exists = session.scalars(
                    select(ReminderSent.id).where(
                        ReminderSent.account_id == account_id,
                        ReminderSent.credential == reminder.credential,
                        ReminderSent.kind == reminder.kind,
                        ReminderSent.due == reminder.due,
                        ReminderSent.days_before == days,
                    )
                ).first()
                if exists is not None:
                    if days == reminder.days_before:
                        raise _AlreadySent
                    continue
                session.add(
                    ReminderSent(
                        account_id=account_id,
                        credential=reminder.credential,
                        kind=reminder.kind,
                        due=reminder.due,
                        days_before=days,
                        sent_at=utcnow(),
                    )
                )
            session.flush()
    except (_AlreadySent, IntegrityError):
        return False
    return True


class _AlreadySent(Exception):
    pass


def send_all(db: Database, on: date, send: Callable[[str, str, str], None]) -> Outcome:
    """Send every reminder due on `on` to every account with a saved profile. Each reminder is
    recorded in the same transaction as its sending: a failed send is retried by the next run."""
    outcome = Outcome()
    with db.reading() as session:
        account_ids = list(session.scalars(select(Account.id).order_by(Account.created_at)))
    for account_id in account_ids:
        with db.reading() as session:
            account = session.get(Account, account_id)
            saved = own.current(session, account_id)
            email = account.email if account else ""
        if saved is None or not email:
            continue
        renewals = service.check(saved.profile, on, explain=False).renewals
        for reminder in due_reminders(renewals, on):
            try:
                with db.transaction() as session:
                    if not _record(session, account_id, reminder):
                        outcome.already += 1
                        continue
                    subject, body = message(reminder)
                    send(email, subject, body)  # a failure rolls the record back
                outcome.sent += 1
            except Exception:
                outcome.failed += 1
    return outcome
