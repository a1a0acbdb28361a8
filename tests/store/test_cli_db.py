"""`casepath db` and `casepath profiles`, and `casepath serve` refusing a database behind."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from sqlalchemy.engine import URL
from typer.testing import CliRunner, Result

from casepath.interfaces.cli import app
from casepath.store import migrate, open_database

EXAMPLE = Path(__file__).resolve().parents[2] / "src/casepath/examples/dana-reyes.yaml"
runner = CliRunner()


@pytest.fixture
def configured(database_url: URL, monkeypatch: pytest.MonkeyPatch) -> URL:
    monkeypatch.setenv("CASEPATH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "100")
    return database_url


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), prog_name="casepath")


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    calls: list[tuple[str, int]] = []
    fake = types.ModuleType("casepath.web.server")
    fake.serve = lambda host, port, workers=None: calls.append((host, port))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "casepath.web.server", fake)
    return calls


def test_db_upgrade_creates_then_reports_up_to_date(configured: URL) -> None:
    status = invoke("db", "status")
    assert status.exit_code == 1
    assert "run: casepath db upgrade" in status.stdout
    first = invoke("db", "upgrade")
    assert first.exit_code == 0, first.stderr
    assert f"upgraded from empty to {migrate.head_revision()}" in first.stdout
    again = invoke("db", "upgrade")
    assert "already up to date" in again.stdout
    assert invoke("db", "status").exit_code == 0


def test_serve_creates_a_new_database_and_starts(
    configured: URL, fake_server: list[tuple[str, int]]
) -> None:
    result = invoke("serve", "--port", "8123")
    assert result.exit_code == 0, result.stderr
    assert fake_server == [("127.0.0.1", 8123)]
    db = open_database(configured)
    assert migrate.state(db).up_to_date
    db.dispose()


def test_serve_refuses_a_database_behind_and_names_the_command(
    configured: URL, fake_server: list[tuple[str, int]]
) -> None:
    db = open_database(configured)
    migrate.upgrade(db)
    migrate.downgrade(db, "-1")
    db.dispose()
    result = invoke("serve")
    assert result.exit_code == 1
    assert fake_server == []
    assert result.stderr.startswith("error: the database ")
    assert result.stderr.strip().endswith("run: casepath db upgrade")
    assert len(result.stderr.strip().splitlines()) == 1


def test_profiles_save_list_show_and_check(configured: URL) -> None:
    saved = invoke("profiles", "save", str(EXAMPLE))
    assert saved.exit_code == 0, saved.stderr
    profile_id = saved.stdout.split()[1]
    assert saved.stdout.strip() == f"saved {profile_id} version 1"
    again = invoke("profiles", "save", "--id", profile_id, str(EXAMPLE))
    assert again.stdout.strip() == f"saved {profile_id} version 2"
    listed = invoke("profiles", "list")
    assert listed.stdout.strip() == f"{profile_id}  2 versions  Dana Reyes"
    shown = invoke("profiles", "show", profile_id, "--version", "1")
    assert shown.exit_code == 0
    assert "name: Dana Reyes" in shown.stdout
    assert shown.stdout.startswith(f"# {profile_id} version 1, saved ")
    checked = invoke("profiles", "check", profile_id, "--on", "2026-03-01")
    assert checked.exit_code == 0, checked.stderr
    assert f"casepath check: {profile_id} version 2" in checked.stdout
    assert "Evaluated on 2026-03-01" in checked.stdout


def test_profiles_errors_are_one_line_with_exit_code_2(configured: URL, tmp_path: Path) -> None:
    unknown = invoke("profiles", "save", "--id", "nope", str(EXAMPLE))
    assert (unknown.exit_code, unknown.stderr.strip()) == (
        2,
        "error: --id: no stored profile 'nope' (see 'casepath profiles list')",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("jobs:\n  - start: 2020-01-01\n    hours_per_week: forty\n")
    invalid = invoke("profiles", "save", str(bad))
    assert invalid.exit_code == 2
    assert "jobs[0].hours_per_week" in invalid.stderr
    missing = invoke("profiles", "show", "nope")
    assert missing.exit_code == 2


def test_a_database_url_of_another_kind_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEPATH_DATABASE_URL", "mysql://db.example/casepath")
    result = invoke("db", "status")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: CASEPATH_DATABASE_URL: expected a sqlite:/// or postgresql+psycopg:// URL, "
        "got the driver 'mysql'"
    )
