"""`casepath renewal`: the plan (text and JSON), the 90-day warning, errors with exit code 2,
and the iCalendar export, parsed with the icalendar library."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from casepath.interfaces.cli import app
from casepath.renewal.plan import plan_for
from casepath.result import RenewalResult, Status

PROFILE = """\
name: Dana Reyes
licenses:
  - {type: RN, state: NJ, status: active, issued: 2005-07-01, expires: 2027-05-31}
certifications:
  - {name: CCM, status: active, cycle_start: 2021-06-01, valid_through: 2026-05-31}
  - {name: CDMS, status: active, cycle_start: 2022-01-01, valid_through: 2026-12-31}
ce_records:
  - {hours: 40, topic: case_management, date: 2022-10-14, approver: CCMC_preapproved}
  - {hours: 37, topic: case_management, date: 2024-09-27, approver: CCMC_preapproved}
  - {hours: 7, topic: ethics_code_of_professional_conduct, date: 2025-03-07,
     approver: CCMC_preapproved}
"""

runner = CliRunner()


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "dana.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def test_text_plan_has_deadline_days_left_and_warning(profile_file: Path) -> None:
    result = runner.invoke(
        app,
        ["renewal", str(profile_file), "--on", "2026-04-15"],
        env={"COLUMNS": "120", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "CCM (CCMC)" in out and "Deadline: 2026-05-31 (46 days left)" in out
    assert "Warning: Deadline in 46 days" in out
    assert "1 more (7 of 8)" in out
    assert "CDMS (CCMC)" in out


def test_json_plan(profile_file: Path) -> None:
    result = runner.invoke(
        app, ["renewal", str(profile_file), "--on", "2026-04-15", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["evaluated_on"] == "2026-04-15"
    ccm = data["plans"][0]
    assert ccm["credential"] == "CCM" and ccm["status"] == "not_eligible"
    assert ccm["days_left"] == 46 and ccm["warning"]
    assert ccm["renewal"]["deadline"] == "2026-05-31"
    assert any(not item["done"] and item["by"] == "2026-05-31" for item in ccm["items"])
    cdms = data["plans"][1]
    assert cdms["warning"] is None  # deadline 260 days away


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--on", "2026-02-30"], "--on"),
        (["--format", "xml"], "--format"),
    ],
)
def test_bad_options_exit_2_with_one_line(profile_file: Path, args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["renewal", str(profile_file), *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0]


def test_bad_profile_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("ce_records:\n  - {hours: -2, topic: ethics, date: 2024-01-01}\n")
    result = runner.invoke(app, ["renewal", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "ce_records[0].hours" in result.stderr
    missing = runner.invoke(app, ["renewal", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and missing.stderr.startswith("error: ")


def test_ics_export_parses_with_icalendar(profile_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "renewals.ics"
    result = runner.invoke(
        app, ["renewal", str(profile_file), "--on", "2026-04-15", "--ics", str(target)]
    )
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    window = events["CCM renewal window"]
    assert window.decoded("DTSTART") == date(2026, 3, 1)
    assert window.decoded("DTEND") == date(2026, 6, 1)  # exclusive end: through May 31
    deadline = events["CCM renewal deadline (valid through)"]
    assert deadline.decoded("DTSTART") == date(2026, 5, 31)
    triggers = sorted(a.decoded("TRIGGER") for a in deadline.walk("VALARM"))
    assert triggers == [timedelta(days=-90), timedelta(days=-7)]
    late = events["CCM late renewal window"]
    assert late.decoded("DTSTART") == date(2026, 6, 1)
    assert late.decoded("DTEND") == date(2026, 7, 1)  # through day 30, 2026-06-30
    assert "$175" in str(late["DESCRIPTION"])
    cdms_late = events["CDMS late renewal window"]
    assert cdms_late.decoded("DTEND") - cdms_late.decoded("DTSTART") == timedelta(days=90)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    for event in cal.walk("VEVENT"):
        assert event.get("DTSTAMP") is not None


def test_ics_write_failure_exits_2(profile_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["renewal", str(profile_file), "--ics", str(tmp_path / "no" / "dir" / "x.ics")]
    )
    assert result.exit_code == 2 and "--ics" in result.stderr


def test_plan_warns_within_90_days_only() -> None:
    renewal = RenewalResult(credential="CCM", status=Status.eligible, deadline=date(2026, 5, 31))
    assert plan_for(renewal, date(2026, 3, 2)).warning is not None  # 90 days left
    assert plan_for(renewal, date(2026, 3, 1)).warning is None  # 91 days left
    past = RenewalResult(
        credential="CCM",
        status=Status.not_eligible,
        deadline=date(2026, 5, 31),
        late_window_closes=date(2026, 6, 30),
    )
    plan = plan_for(past, date(2026, 6, 10))
    assert plan.warning and "late window closes on 2026-06-30" in plan.warning
    assert plan.items[-1].by == date(2026, 6, 30)
