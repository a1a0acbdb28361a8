"""Compare a casepath report with the `expected` block of a scenario file.

Scenario files (spec/examples/ and the project's scenarios/) hold a profile, an evaluation date,
and per credential what must come out. Comparison rules:
- status: the first word of the expected value ("eligible (12.0 FTE months)" -> eligible);
- variant, path, earliest_eligibility_date: equal, when the key is given (null included);
- alternatives: the same readings, each with the same status (first word);
- missing: [] means none; otherwise every expected item is matched by one reported item that
  contains all of its figures (numbers and dates) and most of its words;
- rules: every expected rule ID is among the reported ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from casepath.profile.model import Profile
from casepath.result import CredentialResult, RenewalResult, Report
from casepath.service import check

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "spec" / "examples"
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

_FIGURE = re.compile(r"\d{4}-\d{2}-\d{2}|\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")
_STOP = {"with", "more", "than", "that", "from", "this", "have", "within", "least", "each"}


@dataclass(frozen=True)
class Scenario:
    path: Path
    id: str
    evaluation_date: date
    profile: Profile
    expected: dict[str, Any]
    covers: list[str]

    def run(self) -> Report:
        return check(self.profile, self.evaluation_date)


def load_scenario(path: Path) -> Scenario:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    on = data["evaluation_date"]
    return Scenario(
        path=path,
        id=str(data.get("id", path.stem)),
        evaluation_date=on if isinstance(on, date) else date.fromisoformat(str(on)),
        profile=Profile.model_validate(data["profile"]),
        expected=data["expected"],
        covers=list(data.get("covers", [])),
    )


def scenario_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _figures(text: str) -> set[str]:
    return {f.replace(",", "") for f in _FIGURE.findall(text)}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def item_matches(expected: str, actual: str) -> bool:
    if not _figures(expected) <= _figures(actual):
        return False
    if not set(_ACRONYM.findall(expected)) <= set(_ACRONYM.findall(actual)):
        return False
    words = _words(expected)
    if not words:
        return True
    return len(words & _words(actual)) * 2 >= len(words)


def status_word(value: Any) -> str:
    return str(value).split()[0].split("(")[0]


def compare(expected: dict[str, Any], actual: CredentialResult | RenewalResult) -> list[str]:
    """Differences between one expected block and a result (empty when they agree)."""
    problems: list[str] = []
    name = actual.credential
    if "status" in expected and status_word(expected["status"]) != actual.status.value:
        problems.append(f"{name}: status {actual.status.value}, expected {expected['status']}")
    for key in ("variant", "path"):
        if key in expected and getattr(actual, key, None) != expected[key]:
            problems.append(
                f"{name}: {key} {getattr(actual, key, None)!r}, expected {expected[key]!r}"
            )
    if "earliest_eligibility_date" in expected:
        want = expected["earliest_eligibility_date"]
        want_date = None if want is None else date.fromisoformat(str(want))
        if actual.earliest_eligibility_date != want_date:
            problems.append(
                f"{name}: earliest {actual.earliest_eligibility_date}, expected {want_date}"
            )
    for key in ("deadline", "window_opens", "late_window_closes"):
        # Renewal dates (issue 3): equal when the key is given (null included).
        if key in expected:
            want_day = None if expected[key] is None else date.fromisoformat(str(expected[key]))
            if getattr(actual, key, None) != want_day:
                problems.append(f"{name}: {key} {getattr(actual, key, None)}, expected {want_day}")
    if "alternatives" in expected:
        got = {k: status_word(v) for k, v in actual.alternatives.items()}
        want_alt = {k: status_word(v) for k, v in expected["alternatives"].items()}
        if got != want_alt:
            problems.append(f"{name}: alternatives {got}, expected {want_alt}")
    if "missing" in expected:
        want_missing = list(expected["missing"] or [])
        if not want_missing and actual.missing:
            problems.append(f"{name}: nothing should be missing, got {actual.missing}")
        for item in want_missing:
            if not any(item_matches(item, got_item) for got_item in actual.missing):
                problems.append(f"{name}: missing item {item!r} not in {actual.missing}")
    for rule in expected.get("rules", []) or []:
        if rule not in actual.rules:
            problems.append(f"{name}: rule {rule} not in {actual.rules}")
    return problems


def compare_report(scenario: Scenario, report: Report) -> list[str]:
    problems: list[str] = []
    for credential, block in scenario.expected.items():
        if credential == "renewal" or credential == "renewals":
            blocks = block if isinstance(block, list) else [block]
            for renewal_block in blocks:
                found = [r for r in report.renewals if r.credential == renewal_block["credential"]]
                if not found:
                    problems.append(f"renewal {renewal_block['credential']}: not reported")
                    continue
                problems.extend(compare(renewal_block, found[0]))
            continue
        problems.extend(compare(block, report.result_for(credential)))
    return problems
