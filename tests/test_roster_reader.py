"""The roster reader: CSV (dialects, BOM), Parquet and XLSX tables → one profile per person, and
every bad row named by table, row, column, value and expectation."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from casepath.profile.model import Profile
from casepath.roster.export import roster_rows
from casepath.roster.people import Person, index_roster, iter_people
from casepath.roster.problems import RosterError
from casepath.roster.tables import read_roster

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
# What a roster cannot hold (spec/roster-format.md): it never carries these.
NOT_IN_A_ROSTER = (
    "disclosures",
    "purchasing_companies",
    "other_professional_development",
    "still_practicing_case_management",
    "answers",
)


def write_csv(folder: Path, table: str, rows: list[list[str]], **options: Any) -> None:
    encoding = options.pop("encoding", "utf-8")
    with (folder / f"{table}.csv").open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, **options).writerows(rows)


def people(folder: Path) -> dict[str, Person]:
    index = index_roster(read_roster(folder))
    return {p.employee_id: p for chunk in iter_people(index, 3) for p in chunk}


def small_roster(folder: Path, **options: Any) -> None:
    folder.mkdir(exist_ok=True)
    write_csv(
        folder,
        "staff",
        [[" Employee_ID ", "NAME", "Unit", "fte"], ["7", "Ana", "ICU", "0.8"], ["3", "Bo", "", ""]],
        **options,
    )
    write_csv(
        folder,
        "licenses",
        [["employee_id", "type", "status", "expires"], ["7", "RN", "active", "2027-01-31"]],
        **options,
    )
    write_csv(
        folder,
        "jobs",
        [
            ["employee_id", "setting", "start", "end", "hours_per_week", "role"],
            ["7", "hospital", "2020-01-01", "", "40", "direct_cm"],
            ["7", "home_health", "2018-01-01", "2019-06-30", "20", "direct_cm"],
        ],
        **options,
    )


def test_csv_roster_gives_one_profile_per_person(tmp_path: Path) -> None:
    small_roster(tmp_path)
    found = people(tmp_path)
    assert sorted(found) == ["3", "7"]
    ana = found["7"]
    assert ana.problems == []
    assert ana.profile is not None and ana.staff is not None
    assert ana.staff.unit == "ICU" and ana.staff.fte == 0.8
    assert ana.profile.name == "Ana"
    assert [j.start for j in ana.profile.jobs] == [date(2020, 1, 1), date(2018, 1, 1)]
    assert ana.profile.jobs[0].end is None
    assert ana.profile.licenses[0].expires == date(2027, 1, 31)
    assert found["3"].profile == Profile(name="Bo")


@pytest.mark.parametrize(
    "options",
    [
        {"delimiter": ";"},
        {"encoding": "utf-8-sig"},
        {"delimiter": ";", "encoding": "utf-8-sig", "quoting": csv.QUOTE_ALL},
    ],
    ids=["semicolon", "bom", "semicolon-bom-quoted"],
)
def test_csv_dialects_and_byte_order_mark(tmp_path: Path, options: dict[str, Any]) -> None:
    small_roster(tmp_path / "plain")
    small_roster(tmp_path / "other", **options)
    plain, other = people(tmp_path / "plain"), people(tmp_path / "other")
    assert {k: p.profile for k, p in other.items()} == {k: p.profile for k, p in plain.items()}
    assert other["7"].problems == []


def test_xlsx_workbook_with_date_cells(tmp_path: Path) -> None:
    import openpyxl

    small_roster(tmp_path / "csv")
    book = openpyxl.Workbook()
    staff = book.active
    staff.title = "Staff"
    for row in [["Employee_ID", "Name", "Unit", "FTE"], [7, "Ana", "ICU", 0.8], [3, "Bo"]]:
        staff.append(row)
    licences = book.create_sheet("licenses")
    licences.append(["employee_id", "type", "status", "expires"])
    licences.append([7, "RN", "active", datetime(2027, 1, 31)])
    jobs = book.create_sheet("jobs")
    jobs.append(["employee_id", "setting", "start", "end", "hours_per_week", "role"])
    jobs.append([7, "hospital", datetime(2020, 1, 1), None, 40, "direct_cm"])
    jobs.append([7, "home_health", date(2018, 1, 1), datetime(2019, 6, 30), 20.0, "direct_cm"])
    book.create_sheet("Notes").append(["anything"])
    book.save(tmp_path / "roster.xlsx")

    roster = read_roster(tmp_path / "roster.xlsx")
    assert any("notes" in note for note in roster.notes)
    from_xlsx = people(tmp_path / "roster.xlsx")
    from_csv = people(tmp_path / "csv")
    assert {k: p.profile for k, p in from_xlsx.items()} == {
        k: p.profile for k, p in from_csv.items()
    }
    assert from_xlsx["7"].staff == from_csv["7"].staff


def test_parquet_tables_with_their_own_types(tmp_path: Path) -> None:
    small_roster(tmp_path / "csv")
    folder = tmp_path / "pq"
    folder.mkdir()
    pq.write_table(
        pa.table(
            {
                "employee_id": [7, 3],
                "name": ["Ana", "Bo"],
                "unit": ["ICU", None],
                "fte": [0.8, None],
            }
        ),
        folder / "staff.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "employee_id": ["7"],
                "type": ["RN"],
                "status": ["active"],
                "expires": pa.array([date(2027, 1, 31)], pa.date32()),
            }
        ),
        folder / "licenses.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "employee_id": ["7", "7"],
                "setting": ["hospital", "home_health"],
                "start": pa.array([date(2020, 1, 1), date(2018, 1, 1)], pa.date32()),
                "end": pa.array([None, date(2019, 6, 30)], pa.date32()),
                "hours_per_week": [40.0, 20.0],
                "role": ["direct_cm", "direct_cm"],
            }
        ),
        folder / "jobs.parquet",
    )
    assert {k: p.profile for k, p in people(folder).items()} == {
        k: p.profile for k, p in people(tmp_path / "csv").items()
    }


def scenario_profiles() -> list[tuple[str, Profile]]:
    out = []
    for path in sorted(SCENARIOS.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        profile = dict(data.get("profile") or {})
        for key in NOT_IN_A_ROSTER:
            profile.pop(key, None)
        for job in profile.get("jobs") or []:
            job.pop("kind", None)  # a job's kind arrives with the engine's branch
        out.append((path.stem, Profile.model_validate(profile)))
    return out


def test_every_scenario_profile_survives_a_roster(tmp_path: Path) -> None:
    """Profile → roster rows → CSV files → reader → the same profile, for every scenario."""
    profiles = scenario_profiles()
    tables = roster_rows((f"P{i:04d}", p, {}) for i, (_, p) in enumerate(profiles))
    for name, rows in tables.items():
        columns = list(dict.fromkeys(c for row in rows for c in row)) or ["employee_id"]
        with (tmp_path / f"{name}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _text(v) for k, v in row.items()})
    found = people(tmp_path)
    for i, (stem, profile) in enumerate(profiles):
        person = found[f"P{i:04d}"]
        assert person.problems == [], stem
        expected = profile.model_copy(update={"name": profile.name or f"P{i:04d}"})
        assert person.profile == expected, stem


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --------------------------------------------------------------------------------------------
# Bad rows


def problems_of(folder: Path) -> list[str]:
    index = index_roster(read_roster(folder))
    found = [str(p) for p in index.orphans]
    for chunk in iter_people(index):
        for person in chunk:
            found.extend(f"[{person.employee_id}] {p}" for p in person.problems)
    return found


def test_missing_required_column_refuses_the_roster(tmp_path: Path) -> None:
    small_roster(tmp_path)
    write_csv(tmp_path, "licenses", [["employee_id", "type"], ["7", "RN"]])
    with pytest.raises(RosterError) as caught:
        read_roster(tmp_path)
    assert [str(p) for p in caught.value.problems] == ["licenses, status: required column missing"]


def test_no_staff_table_and_empty_file(tmp_path: Path) -> None:
    (tmp_path / "ce.csv").write_text("")
    with pytest.raises(RosterError) as caught:
        read_roster(tmp_path)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("staff: expected a staff table")
    assert "ce: empty file: expected a header row" in messages


def test_unknown_employee_is_an_error_of_its_row(tmp_path: Path) -> None:
    small_roster(tmp_path)
    write_csv(
        tmp_path,
        "ce",
        [["employee_id", "hours", "date"], ["7", "2", "2025-01-01"], ["99", "3", "2025-01-01"]],
    )
    index = index_roster(read_roster(tmp_path))
    assert [(p.table, p.row, p.column, p.value, p.expected) for p in index.orphans] == [
        ("ce", 3, "employee_id", '"99"', "expected an employee_id of the staff table")
    ]


def test_bad_date_and_bad_vocabulary_name_table_row_and_column(tmp_path: Path) -> None:
    small_roster(tmp_path)
    write_csv(
        tmp_path,
        "jobs",
        [
            ["employee_id", "setting", "start", "hours_per_week"],
            ["7", "hospital", "03/01/2020", "40"],
            ["7", "hopsital", "2020-02-30", "forty"],
        ],
    )
    found = problems_of(tmp_path)
    assert '[7] jobs row 2, start: expected a date YYYY-MM-DD, got "03/01/2020"' in found
    assert any(f.startswith("[7] jobs row 3, setting: expected one of hospital") for f in found)
    assert any(f.startswith("[7] jobs row 3, start: ") for f in found)
    assert any(
        f.startswith('[7] jobs row 3, hours_per_week: expected a number, got "forty"')
        for f in found
    )
    # the other person is untouched
    assert people(tmp_path)["3"].profile is not None


def test_duplicate_employee_id_in_staff(tmp_path: Path) -> None:
    small_roster(tmp_path)
    write_csv(tmp_path, "staff", [["employee_id", "name"], ["7", "Ana"], ["3", "Bo"], ["7", "Ann"]])
    found = people(tmp_path)
    assert found["7"].profile is None
    assert [(p.row, p.column) for p in found["7"].problems] == [
        (2, "employee_id"),
        (4, "employee_id"),
    ]
    assert "rows 2, 4" in found["7"].problems[0].expected
    assert found["3"].profile is not None


def test_staff_columns_are_checked(tmp_path: Path) -> None:
    small_roster(tmp_path)
    write_csv(
        tmp_path,
        "staff",
        [
            ["employee_id", "name", "fte", "status"],
            ["7", "", "1.5", "retired"],
            ["3", "Bo", "", ""],
        ],
    )
    found = problems_of(tmp_path)
    assert "[7] staff row 2, name: required field missing" in found
    assert '[7] staff row 2, fte: expected a number between 0 and 1, got "1.5"' in found
    assert (
        '[7] staff row 2, status: expected one of active, leave, terminated, got "retired"' in found
    )


def test_unknown_column_is_left_aside_and_said(tmp_path: Path) -> None:
    small_roster(tmp_path)
    write_csv(
        tmp_path,
        "exams",
        [["employee_id", "name", "date", "Score"], ["7", "CCM", "2024-01-01", "88"]],
    )
    roster = read_roster(tmp_path)
    assert roster.notes == ['exams: column "Score" is not a roster column, left aside']


def test_header_mapping(tmp_path: Path) -> None:
    small_roster(tmp_path)
    write_csv(tmp_path, "staff", [["Worker ID", "Legal Name"], ["7", "Ana"], ["3", "Bo"]])
    with pytest.raises(RosterError):
        read_roster(tmp_path)
    roster = read_roster(
        tmp_path, header_mapping={"worker id": "employee_id", "Legal Name": "name"}
    )
    assert roster.tables["staff"].column("name").to_pylist() == ["Ana", "Bo"]
