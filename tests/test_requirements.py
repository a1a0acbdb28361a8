"""'What is required for X?': the requirement tree of every rulebook, in plain words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from casepath import service
from casepath.catalogue import load_catalogue
from casepath.result import RequirementItem
from casepath.rules import loader
from casepath.rules.language import Rulebook
from casepath.rules.requirements import (
    choose_version,
    describe,
    leaf_figures,
    render_requirements_text,
    without_placeholders,
)

ON = date(2026, 3, 1)


def items(item: RequirementItem) -> Iterator[RequirementItem]:
    yield item
    for child in item.children:
        yield from items(child)


@pytest.fixture(scope="module")
def books() -> dict[str, Rulebook]:
    return loader.load_rulebooks()


@pytest.mark.parametrize("credential", loader.CREDENTIAL_ORDER)
def test_describe_covers_the_whole_tree(books: dict[str, Rulebook], credential: str) -> None:
    catalogue = load_catalogue()
    book = books[credential]
    doc = describe(book, ON, catalogue)
    version, _ = choose_version(book, ON)
    assert doc.credential == credential and doc.issuer == book.issuer
    assert doc.rule_version == version.version
    assert doc.effective_from == version.effective_from

    described = {item.id: item for item in items(doc.requirement)}
    nodes = list(loader.walk(version.requirement))
    # Every node appears (test, any, all, not, by_reading and advisory), once, in tree order.
    assert [n.id for n in nodes] == [item.id for item in items(doc.requirement)]
    for node in nodes:
        item = described[node.id]
        assert item.label == node.label
        assert item.rules == node.rules
        assert [c.key for c in item.citations] == node.sources
        assert all(c.url for c in item.citations), node.id  # every cited source is known
        if node.advisory is not None:
            assert item.kind == "advisory"
            assert item.text  # the note, without templates
            assert "{" not in item.text
        else:
            assert item.kind == node.kind
        if node.test is not None and node.test != "constant":
            assert item.text, f"{node.id}: no plain-words figures"
    for item in described.values():
        for rule in item.rules:
            assert catalogue.has_rule(rule), f"{item.id}: {rule}"
    assert [q.id for q in doc.open_questions] == [q.id for q in version.questions]
    for info, question in zip(doc.open_questions, version.questions, strict=True):
        assert info.rule == ", ".join(question.rules)
        assert info.readings == question.readings
        assert info.default == question.default
        for rule in question.rules:
            assert catalogue.has_rule(rule)


@pytest.mark.parametrize("credential", loader.CREDENTIAL_ORDER)
def test_text_answer_for_every_credential(credential: str) -> None:
    doc = service.requirements(credential, ON)
    text = render_requirements_text(doc)
    assert text.startswith(f"Requirements for {credential}")
    assert f"To be eligible for {credential} ({doc.issuer})" in text
    for item in items(doc.requirement):
        for rule in item.rules:
            assert rule in text
    for question in doc.open_questions:
        assert question.id in text
    for line in text.splitlines():
        # 80 columns, except a word that cannot be broken (an address).
        assert len(line) <= 80 or " " not in line.strip(), line


def test_text_answer_for_ccm() -> None:
    text = render_requirements_text(service.requirements("CCM", ON))
    assert "To be eligible for CCM (CCMC), all of:" in text
    for words in ("Option A", "Option B", "Category 1", "Category 2", "Category 3"):
        assert words in text
    assert "one of:" in text
    assert "[CCM-E2.1, " in text
    assert "At least 12 months of full-time work" in text
    assert "At least 24 months of full-time work" in text
    assert "Sources: CCMC-GLANCE" in text
    assert "https://" in text  # the addresses of the sources, at the end
    assert "Open questions" in text
    assert "strict_supervision_period (default)" in text


def test_leaf_figures_in_plain_words() -> None:
    assert leaf_figures("experience_months", {"at_least": 12}).startswith(
        "At least 12 months of full-time work."
    )
    hours = leaf_figures("experience_hours", {"at_least": 2080, "window_months": 36})
    assert hours.startswith("At least 2,080 hours of work within the last 36 months.")
    assert leaf_figures("ce_hours", {"at_least": 30}) == "At least 30 CE hours."
    ethics = leaf_figures("ce_hours", {"at_least": 8, "topics": ["ethics"]})
    assert ethics == "At least 8 CE hours on ethics."
    assert "at least 3 companies" in leaf_figures("self_employment_purchasers", {"at_least": 3})
    # A measure the describer does not know yet still shows its figures.
    assert leaf_figures("new_measure", {"at_least": 1500, "unit_name": "visits"}) == (
        "At least: 1,500; unit name: visits."
    )


def test_notes_lose_their_result_templates() -> None:
    note = "With less than 2 years ({has_text}), attest. So far: {has_text}. Keep records."
    assert without_placeholders(note) == "With less than 2 years, attest. Keep records."
    assert without_placeholders("no templates here") == "no templates here"


def _two_versions() -> Rulebook:
    node = {"id": "x", "label": "X", "rules": ["CCM-GEN-1"], "test": "constant"}
    return Rulebook.model_validate(
        {
            "credential": "CCM",
            "issuer": "CCMC",
            "title": "T",
            "versions": [
                {
                    "version": "old",
                    "effective_from": "2010-01-01",
                    "effective_to": "2016-12-19",
                    "requirement": node,
                },
                {
                    "version": "new",
                    "may_start_from": "2016-12-02",
                    "effective_from": "2016-12-20",
                    "requirement": node,
                },
            ],
        }
    )


def test_version_in_force_is_chosen() -> None:
    book = _two_versions()
    catalogue = load_catalogue()
    assert describe(book, date(2015, 1, 1), catalogue).rule_version == "old"
    doc = describe(book, date(2020, 1, 1), catalogue)
    assert doc.rule_version == "new"
    assert "either version" not in doc.summary


def test_uncertain_start_takes_the_later_version_and_says_so() -> None:
    doc = describe(_two_versions(), date(2016, 12, 10), load_catalogue())
    assert doc.rule_version == "new"
    assert "either version old or version new" in doc.summary


def test_date_before_every_version_takes_the_latest() -> None:
    doc = describe(_two_versions(), date(2000, 1, 1), load_catalogue())
    assert doc.rule_version == "new"
    assert "No version" in doc.summary
