"""The rows of the batch output for one person, and of the errors file. No I/O."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pyarrow as pa

from casepath.profile.model import Profile
from casepath.result import Report, Status
from casepath.roster.people import Person
from casepath.roster.pipeline import Placement, place
from casepath.roster.problems import RosterProblem

OUTPUT_SCHEMA = pa.schema(
    [
        ("employee_id", pa.string()),
        ("unit", pa.string()),
        ("credential", pa.string()),
        ("status", pa.string()),
        ("variant", pa.string()),
        ("path", pa.string()),
        ("earliest_eligibility_date", pa.date32()),
        ("event", pa.string()),
        ("deadline", pa.date32()),
        ("stage", pa.string()),
        ("stage_credential", pa.string()),
        ("stage_date", pa.date32()),
        ("renewal_at_risk", pa.bool_()),
    ]
)

ERRORS_SCHEMA = pa.schema(
    [
        ("employee_id", pa.string()),
        ("table", pa.string()),
        ("row", pa.int64()),
        ("column", pa.string()),
        ("value", pa.string()),
        ("message", pa.string()),
    ]
)


def report_rows(
    employee_id: str, unit: str, active: bool, profile: Profile, report: Report
) -> tuple[list[dict[str, Any]], Placement | None]:
    """One row per credential and per certification held (`renewal:<name>`).

    `stage` is the person's pipeline stage, on every row of theirs; empty for staff who are not
    active (on leave, terminated), whom the pipeline does not place.
    """
    placement = place(profile, report) if active else None
    common: dict[str, Any] = {
        "employee_id": employee_id,
        "unit": unit,
        "stage": placement.stage.value if placement else "",
        "stage_credential": placement.credential if placement else "",
        "stage_date": placement.day if placement else None,
        "renewal_at_risk": placement.renewal_at_risk if placement else False,
    }
    rows = [
        {
            **common,
            "credential": r.credential,
            "status": r.status.value,
            "variant": r.variant or "",
            "path": r.path or "",
            "earliest_eligibility_date": r.earliest_eligibility_date,
            "event": _event(r.status, r.earliest_eligibility_date, r.earliest_note),
            "deadline": None,
        }
        for r in report.results
    ]
    rows.extend(
        {
            **common,
            "credential": f"renewal:{r.credential}",
            "status": r.status.value,
            "variant": "",
            "path": r.route or "",
            "earliest_eligibility_date": r.earliest_eligibility_date,
            "event": _event(r.status, r.earliest_eligibility_date, r.earliest_note),
            "deadline": r.deadline,
        }
        for r in report.renewals
    )
    return rows, placement


def _event(status: Status, earliest: date | None, note: str) -> str:
    """The event needed when time alone will not do: only where there is no date."""
    if status in (Status.eligible, Status.not_applicable) or earliest is not None:
        return ""
    return note


def error_rows(problems: Iterable[RosterProblem]) -> list[dict[str, Any]]:
    return [
        {
            "employee_id": p.employee_id,
            "table": p.table,
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "message": p.expected,
        }
        for p in problems
    ]


def person_active(person: Person) -> bool:
    return person.staff is None or person.staff.status == "active"
