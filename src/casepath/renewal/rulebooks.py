"""Load the renewal rulebooks (casepath/rulebooks/renewal/*.yaml) and check them.

A renewal rulebook is an ordinary rulebook of the rule language (effective-dated versions,
nodes with rule IDs and sources, open questions) plus one `schedule` block: the cycle length,
the renewal and late windows, the fees and the CE classification scheme, each cited. The
rulebook part goes through the same checks as the eligibility rulebooks
(casepath.rules.loader.check_rulebook); the schedule's rule IDs must exist in the catalogue too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from casepath.catalogue import Catalogue, load_catalogue
from casepath.profile.model import CertificationName
from casepath.renewal.ledger import SCHEMES
from casepath.renewal.periods import Schedule
from casepath.rules.language import Rulebook
from casepath.rules.loader import Problem, RulebookError, check_rulebook, parse_rulebook

RENEWAL_ORDER = ("CCM", "ACM", "CMGT-BC", "CDMS", "CRC", "NASW")
RENEWAL_FILES = {
    "CCM": "ccm.yaml",
    "ACM": "acm.yaml",
    "CMGT-BC": "cmgt_bc.yaml",
    "CDMS": "cdms.yaml",
    "CRC": "crc.yaml",
    "NASW": "nasw.yaml",
}


@dataclass(frozen=True)
class RenewalBook:
    key: str
    rulebook: Rulebook
    schedule: Schedule


def renewal_text(filename: str) -> str:
    return (
        resources.files("casepath.rulebooks.renewal").joinpath(filename).read_text(encoding="utf-8")
    )


def parse_renewal_book(key: str, text: str, source: str) -> RenewalBook:
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulebookError([Problem(source, f"not valid YAML: {exc}")]) from None
    if not isinstance(data, dict) or "schedule" not in data:
        raise RulebookError([Problem(source, "a renewal rulebook needs a `schedule` block")])
    schedule_data = data.pop("schedule")
    try:
        schedule = Schedule.model_validate(schedule_data)
    except ValidationError as exc:
        raise RulebookError(
            [
                Problem(f"{source}:schedule.{'.'.join(str(p) for p in e['loc'])}", e["msg"])
                for e in exc.errors()
            ]
        ) from None
    rulebook = parse_rulebook(yaml.safe_dump(data, sort_keys=False), source)
    return RenewalBook(key, rulebook, schedule)


def check_renewal_book(book: RenewalBook, catalogue: Catalogue, source: str) -> list[Problem]:
    problems = check_rulebook(book.rulebook, catalogue, source)
    schedule = book.schedule
    cited = [
        *schedule.cycle_rules,
        *schedule.window.rules,
        *schedule.late.rules,
        *schedule.fee_rules,
        *schedule.after_closed_rules,
    ]
    for rule in cited:
        if not catalogue.has_rule(rule):
            problems.append(
                Problem(f"{source} schedule", f'rule ID "{rule}" is not in the catalogue')
            )
    if schedule.ledger not in SCHEMES:
        problems.append(
            Problem(
                f"{source} schedule",
                f"unknown ledger scheme {schedule.ledger!r}; known: " + ", ".join(SCHEMES),
            )
        )
    return problems


@cache
def load_renewal_rulebooks() -> dict[str, RenewalBook]:
    """Every shipped renewal rulebook, parsed and checked; raises RulebookError on a problem."""
    catalogue = load_catalogue()
    books: dict[str, RenewalBook] = {}
    problems: list[Problem] = []
    for key in RENEWAL_ORDER:
        filename = RENEWAL_FILES[key]
        source = f"renewal/{filename}"
        try:
            book = parse_renewal_book(key, renewal_text(filename), source)
        except RulebookError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_renewal_book(book, catalogue, source))
        books[key] = book
    if problems:
        raise RulebookError(problems)
    return books


def book_for(name: CertificationName) -> RenewalBook | None:
    """The renewal rulebook of a certification held; None when the catalogue has none."""
    for book in load_renewal_rulebooks().values():
        if name in book.schedule.certifications:
            return book
    return None


def schedule_of(key: str) -> Schedule:
    return load_renewal_rulebooks()[key].schedule


def validate_renewal_rulebooks() -> list[Problem]:
    try:
        load_renewal_rulebooks.cache_clear()
        load_renewal_rulebooks()
    except RulebookError as exc:
        return exc.problems
    return []
