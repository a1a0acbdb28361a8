"""The project's scenario files (scenarios/, recursively) pass, and together they cover every
eligibility rule of the catalogue.

Each scenario is compared with its report by scenario_check.compare_report (the same comparison
as the worked examples), plus `status_until` where a scenario states it. The coverage test takes
the rule IDs from the catalogue itself (casepath.catalogue.load_catalogue) and requires, for each
eligibility rule, a scenario that both lists it under `covers` and whose report cites it: in a
result's rules, notes, missing items, earliest note, alternatives, or anywhere in its trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from casepath.catalogue import load_catalogue
from casepath.result import Report, TraceNode
from scenario_check import SCENARIOS, Scenario, compare_report, load_scenario

SCENARIO_FILES = sorted(SCENARIOS.rglob("*.yaml")) if SCENARIOS.is_dir() else []

# Scenarios whose catalogue-correct expectation the engine does not meet yet. Each stays an
# xfail(strict=True): when the engine is fixed the test turns XPASS -> failure, and the entry
# must be removed.
KNOWN_ENGINE_DISCREPANCIES: dict[str, str] = {}


def _key(path: Path) -> str:
    return path.relative_to(SCENARIOS).with_suffix("").as_posix()


def _params() -> list[object]:
    params: list[object] = []
    for path in SCENARIO_FILES:
        reason = KNOWN_ENGINE_DISCREPANCIES.get(_key(path))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=_key(path), marks=marks))
    return params


@cache
def _run(path: Path) -> tuple[Scenario, Report]:
    scenario = load_scenario(path)
    return scenario, scenario.run()


def _status_until_problems(scenario: Scenario, report: Report) -> list[str]:
    """`status_until` is not compared by scenario_check; scenarios may state it."""
    problems = []
    for credential, block in scenario.expected.items():
        if credential in ("renewal", "renewals") or "status_until" not in block:
            continue
        want = block["status_until"]
        want_date = None if want is None else date.fromisoformat(str(want))
        got = report.result_for(credential).status_until
        if got != want_date:
            problems.append(f"{credential}: status_until {got}, expected {want_date}")
    return problems


@pytest.mark.parametrize("path", _params())
def test_scenario(path: Path) -> None:
    scenario, report = _run(path)
    problems = compare_report(scenario, report) + _status_until_problems(scenario, report)
    assert not problems, "\n".join(problems)


def test_scenarios_are_found_and_ids_unique() -> None:
    assert len(SCENARIO_FILES) >= 60
    ids = [load_scenario(p).id for p in SCENARIO_FILES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate scenario ids: {duplicates}"


def test_known_discrepancies_name_existing_scenarios() -> None:
    keys = {_key(p) for p in SCENARIO_FILES}
    assert set(KNOWN_ENGINE_DISCREPANCIES) <= keys


# ------------------------------------------------------------------------------ coverage

# Sections of rules.md that hold eligibility rules: §1 conventions, §2.1-2.4 CCM, §3.1-3.3 ACM,
# §4.1 CMGT-BC, §5 NASW, §6.1 CDMS. Every other ID of the catalogue must be listed below with
# the reason it is not an eligibility rule, so a new catalogue row cannot slip through silently.
NOT_ELIGIBILITY: dict[str, str] = {}


def _exclude(reason: str, *ids: str) -> None:
    for rule_id in ids:
        NOT_ELIGIBILITY[rule_id] = reason


# Exam facts (format, fees, vendors, windows, pass rates): nothing a profile can meet or fail.
_exclude(
    "exam fact",
    *("CCM-X1", "CCM-X2", "CCM-X3", "CCM-X4", "CCM-X5", "CCM-X5b", "CCM-X6", "CCM-X7"),
    *("CCM-X8", "CCM-X9", "CCM-X9b", "CCM-X10"),
    *("ACM-X1", "ACM-X2", "ACM-X3", "ACM-X4", "ACM-X5"),
    *("ANCC-X1", "ANCC-X1-hist", "ANCC-X2", "ANCC-X3"),
    "CDMS-X1",
)
# Renewal rules: judged by the renewal engine (scenarios/renewal/), not by eligibility.
_exclude(
    "renewal rule",
    *("CCM-R1", "CCM-R2", "CCM-R3", "CCM-R4", "CCM-R5", "CCM-R6", "CCM-R7", "CCM-R8", "CCM-R9"),
    *("CCM-R9-count", "CCM-R10", "CCM-R10-b", "CCM-R-U"),
    *("ACM-R1", "ACM-R2", "ACM-R3", "ACM-R4", "ACM-R5", "ACM-R6", "ACM-R-U"),
    *("ANCC-R1", "ANCC-R2", "ANCC-R3", "ANCC-R4", "ANCC-R5", "ANCC-R5-det", "ANCC-R6"),
    *("ANCC-R7", "ANCC-R8", "ANCC-R-hist"),
    # §5: NASW-GEN-3 (renew every 2 years) and NASW-R-U (renewal CE hours) are renewal rules.
    *("NASW-GEN-3", "NASW-R-U"),
    *("CDMS-R1", "CDMS-R2", "CDMS-R3"),
    "CRC-R1",
)
# History with no effect on a profile: who won CCMC's 1992 bid.
_exclude("history", "CDMS-H")
# CRC eligibility is not evaluated (no CRC rulebook; a held CRC only qualifies for CCM Option A,
# which CCM-E1A-ex covers); CRC-name is a naming note.
_exclude("CRC eligibility not evaluated", "CRC-E-old", "CRC-E-new", "CRC-name")
# Statistics about holders and employers.
_exclude(
    "statistic", *("STAT-1", "STAT-2", "STAT-3", "STAT-4", "STAT-5", "STAT-6", "STAT-7", "STAT-8")
)

# Guidance rules (§8b): which credential to choose, not whether one can hold it; covered by
# tests/test_guidance.py on every scenario (GUIDE-7, the kinds of case manager, by the form).
_exclude("guidance rule", *(f"GUIDE-{n}" for n in range(1, 8)))

ELIGIBILITY_SECTIONS = ("1", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.1", "5", "6.1")

# Rules the engine applies but never cites in a report: the coverage test for them is an xfail.
UNCITED_BY_ENGINE: dict[str, str] = {}


def eligibility_rule_ids() -> list[str]:
    return [rule_id for rule_id in load_catalogue().rules if rule_id not in NOT_ELIGIBILITY]


def test_exclusions_are_catalogue_ids() -> None:
    unknown = sorted(set(NOT_ELIGIBILITY) - set(load_catalogue().rules))
    assert not unknown, f"excluded IDs not in the catalogue: {unknown}"


def test_eligibility_ids_are_the_eligibility_sections() -> None:
    catalogue = load_catalogue()
    outside = [
        rule_id
        for rule_id in eligibility_rule_ids()
        if catalogue.rules[rule_id].section not in ELIGIBILITY_SECTIONS
    ]
    assert not outside, (
        f"IDs outside the eligibility sections, neither covered nor excluded: {outside}"
    )
    assert len(eligibility_rule_ids()) >= 80


def mentions(rule_id: str, text: str) -> bool:
    """Whether `text` names `rule_id` as a whole ID (CONV-4 is not CONV-4b; E2.1 is not E2.10)."""
    pattern = rf"(?<![A-Za-z0-9-]){re.escape(rule_id)}(?![A-Za-z0-9-]|\.\d)"
    return re.search(pattern, text) is not None


def _trace(node: TraceNode | None) -> Iterator[TraceNode]:
    if node is None:
        return
    yield node
    for child in node.children:
        yield from _trace(child)


@cache
def citations(path: Path) -> tuple[frozenset[str], str]:
    """Rule IDs a scenario's report cites as IDs, and its free text that may name more.

    IDs: every result's `rules` and every trace node's rules. Text: notes, missing items,
    earliest notes, alternatives (readings and outcomes) and trace details.
    """
    _, report = _run(path)
    ids: set[str] = set()
    texts: list[str] = []
    for result in report.results:
        ids.update(result.rules)
        texts.extend([*result.notes, *result.missing, result.earliest_note])
        texts.extend(f"{reading}: {outcome}" for reading, outcome in result.alternatives.items())
        for node in _trace(result.trace):
            ids.update(node.rules)
            texts.append(node.detail)
    return frozenset(ids), "\n".join(texts)


def cites(path: Path, rule_id: str) -> bool:
    ids, text = citations(path)
    return rule_id in ids or mentions(rule_id, text)


def _covering(rule_id: str) -> list[str]:
    found = []
    for path in SCENARIO_FILES:
        scenario, _ = _run(path)
        if rule_id in scenario.covers and cites(path, rule_id):
            found.append(_key(path))
    return found


def _coverage_params() -> list[object]:
    params: list[object] = []
    for rule_id in eligibility_rule_ids():
        reason = UNCITED_BY_ENGINE.get(rule_id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(rule_id, id=rule_id, marks=marks))
    return params


@pytest.mark.parametrize("rule_id", _coverage_params())
def test_rule_is_covered_by_a_scenario(rule_id: str) -> None:
    assert _covering(rule_id), (
        f"{rule_id}: no scenario lists it under `covers` with a report that cites it"
    )


def test_covers_lists_only_catalogue_ids() -> None:
    rules = load_catalogue().rules
    bad = {
        _key(p): sorted(set(load_scenario(p).covers) - set(rules))
        for p in SCENARIO_FILES
        if set(load_scenario(p).covers) - set(rules)
    }
    assert not bad, f"unknown rule IDs under covers: {bad}"


@pytest.mark.parametrize(
    ("rule_id", "text", "found"),
    [
        ("CCM-E2.7", "CCM-E2.4: Section 5 ... (CCM-E2.7).", True),
        ("CCM-GEN-6", "CCM-GEN-4 / CCM-GEN-6: no course", True),
        ("CONV-4", "see CONV-4b", False),
        ("CONV-4b", "see CONV-4b", True),
        ("CCM-E2.1", "CCM-E2.10 only", False),
        ("CCM-E1A", "CCM-E1A-ex only", False),
        ("CONV-8", "If the ongoing jobs continue unchanged (CONV-8).", True),
    ],
)
def test_rule_ids_are_found_in_text(rule_id: str, text: str, found: bool) -> None:
    assert mentions(rule_id, text) is found
