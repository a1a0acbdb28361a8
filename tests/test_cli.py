"""The command line: output of `check` and `requirements`, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner, Result

from casepath import __version__, service
from casepath.interfaces import cli
from casepath.interfaces.cli import app
from casepath.result import (
    CategoryProgress,
    CredentialResult,
    LedgerEntry,
    RenewalResult,
    Report,
    Status,
)
from casepath.rules import loader

SHARED = Path(__file__).resolve().parents[2] / "shared"
S16 = SHARED / "spec" / "examples" / "s16-supervisor-ccm-midway.yaml"

# No colour, 80 columns, whatever the environment running the tests says.
ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "LINES": "50",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), env=ENV)


@pytest.fixture(scope="module")
def s16_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not S16.is_file():
        pytest.skip("../shared/spec/examples/s16-supervisor-ccm-midway.yaml not present")
    scenario = yaml.safe_load(S16.read_text(encoding="utf-8"))
    assert str(scenario["evaluation_date"]) == "2026-03-01"
    path = tmp_path_factory.mktemp("profiles") / "s16.yaml"
    path.write_text(yaml.safe_dump(scenario["profile"], sort_keys=False), encoding="utf-8")
    return path


def assert_one_line_error(result: Result, *words: str) -> str:
    """Exit code 2, nothing on stdout, one line "error: ..." on stderr, no traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    stderr = result.stderr
    assert result.stdout == ""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --------------------------------------------------------------------------------------------
# check


