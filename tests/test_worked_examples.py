"""The worked examples of spec/examples/ pass: status, path, missing items, earliest date and
alternatives for every credential (see scenario_check for how each field is compared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_check import EXAMPLES, compare_report, item_matches, load_scenario, scenario_files

EXAMPLE_FILES = scenario_files(EXAMPLES)


@pytest.mark.skipif(not EXAMPLE_FILES, reason="../shared/spec/examples not present")
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_worked_example(path: Path) -> None:
    scenario = load_scenario(path)
    problems = compare_report(scenario, scenario.run())
    assert not problems, "\n".join(problems)


def test_examples_are_all_found() -> None:
    if EXAMPLES.is_dir():
        assert len(EXAMPLE_FILES) >= 6


@pytest.mark.parametrize(
    ("expected", "actual", "matches"),
    [
        ("6 more CE hours (has 24 of 30)", "6 more CE hours in nursing CM (has 24 of 30)", True),
        ("6 more CE hours (has 24 of 30)", "5 more CE hours in nursing CM (has 25 of 30)", False),
        ("BSW degree", "a BSW degree from a CSWE-accredited school", True),
        ("BSW degree", "an MSW degree from a CSWE-accredited programme", False),
        ("2,080 h of work", "2080 h of disability-management work", True),
    ],
)
def test_missing_items_are_matched_by_figures_and_words(
    expected: str, actual: str, matches: bool
) -> None:
    assert item_matches(expected, actual) is matches
