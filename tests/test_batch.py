"""`casepath batch`: rows equal `service.check` per person, bad rows to the errors file, --strict,
CSV and Parquet output, and the same output on a Dask cluster of two worker processes."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from casepath.batch.rows import OUTPUT_SCHEMA
from casepath.batch.run import StrictStop, run_batch
from casepath.interfaces.cli import app
from casepath.roster.people import index_roster, iter_people
from casepath.roster.pipeline import place
from casepath.roster.synthetic import synthetic_roster, write_roster
from casepath.roster.tables import read_roster
from casepath.service import check

ON = date(2026, 3, 1)
runner = CliRunner()


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("roster")
    write_roster(synthetic_roster(120, ON, seed=11), folder)
    return folder


def expected_rows(folder: Path) -> list[dict[str, object]]:
    """What each person's rows must say, straight from service.check on their profile."""
    rows: list[dict[str, object]] = []
    for chunk in iter_people(index_roster(read_roster(folder))):
        for person in chunk:
            assert person.profile is not None and person.staff is not None
            report = check(person.profile, ON)
            active = person.staff.status == "active"
            stage = place(person.profile, report).stage.value if active else ""
            for r in report.results:
                rows.append(
                    {
                        "employee_id": person.employee_id,
                        "credential": r.credential,
                        "status": r.status.value,
                        "variant": r.variant or "",
                        "path": r.path or "",
                        "earliest_eligibility_date": r.earliest_eligibility_date,
                        "stage": stage,
                    }
                )
            for n in report.renewals:
                rows.append(
                    {
                        "employee_id": person.employee_id,
                        "credential": f"renewal:{n.credential}",
                        "status": n.status.value,
                        "variant": "",
                        "path": n.route or "",
                        "earliest_eligibility_date": n.earliest_eligibility_date,
                        "stage": stage,
                    }
                )
    return rows


def test_batch_rows_equal_service_check(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    summary = run_batch(roster, ON, out, workers=2, chunk=25)
    table = pq.read_table(out)
    assert table.schema.equals(OUTPUT_SCHEMA)
    got = table.select(
        [
            "employee_id",
            "credential",
            "status",
            "variant",
            "path",
            "earliest_eligibility_date",
            "stage",
        ]
    ).to_pylist()
    assert got == expected_rows(roster)
    assert summary.people == 120 and summary.rows == table.num_rows
    assert sum(summary.stages.values()) == 120
    assert not (tmp_path / "out.parquet.errors.csv").exists()


def test_csv_output_through_the_cli(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["batch", str(roster), "--on", "2026-03-01", "--out", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "120 people" in result.output and "No bad rows." in result.output
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = expected_rows(roster)
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        assert row["employee_id"] == want["employee_id"]
        assert row["status"] == want["status"]
        day = want["earliest_eligibility_date"]
        assert row["earliest_eligibility_date"] == (day.isoformat() if day else "")


def bad_roster(folder: Path) -> Path:
    tables = synthetic_roster(30, ON, seed=5)
    write_roster(tables, folder, "csv")
    jobs = (folder / "jobs.csv").read_text().splitlines()
    # row 2 (the first data row): a bad date; and a row of a person not in staff
    header, first = jobs[0], jobs[1].split(",")
    start = header.split(",").index('"start"')
    first[start] = '"2024-13-01"'
    jobs[1] = ",".join(first)
    jobs.append(",".join(['"NOBODY"', *first[1:]]))
    (folder / "jobs.csv").write_text("\n".join(jobs) + "\n")
    return folder


def test_bad_rows_go_to_the_errors_file_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = bad_roster(tmp_path / "roster")
    out = tmp_path / "out.parquet"
    summary = run_batch(folder, ON, out, workers=1)
    assert summary.people == 30 and summary.failed_people == 1
    with (tmp_path / "out.parquet.errors.csv").open(newline="") as handle:
        errors = list(csv.DictReader(handle))
    assert [(e["table"], e["row"], e["column"]) for e in errors] == [
        ("jobs", str(len((folder / "jobs.csv").read_text().splitlines())), "employee_id"),
        ("jobs", "2", "start"),
    ]
    assert errors[0]["message"] == "expected an employee_id of the staff table"
    assert errors[1]["value"] == '"2024-13-01"'
    bad_person = errors[1]["employee_id"]
    ids = set(pq.read_table(out).column("employee_id").to_pylist())
    assert bad_person not in ids and len(ids) == 29


def test_strict_stops_at_the_first_bad_row_and_writes_nothing(tmp_path: Path) -> None:
    folder = bad_roster(tmp_path / "roster")
    out = tmp_path / "out.csv"
    with pytest.raises(StrictStop):
        run_batch(folder, ON, out, workers=1, strict=True)
    result = runner.invoke(
        app, ["batch", str(folder), "--on", "2026-03-01", "--out", str(out), "--strict"]
    )
    assert result.exit_code == 2
    assert "jobs row" in result.output and "employee_id" in result.output
    assert list(tmp_path.iterdir()) == [tmp_path / "roster"]  # no output, no temporary file


def test_a_roster_that_cannot_be_read_exits_2_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_text("name\nAna\n")
    (tmp_path / "ce.csv").write_text("")
    result = runner.invoke(
        app, ["batch", str(tmp_path), "--on", "2026-03-01", "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2
    assert "error: staff, employee_id: required column missing" in result.output
    assert "error: ce: empty file: expected a header row" in result.output


def test_output_extension_is_checked(roster: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["batch", str(roster), "--on", "2026-03-01", "--out", str(tmp_path / "o.json")]
    )
    assert result.exit_code == 2
    assert "expected an output file ending in .csv or .parquet, got o.json" in result.output


def test_dask_cluster_writes_the_same_output(roster: Path, tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    local = tmp_path / "local.parquet"
    run_batch(roster, ON, local, workers=2, chunk=40)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_dask = tmp_path / "dask.parquet"
        summary = run_batch(
            roster, ON, on_dask, workers=2, chunk=40, dask=cluster.scheduler_address
        )
    assert summary.people == 120
    assert pq.read_table(on_dask).equals(pq.read_table(local))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask.parquet", "local.parquet"]


def test_dask_local_reports_bad_rows_like_a_local_run(tmp_path: Path) -> None:
    folder = bad_roster(tmp_path / "roster")
    run_batch(folder, ON, tmp_path / "a.csv", workers=1)
    run_batch(folder, ON, tmp_path / "b.csv", workers=2, chunk=10, dask="local")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv.errors.csv").read_bytes() == (
        tmp_path / "b.csv.errors.csv"
    ).read_bytes()


def test_empty_staff_table_gives_empty_output(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    pq.write_table(
        pa.table({"employee_id": pa.array([], pa.string()), "name": pa.array([], pa.string())}),
        folder / "staff.parquet",
    )
    summary = run_batch(folder, ON, tmp_path / "o.parquet", workers=1)
    assert summary.people == 0 and pq.read_table(tmp_path / "o.parquet").num_rows == 0
