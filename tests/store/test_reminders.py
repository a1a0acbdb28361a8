"""Renewal reminders: 90, 30 and 7 days before each deadline and late-window end, each once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import URL
from typer.testing import CliRunner

from casepath.interfaces.cli import app
from casepath.profile.loading import parse_profile
from casepath.result import RenewalResult, Status
from casepath.store import Database, own
from casepath.store import accounts as store
from casepath.store.reminders import due_reminders

from .test_mail_and_links import Inbox, inbox  # noqa: F401 - the SMTP server fixture

runner = CliRunner()
DEADLINE = date(2027, 6, 30)


def renewal(deadline: date | None, late: date | None = None) -> RenewalResult:
    return RenewalResult(
        credential="CCM", status=Status.not_eligible, deadline=deadline, late_window_closes=late
    )


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(91, None), (90, 90), (31, 90), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)],
)
def test_the_threshold_reached(days_left: int, expected: int | None) -> None:
    found = due_reminders([renewal(DEADLINE)], DEADLINE - timedelta(days=days_left))
    assert [r.days_before for r in found] == ([expected] if expected else [])


def test_a_late_start_sends_only_the_most_urgent_and_covers_the_earlier_ones() -> None:
    [reminder] = due_reminders([renewal(DEADLINE)], DEADLINE - timedelta(days=5))
    assert (reminder.days_before, reminder.covers) == (7, (90, 30, 7))


def test_late_windows_get_their_own_reminders() -> None:
    late = DEADLINE + timedelta(days=60)
    found = due_reminders([renewal(DEADLINE, late)], late - timedelta(days=30))
    assert [(r.kind, r.due, r.days_before) for r in found] == [("late_window", late, 30)]


def test_no_deadline_no_reminder() -> None:
    assert due_reminders([renewal(None)], DEADLINE) == []


@pytest.fixture
def renewing_account(
    database: Database, database_url: URL, monkeypatch: pytest.MonkeyPatch
) -> date:
    """An account whose CCM is valid through a date 100 days after the returned day (its late
    window ends 30 days later)."""
    monkeypatch.setenv("CASEPATH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    today = date(2027, 1, 4)
    profile = parse_profile(
        {
            "certifications": [
                {
                    "name": "CCM",
                    "status": "active",
                    "cycle_start": "2022-02-14",
                    "valid_through": (today + timedelta(days=100)).isoformat(),
                }
            ]
        }
    )
    with database.transaction() as session:
        account = store.create(session, "dana@example.org", "violet river lamp stone")
        own.save(session, account, profile)
    return today


def send(on: date) -> str:
    result = runner.invoke(app, ["reminders", "send", "--on", on.isoformat()])
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_reminders_are_sent_once_by_a_daily_timer(
    renewing_account: date,
    inbox: Inbox,  # noqa: F811
) -> None:
    day = renewing_account
    assert send(day).endswith("sent 0, already sent 0, failed 0")  # 100 days: none due
    assert send(day + timedelta(days=10)).endswith("sent 1, already sent 0, failed 0")
    assert send(day + timedelta(days=10)).endswith("sent 0, already sent 1, failed 0")
    assert send(day + timedelta(days=11)).endswith("sent 0, already sent 1, failed 0")
    # 7 days before the deadline (the 30-day one was missed: not sent late) and 37 before the
    # end of the late window.
    assert send(day + timedelta(days=93)).endswith("sent 2, already sent 0, failed 0")
    subjects = [message["Subject"] for _, message in inbox.messages]
    due = (day + timedelta(days=100)).isoformat()
    late = (day + timedelta(days=130)).isoformat()
    assert subjects == [
        f"CCM: renewal deadline in 90 days ({due})",
        f"CCM: renewal deadline in 7 days ({due})",
        f"CCM: end of the late-renewal window in 37 days ({late})",
    ]
    assert all(recipients == ["dana@example.org"] for recipients, _ in inbox.messages)
    assert "dana" not in send(day + timedelta(days=94))  # counts only, no addresses


def test_without_smtp_the_command_says_what_is_missing(
    renewing_account: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEPATH_SMTP_URL", raising=False)
    result = runner.invoke(app, ["reminders", "send"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: CASEPATH_SMTP_URL is not set: reminders are sent by e-mail"
    )


def test_a_failed_send_is_retried_by_the_next_run(
    renewing_account: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEPATH_SMTP_URL", "smtp://127.0.0.1:9")  # nothing listens there
    day = renewing_account + timedelta(days=10)  # the 90-day reminder is due
    failed = runner.invoke(app, ["reminders", "send", "--on", day.isoformat()])
    assert failed.exit_code == 1
    assert failed.stdout.strip().endswith("sent 0, already sent 0, failed 1")
    again = runner.invoke(app, ["reminders", "send", "--on", day.isoformat()])
    assert again.stdout.strip().endswith("failed 1")  # not marked as sent: tried again
