"""`casepath what-if`: the what-if comparison from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casepath.interfaces.cli import app

EXAMPLE = Path(__file__).parents[1] / "src" / "casepath" / "examples" / "dana-reyes.yaml"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["what-if", str(EXAMPLE), "--on", "2026-03-01", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_ccm_supervisor_makes_ccm_eligible_now() -> None:
    code, out, _ = run("--supervisor-ccm")
    assert code == 0
    line = next(x for x in out.splitlines() if "CCM (changed)" in x)
    assert "eligible from 2026-05-31" in line and "eligible now" in line
    assert "With your supervisor in every job held the CCM for the whole job" in out


def test_json_has_before_and_after() -> None:
    code, out, _ = run("--add-ce", "5", "--topic", "ethics", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["changes"] == ["5 more CE hours (ethics) completed on 2026-03-01"]
    assert {d["credential"] for d in data["differences"]} >= {"CCM", "ACM", "CDMS"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "expected at least one of --full-time-from DATE"),
        (("--full-time-from", "2026-13-01"), "--full-time-from: expected a date YYYY-MM-DD"),
        (("--full-time-from", "2026-04-01", "--job", "1"), "--full-time-from: job 1"),
        (("--add-ce", "0"), "--add-ce: expected hours above 0"),
        (("--supervisor-ccm", "--supervisor-job", "9"), "--supervisor-job: there is no job 9"),
    ],
)
def test_bad_options_are_named(args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