def test_check_json_on_worked_example_s16(s16_profile: Path) -> None:
    result = invoke("check", str(s16_profile), "--on", "2026-03-01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["evaluated_on"] == "2026-03-01"
    results = {r["credential"]: r for r in data["results"]}
    assert [r["credential"] for r in data["results"]] == list(loader.CREDENTIAL_ORDER)
    ccm = results["CCM"]
    assert ccm["status"] == "not_eligible"
    assert ccm["earliest_eligibility_date"] == "2026-05-31"
    assert ccm["alternatives"]["supervisor_ccm_at_application"] == "eligible"
    assert "CCM-E2.1" in ccm["rules"]
    assert ccm["trace"] is not None and ccm["trace"]["children"]
    assert data["renewals"] == []


def test_check_json_acm_s16(s16_profile: Path) -> None:
    if "ACM" not in loader.CREDENTIAL_ORDER:
        pytest.skip("no ACM rulebook yet")
    result = invoke("check", str(s16_profile), "--on", "2026-03-01", "--format", "json")
    acm = {r["credential"]: r for r in json.loads(result.stdout)["results"]}["ACM"]
    assert acm["status"] == "eligible"
    assert acm["variant"] == "ACM-RN"


def test_check_text_on_worked_example_s16(s16_profile: Path) -> None:
    result = invoke("check", str(s16_profile), "--on", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out  # no colour codes when not a terminal
    assert "Evaluated on 2026-03-01" in out
    assert "CCM (CCMC): not eligible" in out
    assert "Earliest eligibility date: 2026-05-31" in out
    assert "supervisor_ccm_at_application -> eligible" in out
    assert "Missing:" in out and "(has 9 months" in out
    assert "CCM-E2.1" in out
    if "ACM" in loader.CREDENTIAL_ORDER:
        assert "ACM (ACM-RN)" in out
    for line in out.splitlines():
        # A web address cannot be wrapped without breaking it: it stands alone on its line.
        assert len(line) <= 80 or line.strip().startswith("https://"), line
    assert "Trace:" not in out


def test_check_text_trace(s16_profile: Path) -> None:
    result = invoke("check", str(s16_profile), "--on", "2026-03-01", "--trace")
    assert result.exit_code == 0, result.stderr
    assert "Trace:" in result.stdout
    assert "not met: Category 1" in result.stdout


def test_check_defaults_to_today(s16_profile: Path) -> None:
    result = invoke("check", str(s16_profile), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["evaluated_on"] == date.today().isoformat()


def test_render_report_with_renewals_fits_80_columns() -> None:
    report = Report(
        evaluated_on=date(2026, 4, 15),
        rules_version="2026.1",
        results=[
            CredentialResult(
                credential="CCM",
                issuer="CCMC",
                status=Status.not_applicable,
                notes=["CCM is held: see its renewal instead."],
            ),
            CredentialResult(
                credential="CMGT-BC",
                issuer="ANCC",
                status=Status.indeterminate,
                path="[bold]not markup[/bold]",
                alternatives={"pro_rata_40h": "eligible", "not_accepted": "not_eligible"},
            ),
        ],
        renewals=[
            RenewalResult(
                credential="CCM",
                issuer="CCMC",
                status=Status.not_eligible,
                missing=["at least 1 more ethics-related CE hour (7 of 8), by 2026-05-31"],
                rules=["CCM-R2", "CCM-R3", "CCM-R7"],
                deadline=date(2026, 5, 31),
                earliest_note="as soon as 1 more ethics hour is done",
                window_opens=date(2026, 3, 1),
                window_closes=date(2026, 5, 31),
                route="CE (80 hours)",
                progress=[
                    CategoryProgress(
                        category="total", label="All CE", required=80, counted=84, remaining=0
                    ),
                    CategoryProgress(
                        category="ethics", label="Ethics", required=8, counted=7, remaining=1
                    ),
                ],
                ledger=[
                    LedgerEntry(
                        index=0,
                        date=date(2025, 3, 7),
                        hours=7,
                        topic="ethics_code_of_professional_conduct",
                        approver="CCMC_preapproved",
                        counted_hours=7,
                        categories=["total", "ethics"],
                    )
                ],
            )
        ],
        warnings=["a warning about the profile"],
    )
    buffer = StringIO()
    console = Console(file=buffer, width=80, color_system=None, force_terminal=False)
    cli.render_report(report, console, source="p.yaml", trace=True)
    out = buffer.getvalue()
    assert "Renewals" in out
    assert "CCM renewal (CCMC): not eligible" in out
    assert "Deadline: 2026-05-31" in out
    assert "Renewal window opens: 2026-03-01" in out
    assert "Ethics" in out and "Remaining" in out
    assert "ethics_code_of_professional_conduct" in out  # the ledger, with --trace
    assert "Outcome under each reading:" in out
    assert "[bold]not markup[/bold]" in out  # user text is never read as Rich markup
    assert "warning: a warning about the profile" in out
    assert max(len(line) for line in out.splitlines()) <= 80


# --------------------------------------------------------------------------------------------
# check: bad input gives exit code 2 and one line on stderr


def test_malformed_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("jobs: [\n  - title: x\n", encoding="utf-8")
    assert_one_line_error(invoke("check", str(path)), "not valid YAML", "bad.yaml")


def test_unknown_key(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("jobs:\n  - start: 2020-01-01\n    hours_per_wek: 40\n", encoding="utf-8")
    assert_one_line_error(invoke("check", str(path)), "hours_per_wek", "hours_per_week")


def test_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "type.yaml"
    path.write_text("jobs:\n  - start: 2020-01-01\n    hours_per_week: forty\n", encoding="utf-8")
    assert_one_line_error(invoke("check", str(path)), "jobs[0].hours_per_week", "forty")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert_one_line_error(invoke("check", str(path)), "nowhere.yaml")


def test_bad_on_date(s16_profile: Path) -> None:
    line = assert_one_line_error(invoke("check", str(s16_profile), "--on", "2026-13-01"))
    assert line == 'error: --on: expected a date YYYY-MM-DD, got "2026-13-01"'


@pytest.mark.parametrize("given", ["20260301", "2026-3-1", "tomorrow", "2026-03-01T10:00"])
def test_on_accepts_iso_dates_only(s16_profile: Path, given: str) -> None:
    assert_one_line_error(invoke("check", str(s16_profile), "--on", given), "--on")


def test_unexpected_error_while_loading_is_one_line(
    s16_profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casepath.profile.loading as loading

    def explode(path: object) -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(loading, "load_profile", explode)
    assert_one_line_error(invoke("check", str(s16_profile)), "disk on fire second line")


def test_internal_error_is_one_line_exit_1(
    s16_profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(service, "credentials", explode)
    result = invoke("requirements")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: internal error")
    assert "Traceback" not in result.stderr


def test_usage_errors_are_one_line() -> None:
    result = invoke("check")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: Missing argument 'PROFILE'. (see 'casepath check --help')"
    ]
    result = invoke("check", "x.yaml", "--format", "xml")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1


# --------------------------------------------------------------------------------------------
# requirements


def test_requirements_ccm_text() -> None:
    result = invoke("requirements", "CCM", "--on", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "To be eligible for CCM (CCMC), all of:" in out
    assert "Category 1" in out and "CCM-E2.1" in out
    assert "Option A" in out and "Option B" in out
    assert "Open questions" in out and "ccm_supervisor_timing" in out


def test_requirements_ids_are_case_insensitive() -> None:
    lower = invoke("requirements", "ccm", "--on", "2026-03-01")
    upper = invoke("requirements", "CCM", "--on", "2026-03-01")
    assert lower.exit_code == 0 and lower.stdout == upper.stdout
    if "CMGT-BC" in loader.CREDENTIAL_ORDER:
        result = invoke("requirements", "cmgt-bc", "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["credential"] == "CMGT-BC"


def test_requirements_json() -> None:
    result = invoke("requirements", "CCM", "--on", "2026-03-01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["credential"] == "CCM" and doc["issuer"] == "CCMC"
    assert doc["requirement"]["kind"] == "all"
    assert {q["id"] for q in doc["open_questions"]} >= {"ccm_supervisor_timing"}


def test_requirements_lists_credentials() -> None:
    result = invoke("requirements")
    assert result.exit_code == 0, result.stderr
    for credential in loader.CREDENTIAL_ORDER:
        assert credential in result.stdout
    listed = json.loads(invoke("requirements", "--format", "json").stdout)
    assert [c["id"] for c in listed] == list(loader.CREDENTIAL_ORDER)


def test_requirements_unknown_credential() -> None:
    line = assert_one_line_error(invoke("requirements", "CMM"), '"CMM"')
    assert 'did you mean "CCM"?' in line


def test_requirements_bad_on_date() -> None:
    assert_one_line_error(invoke("requirements", "CCM", "--on", "01/03/2026"), "--on")


# --------------------------------------------------------------------------------------------
# rulebooks, serve, version


def test_rulebooks_validate() -> None:
    result = invoke("rulebooks", "validate")
    assert result.exit_code == 0, result.stdout + result.stderr
    count = len(loader.CREDENTIAL_ORDER)
    noun = "rulebook" if count == 1 else "rulebooks"
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"{count} {noun} valid: {', '.join(loader.CREDENTIAL_ORDER)}"
    assert lines[1].startswith("renewal rulebooks valid: CCM, ACM")


def test_rulebooks_validate_reports_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    problems = [loader.Problem("ccm.yaml node x", "cites no rule ID"), loader.Problem("a", "b")]
    monkeypatch.setattr(loader, "validate_all", lambda: problems)
    result = invoke("rulebooks", "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["ccm.yaml node x: cites no rule ID", "a: b"]


def test_serve_calls_the_web_server(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int, int | None]] = []
    fake = types.ModuleType("casepath.web.server")
    fake.serve = lambda host, port, workers: calls.append((host, port, workers))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "casepath.web.server", fake)
    result = invoke("serve", "--port", "8123")
    assert result.exit_code == 0, result.stderr
    assert calls == [("127.0.0.1", 8123, None)]
    assert invoke("serve", "--workers", "3").exit_code == 0
    assert calls[-1] == ("127.0.0.1", 8000, 3)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"casepath {__version__}"


# --------------------------------------------------------------------------------------------
# The installed entry point, end to end


def _entry_point() -> Path:
    script = Path(sys.executable).parent / "casepath"
    if not script.exists():
        pytest.skip("the casepath script is not installed next to this Python")
    return script


def test_entry_point_exit_code_2_on_bad_profile(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("jobs:\n  - start: 2020-01-01\n    hours_per_wek: 40\n", encoding="utf-8")
    done = subprocess.run(
        [str(_entry_point()), "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "hours_per_week" in lines[0]


def test_entry_point_check_json(s16_profile: Path) -> None:
    done = subprocess.run(
        [str(_entry_point()), "check", str(s16_profile), "--on", "2026-03-01", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = {r["credential"]: r for r in json.loads(done.stdout)["results"]}
    assert results["CCM"]["earliest_eligibility_date"] == "2026-05-31"


def test_no_command_shows_the_help() -> None:
    result = invoke()
    assert "Usage" in result.output
    assert "error:" not in result.stderr


def test_on_date_outside_the_plausible_range_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: x\n")
    result = invoke("check", str(profile), "--on", "0001-01-01")
    assert result.exit_code == 2
    assert "--on: expected a date between 1900-01-01 and 2199-12-31" in result.stderr
