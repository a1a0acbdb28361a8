"""Rulebook validation: the shipped rulebooks are sound, and each kind of mistake is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casepath.catalogue import catalogue_text, load_catalogue
from casepath.rules.loader import (
    CREDENTIAL_ORDER,
    RulebookError,
    check_rulebook,
    load_rulebooks,
    parse_rulebook,
    validate_all,
)

SHARED_RULES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "rules.md"

GOOD = """
credential: TEST
issuer: T
title: Test credential
versions:
  - version: "1"
    effective_from: 2010-01-01
    effective_to: 2015-12-31
    questions:
      - id: q
        rules: [CCM-E2-U2]
        label: a question
        readings: {a: reading a, b: reading b}
    requirement:
      id: root
      label: root
      rules: [CCM-GEN-2]
      sources: [CCMC-GLANCE]
      all:
        - id: leaf
          label: leaf
          rules: [CCM-E2.1]
          test: experience_months
          params: {at_least: 12, part_time_question: q}
  - version: "2"
    effective_from: 2016-01-01
    requirement:
      id: root
      label: root
      rules: [CCM-GEN-2]
      test: constant
"""


def problems_of(text: str) -> list[str]:
    book = parse_rulebook(text, "test.yaml")
    return [str(p) for p in check_rulebook(book, load_catalogue(), "test.yaml")]


def test_shipped_rulebooks_are_valid() -> None:
    assert validate_all() == []
    assert list(load_rulebooks()) == list(CREDENTIAL_ORDER)


def test_a_sound_rulebook_has_no_problems() -> None:
    assert problems_of(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("CCM-E2.1]", "CCM-E2.9]"), 'rule ID "CCM-E2.9"'),
        (("[CCMC-GLANCE]", "[CCMC-GLANCEE]"), 'did you mean "CCMC-GLANCE"'),
        (("test: experience_months", "test: experience_month"), 'did you mean "experience_months"'),
        (("{at_least: 12, ", "{at_leest: 12, "), "params.at_leest"),
        (("part_time_question: q}", "part_time_question: zz}"), 'question "zz" is not declared'),
        (("effective_from: 2016-01-01", "effective_from: 2016-03-01"), "gap"),
        (("effective_from: 2016-01-01", "effective_from: 2015-06-01"), "overlap"),
    ],
)
def test_each_mistake_is_reported(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in GOOD
    problems = problems_of(GOOD.replace(old, new))
    assert any(expected in p for p in problems), problems


def test_a_node_with_two_kinds_is_a_schema_error() -> None:
    broken = GOOD.replace("      test: constant", "      test: constant\n      all: []")
    with pytest.raises(RulebookError, match="exactly one of"):
        parse_rulebook(broken, "test.yaml")


def test_default_must_be_one_of_the_readings() -> None:
    broken = GOOD.replace(
        "readings: {a: reading a, b: reading b}", "readings: {a: x, b: y}\n        default: c"
    )
    with pytest.raises(RulebookError, match="default"):
        parse_rulebook(broken, "test.yaml")


def test_versions_in_force_include_both_where_the_start_is_uncertain() -> None:
    acm = load_rulebooks()["ACM"]
    from datetime import date

    assert [v.version for v in acm.versions_on(date(2016, 12, 1))] == ["2005"]
    assert [v.version for v in acm.versions_on(date(2016, 12, 2))] == ["2005", "2016-12"]
    assert [v.version for v in acm.versions_on(date(2016, 12, 19))] == ["2005", "2016-12"]
    assert [v.version for v in acm.versions_on(date(2016, 12, 20))] == ["2016-12"]


def test_every_rulebook_node_cites_catalogue_rules() -> None:
    catalogue = load_catalogue()
    for credential, book in load_rulebooks().items():
        data = yaml.safe_load(yaml.safe_dump(book.model_dump(mode="json", by_alias=True)))
        assert data["credential"] == credential
        for version in book.versions:
            for question in version.questions:
                assert all(catalogue.has_rule(r) for r in question.rules)


@pytest.mark.skipif(not SHARED_RULES.exists(), reason="../shared not present")
def test_bundled_catalogue_is_the_shared_one() -> None:
    assert catalogue_text() == SHARED_RULES.read_text(encoding="utf-8"), (
        "src/casepath/catalogue/rules.md differs from ../shared/spec/rules.md: copy it again "
        "and re-run the rulebook validation"
    )


def test_catalogue_parsing_finds_rules_and_sources() -> None:
    catalogue = load_catalogue()
    assert catalogue.rules["CCM-E2.1"].section == "2.3"
    assert catalogue.rules["ACM-E3"].confidence == "high"
    assert catalogue.citation("CCMC-GLANCE").url.startswith("https://ccmcertification.org/")
    assert catalogue.citation("RELIAS-1998a").url
    assert catalogue.citation("NOT-A-SOURCE").url == ""


def test_explain_false_changes_nothing_but_the_trace() -> None:
    from casepath.service import check
    from scenario_check import EXAMPLES, load_scenario, scenario_files

    for path in scenario_files(EXAMPLES):
        scenario = load_scenario(path)
        full = scenario.run()
        lean = check(scenario.profile, scenario.evaluation_date, explain=False)
        assert all(result.trace is None for result in lean.results)
        for with_trace, without in zip(full.results, lean.results, strict=True):
            assert with_trace.model_copy(update={"trace": None}) == without


def test_no_notes_behind_a_failed_prerequisite() -> None:
    from scenario_check import EXAMPLES, load_scenario

    path = EXAMPLES / "s16-supervisor-ccm-midway.yaml"
    if not path.exists():
        pytest.skip("../shared not present")
    report = load_scenario(path).run()
    for credential in ("C-SWCM", "C-ASWCM"):
        result = report.result_for(credential)
        assert result.status.value == "not_eligible"
        assert not any("Calendar time" in note for note in result.notes), result.notes


def test_a_reading_named_in_params_must_be_a_reading_of_its_question() -> None:
    leaf = (
        "          test: experience_months\n          params: {at_least: 12, part_time_question: q}"
    )
    text = GOOD.replace(
        leaf,
        "          test: experience_months\n          params:\n            at_least: 12\n"
        "            jobs:\n              roles: [direct_cm]\n              ccm_supervised: true\n"
        "              supervisor_timing_question: q\n"
        "              supervisor_timing_strict_when: c",
    )
    assert any('"c" is not a reading of question "q"' in p for p in problems_of(text))
    fixed = text.replace("supervisor_timing_strict_when: c", "supervisor_timing_strict_when: a")
    assert problems_of(fixed) == []


def test_by_reading_cases_must_be_the_readings() -> None:
    leaf = (
        "          test: experience_months\n          params: {at_least: 12, part_time_question: q}"
    )
    text = GOOD.replace(
        leaf,
        "          by_reading:\n            question: q\n            cases:\n"
        "              a: {id: leaf.a, label: a, rules: [CCM-E2.1], test: constant}\n"
        "              z: {id: leaf.z, label: z, rules: [CCM-E2.1], test: constant}",
    )
    assert any("must be the readings of q" in p for p in problems_of(text))


def test_every_figure_a_measure_reports_is_declared() -> None:
    """Templates are checked against the figures each measure declares (loader); a figure a
    measure reports without declaring it could not be named in a template."""
    from casepath.renewal.rulebooks import load_renewal_rulebooks
    from casepath.result import TraceNode
    from casepath.rules.loader import walk
    from casepath.rules.measures import MEASURES
    from scenario_check import EXAMPLES, SCENARIOS, load_scenario

    measure_of: dict[str, str] = {}
    books = [*load_rulebooks().values(), *(b.rulebook for b in load_renewal_rulebooks().values())]
    for book in books:
        for version in book.versions:
            for node in walk(version.requirement):
                if node.test or node.advisory:
                    measure_of[node.id] = str(node.test or node.advisory)

    undeclared: set[str] = set()

    def visit(trace: TraceNode) -> None:
        name = measure_of.get(trace.id)
        if name is not None:
            undeclared.update(
                f"{name}.{k}" for k in trace.figures if k not in MEASURES[name].figures
            )
        for child in trace.children:
            visit(child)

    paths = [*sorted(SCENARIOS.rglob("*.yaml")), *sorted(EXAMPLES.glob("*.yaml"))]
    for path in paths:
        report = load_scenario(path).run()
        for result in [*report.results, *report.renewals]:
            if result.trace is not None:
                visit(result.trace)
    assert len(paths) > 60 and not undeclared, sorted(undeclared)
