"""From roster tables to one validated profile per person, or the problems of their rows.

`index_roster` sorts every table by employee_id (in Arrow, not as Python objects) and finds each
person's rows; `people_between` then builds the people of a range of that order, so a large
roster is turned into profiles a chunk at a time. Rows whose employee_id is not in `staff` are
problems of their own (`RosterIndex.orphans`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from casepath.profile.loading import ProfileError, _show, parse_profile
from casepath.profile.model import Profile
from casepath.roster.problems import RosterProblem
from casepath.roster.schema import DATE_COLUMNS, ID, STAFF_STATUSES, TABLES, TableSpec
from casepath.roster.tables import ROW, RosterTables

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISSUE_PATH = re.compile(r"(?P<key>[a-z_]+)\[(?P<index>[0-9]+)\](?:\.(?P<field>\w+))?")
_BY_KEY = {spec.profile_key: spec for spec in TABLES.values() if spec.profile_key}


@dataclass(frozen=True)
class StaffInfo:
    """What the staff table says about employment (not part of a profile)."""

    employee_id: str
    name: str
    unit: str = ""
    fte: float = 1.0
    status: str = "active"
    email: str = ""
    manager_id: str = ""
    job_title: str = ""
    hire_date: date | None = None


@dataclass
class Person:
    """One person of the roster: a profile when every row of theirs is valid, else problems."""

    employee_id: str
    staff: StaffInfo | None
    profile: Profile | None
    problems: list[RosterProblem] = field(default_factory=list)


@dataclass
class _Grouped:
    table: pa.Table  # sorted by employee_id, then row
    ids: np.ndarray[Any, Any]  # the distinct employee ids, sorted
    offsets: np.ndarray[Any, Any]  # rows of ids[i]: offsets[i]:offsets[i + 1]


@dataclass
class RosterIndex:
    """The roster sorted by employee_id: `ids` are the people, in that order."""

    ids: np.ndarray[Any, Any]
    tables: dict[str, _Grouped]
    orphans: list[RosterProblem]

    def __len__(self) -> int:
        return len(self.ids)


def index_roster(roster: RosterTables) -> RosterIndex:
    orphans: list[RosterProblem] = []
    staff = _grouped(_without_blank_ids("staff", roster.tables["staff"], orphans))
    grouped = {"staff": staff}
    known = pa.array(staff.ids, pa.string())
    for name, table in roster.tables.items():
        if name == "staff":
            continue
        table = _without_blank_ids(name, table, orphans)
        inside = pc.is_in(table.column(ID), value_set=known)
        if not pc.all(inside).as_py():
            outside = table.filter(pc.invert(inside))
            for row, value in zip(
                outside.column(ROW).to_pylist(), outside.column(ID).to_pylist(), strict=True
            ):
                orphans.append(
                    RosterProblem(
                        name,
                        row,
                        ID,
                        _show(value),
                        "expected an employee_id of the staff table",
                        value,
                    )
                )
            table = table.filter(inside)
        grouped[name] = _grouped(table)
    orphans.sort(key=lambda p: (p.table, p.row or 0))
    return RosterIndex(staff.ids, grouped, orphans)


def _without_blank_ids(name: str, table: pa.Table, orphans: list[RosterProblem]) -> pa.Table:
    blank = pc.is_null(table.column(ID))
    if not pc.any(blank).as_py():
        return table
    for row in table.filter(blank).column(ROW).to_pylist():
        orphans.append(RosterProblem(name, row, ID, "null", "required field missing"))
    return table.filter(pc.invert(blank))


def _grouped(table: pa.Table) -> _Grouped:
    table = table.sort_by([(ID, "ascending"), (ROW, "ascending")])
    counts = pc.value_counts(table.column(ID))  # in order of appearance: sorted
    ids = counts.field("values").to_numpy(zero_copy_only=False)
    sizes = counts.field("counts").to_numpy()
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    return _Grouped(table, ids, offsets)


def iter_people(index: RosterIndex, chunk: int = 1000) -> Iterator[list[Person]]:
    """Every person of the roster, `chunk` at a time, in employee_id order."""
    for start in range(0, len(index), chunk):
        yield people_of(slice_people(index, start, min(start + chunk, len(index))))


def slice_people(index: RosterIndex, start: int, stop: int) -> dict[str, pa.Table]:
    """The rows of the people index.ids[start:stop], table by table (zero-copy slices)."""
    out: dict[str, pa.Table] = {}
    if start >= stop:
        return {name: g.table.slice(0, 0) for name, g in index.tables.items()}
    first_id, last_id = index.ids[start], index.ids[stop - 1]
    for name, grouped in index.tables.items():
        first = int(np.searchsorted(grouped.ids, first_id, side="left"))
        last = int(np.searchsorted(grouped.ids, last_id, side="right"))
        lo, hi = int(grouped.offsets[first]), int(grouped.offsets[last])
        out[name] = grouped.table.slice(lo, hi - lo)
    return out


def people_of(tables: dict[str, pa.Table]) -> list[Person]:
    """The people of tables holding only known employee ids, in the order of `staff`."""
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for record in tables["staff"].to_pylist():
        rows.setdefault(record[ID], {}).setdefault("staff", []).append(record)
    for name, table in tables.items():
        if name == "staff":
            continue
        for record in table.to_pylist():
            rows[record[ID]].setdefault(name, []).append(record)
    return [_person(employee_id, person) for employee_id, person in rows.items()]


def _person(employee_id: str, tables: dict[str, list[dict[str, Any]]]) -> Person:
    problems: list[RosterProblem] = []
    staff_rows = tables.get("staff", [])
    if len(staff_rows) > 1:
        numbers = ", ".join(str(r[ROW]) for r in staff_rows)
        for record in staff_rows:
            problems.append(
                RosterProblem(
                    "staff",
                    record[ROW],
                    ID,
                    _show(employee_id),
                    f"expected each employee_id once in staff, got it on rows {numbers}",
                    employee_id,
                )
            )
    staff = _staff(employee_id, staff_rows[0], problems)
    data: dict[str, Any] = {}
    for column in TABLES["staff"].profile_columns():
        value = _value("staff", staff_rows[0], column, employee_id, problems)
        if value is not None:
            data[column] = value
    sources: dict[str, list[int]] = {}
    for name, records in tables.items():
        spec = TABLES[name]
        if spec.profile_key is None:
            continue
        data[spec.profile_key] = [_record(spec, r, employee_id, problems) for r in records]
        sources[spec.profile_key] = [r[ROW] for r in records]
    profile: Profile | None = None
    try:
        profile = parse_profile(data)
    except ProfileError as exc:
        problems.extend(_located(exc, data, sources, staff_rows[0][ROW], employee_id))
    if problems:
        return Person(employee_id, staff, None, _unique(problems))
    return Person(employee_id, staff, profile)


def _record(
    spec: TableSpec, row: dict[str, Any], employee_id: str, problems: list[RosterProblem]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in spec.required:
        if column != ID and row.get(column) is None:
            problems.append(
                RosterProblem(
                    spec.name, row[ROW], column, "null", "required field missing", employee_id
                )
            )
    for column in spec.profile_columns():
        value = _value(spec.name, row, column, employee_id, problems)
        if value is not None:
            out[column] = value
    return out


def _value(
    table: str, row: dict[str, Any], column: str, employee_id: str, problems: list[RosterProblem]
) -> Any:
    """The cell as the profile model takes it; dates checked here (a number is not a date)."""
    value = row.get(column)
    if isinstance(value, str):
        value = value.strip() or None
    if value is None or column not in DATE_COLUMNS:
        return value
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date()
        expected = f"expected a date YYYY-MM-DD without a time, got {_show(value)}"
    elif isinstance(value, date):
        return value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # the model checks the calendar (2024-02-30)
    else:
        expected = f"expected a date YYYY-MM-DD, got {_show(value)}"
    problems.append(RosterProblem(table, row[ROW], column, _show(value), expected, employee_id))
    return None


def _staff(employee_id: str, row: dict[str, Any], problems: list[RosterProblem]) -> StaffInfo:
    def text(column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value).strip()

    def problem(column: str, expected: str) -> None:
        problems.append(
            RosterProblem("staff", row[ROW], column, _show(row.get(column)), expected, employee_id)
        )

    if not text("name"):
        problem("name", "required field missing")
    fte = 1.0
    if text("fte"):
        try:
            fte = float(text("fte"))
        except ValueError:
            fte = -1.0
        if not 0 <= fte <= 1:
            problem("fte", f"expected a number between 0 and 1, got {_show(row.get('fte'))}")
            fte = 1.0
    status = text("status").lower() or "active"
    if status not in STAFF_STATUSES:
        problem(
            "status", f"expected one of {', '.join(STAFF_STATUSES)}, got {_show(row.get('status'))}"
        )
    hire = _value("staff", row, "hire_date", employee_id, problems)
    hire_date: date | None = None
    if isinstance(hire, str):
        try:
            hire_date = date.fromisoformat(hire)
        except ValueError:
            problem("hire_date", f"expected a date YYYY-MM-DD, got {_show(hire)}")
    elif isinstance(hire, date):
        hire_date = hire
    return StaffInfo(
        employee_id=employee_id,
        name=text("name"),
        unit=text("unit"),
        fte=fte,
        status=status,
        email=text("email"),
        manager_id=text("manager_id"),
        job_title=text("job_title"),
        hire_date=hire_date,
    )


def _located(
    exc: ProfileError,
    data: dict[str, Any],
    sources: dict[str, list[int]],
    staff_row: int,
    employee_id: str,
) -> Iterator[RosterProblem]:
    """A profile's issues (`jobs[1].hours_per_week: ...`) as table / row / column problems."""
    for issue in exc.issues:
        match = _ISSUE_PATH.fullmatch(issue.path)
        if match and match["key"] in _BY_KEY:
            key, index, column = match["key"], int(match["index"]), match["field"] or ""
            record = data[key][index]
            value = _show(record.get(column)) if column else ""
            yield RosterProblem(
                _BY_KEY[key].name, sources[key][index], column, value, issue.message, employee_id
            )
        else:
            column = issue.path.split(".")[0].split("[")[0]
            value = _show(data.get(column)) if column in data else ""
            yield RosterProblem("staff", staff_row, column, value, issue.message, employee_id)


def _unique(problems: list[RosterProblem]) -> list[RosterProblem]:
    """One problem per cell: a roster-required cell left empty is also missing to the model."""
    seen: set[tuple[str, int | None, str]] = set()
    out = []
    for problem in problems:
        key = (problem.table, problem.row, problem.column)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
