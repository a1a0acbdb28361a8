"""Load the rulebooks shipped with casepath, and check them.

Checks (`casepath rulebooks validate`): the schema; every test names a known measure with
well-typed params; every question a node refers to is declared by its version; every rule ID
exists in the catalogue and every source key in its source list; node ids are unique; versions
follow each other with no gap and no overlap.
"""

from __future__ import annotations

import difflib
import itertools
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib import resources

import yaml
from pydantic import ValidationError

from casepath.catalogue import Catalogue, load_catalogue
from casepath.guidance.facts import Guidance
from casepath.rules.language import Node, Rulebook
from casepath.rules.measures import MEASURES
from casepath.rules.measures.registry import Params

# libyaml's C parser when PyYAML was built with it (10x faster start-up), else pure Python.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CREDENTIAL_ORDER = ("CCM", "ACM", "CMGT-BC", "C-SWCM", "C-ASWCM", "CDMS")
RULEBOOK_FILES = {
    "CCM": "ccm.yaml",
    "ACM": "acm.yaml",
    "CMGT-BC": "cmgt_bc.yaml",
    "C-SWCM": "c_swcm.yaml",
    "C-ASWCM": "c_aswcm.yaml",
    "CDMS": "cdms.yaml",
}


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class RulebookError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:3]))


def rulebook_text(filename: str) -> str:
    return resources.files("casepath.rulebooks").joinpath(filename).read_text(encoding="utf-8")


def parse_rulebook(text: str, source: str) -> Rulebook:
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
        return Rulebook.model_validate(data)
    except yaml.YAMLError as exc:
        raise RulebookError([Problem(source, f"not valid YAML: {exc}")]) from None
    except ValidationError as exc:
        problems = [
            Problem(f"{source}:{'.'.join(str(p) for p in err['loc'])}", err["msg"])
            for err in exc.errors()
        ]
        raise RulebookError(problems) from None


def check_rulebook(rulebook: Rulebook, catalogue: Catalogue, source: str) -> list[Problem]:
    problems: list[Problem] = []
    problems.extend(_check_versions(rulebook, source))
    if rulebook.guidance is not None:
        problems.extend(_check_guidance(rulebook.guidance, catalogue, f"{source} guidance"))
    for version in rulebook.versions:
        where = f"{source} version {version.version}"
        readings: dict[str, str] = {}
        for question in version.questions:
            for rule in question.rules:
                if not catalogue.has_rule(rule):
                    problems.append(Problem(where, _unknown_rule(rule, catalogue, question.id)))
            for reading in question.readings:
                if reading in readings:
                    problems.append(
                        Problem(
                            where,
                            f"reading {reading} of {question.id} is also a reading of "
                            f"{readings[reading]}; readings must be unique in a version",
                        )
                    )
                readings[reading] = question.id
        seen: set[str] = set()
        readings_of = {q.id: list(q.readings) for q in version.questions}
        for node in walk(version.requirement):
            problems.extend(_check_node(node, readings_of, catalogue, where, seen))
    return problems


def _check_guidance(guidance: Guidance, catalogue: Catalogue, where: str) -> list[Problem]:
    """Guidance facts cite the catalogue like requirement nodes do (GUIDE-4)."""
    problems = [
        Problem(where, _unknown_rule(rule, catalogue, "guidance"))
        for rule in guidance.rule_ids()
        if not catalogue.has_rule(rule)
    ]
    page = guidance.applying.page
    if page is not None and page not in catalogue.sources:
        problems.append(Problem(where, f'application page "{page}" is not a catalogue source'))
    if page is None and not guidance.no_page_note:
        problems.append(Problem(where, "no application page and no no_page_note saying why"))
    return problems


def _check_node(
    node: Node,
    readings_of: dict[str, list[str]],
    catalogue: Catalogue,
    where: str,
    seen: set[str],
) -> list[Problem]:
    declared = set(readings_of)
    problems: list[Problem] = []
    here = f"{where} node {node.id}"
    if node.id in seen:
        problems.append(Problem(here, "node id used twice"))
    seen.add(node.id)
    for rule in node.rules:
        if not catalogue.has_rule(rule):
            problems.append(Problem(here, _unknown_rule(rule, catalogue, node.id)))
    for key in node.sources:
        if key not in catalogue.sources:
            close = difflib.get_close_matches(key, catalogue.sources, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            problems.append(Problem(here, f'source "{key}" is not in the catalogue{hint}'))
    name = node.test or node.advisory
    if name is not None:
        if name not in MEASURES:
            close = difflib.get_close_matches(name, MEASURES, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            problems.append(Problem(here, f'unknown measure "{name}"{hint}'))
        else:
            params_model = MEASURES[name].params
            try:
                params: Params = params_model.model_validate(node.params)
            except ValidationError as exc:
                for err in exc.errors():
                    field = ".".join(str(p) for p in err["loc"])
                    message = err["msg"]
                    if err["type"] == "extra_forbidden":
                        close = difflib.get_close_matches(
                            str(err["loc"][-1]), params_model.model_fields, n=1
                        )
                        message += f'; did you mean "{close[0]}"?' if close else ""
                    problems.append(Problem(here, f"params.{field}: {message}"))
            else:
                for question in params.questions():
                    if question not in declared:
                        problems.append(
                            Problem(here, f'question "{question}" is not declared by the version')
                        )
                for question, reading in params.reading_refs():
                    known = readings_of.get(question)
                    if known is not None and reading not in known:
                        problems.append(
                            Problem(
                                here,
                                f'"{reading}" is not a reading of question "{question}" '
                                f"(readings: {', '.join(known)})",
                            )
                        )
    if node.by_reading is not None:
        question = node.by_reading.question
        if question not in declared:
            problems.append(Problem(here, f'question "{question}" is not declared'))
        elif set(node.by_reading.cases) != set(readings_of[question]):
            problems.append(
                Problem(
                    here,
                    f"cases {', '.join(node.by_reading.cases)} must be the readings of "
                    f"{question}: {', '.join(readings_of[question])}",
                )
            )
    if node.rules == [] and node.advisory is None:
        problems.append(Problem(here, "cites no rule ID"))
    problems.extend(_check_templates(node, here))
    return problems


def _figures_of(node: Node) -> frozenset[str]:
    spec = MEASURES.get(node.test or node.advisory or "")
    return spec.figures if spec is not None else frozenset()


def _check_templates(node: Node, here: str) -> list[Problem]:
    """Every `{name}` of a template is a figure the node's measures report.

    `path_label` and an advisory's `note` are filled from the node's own measure; `missing`
    and `event` also from the measures below it, each figure also as `<last id part>_<name>`
    (casepath.rules.evaluator: render, _merged_figures).
    """
    own = _figures_of(node)
    merged = set(own)
    for below in walk(node):
        figures = _figures_of(below)
        suffix = below.id.rsplit(".", 1)[-1]
        merged.update(figures)
        merged.update(f"{suffix}_{name}" for name in figures)
    templates = {
        "path_label": (node.path_label, own),
        "note": (node.note, own),
        "missing": (node.missing, merged),
        "event": (node.event, merged),
    }
    problems: list[Problem] = []
    for key, (template, known) in templates.items():
        if not template:
            continue
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        except ValueError as exc:
            problems.append(Problem(here, f"{key}: not a valid template ({exc}): {template!r}"))
            continue
        for name in names:
            if name in known:
                continue
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f'; did you mean "{{{close[0]}}}"?' if close else ""
            reported = ", ".join(sorted(known)) or "none"
            problems.append(
                Problem(
                    here,
                    f'{key}: "{{{name}}}" is not a figure the measures here report '
                    f"(they report: {reported}){hint}",
                )
            )
    return problems


def _unknown_rule(rule: str, catalogue: Catalogue, where: str) -> str:
    close = difflib.get_close_matches(rule, catalogue.rules, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    return f'rule ID "{rule}" ({where}) is not in the catalogue{hint}'


def _check_versions(rulebook: Rulebook, source: str) -> list[Problem]:
    problems: list[Problem] = []
    ordered = rulebook.versions
    for earlier, later in itertools.pairwise(ordered):
        where = f"{source} versions {earlier.version} -> {later.version}"
        if earlier.effective_to is None:
            problems.append(Problem(where, "an earlier version needs effective_to"))
            continue
        if later.effective_from <= earlier.effective_from:
            problems.append(Problem(where, "versions must be in date order"))
        expected_next = earlier.effective_to + timedelta(days=1)
        if later.effective_from != expected_next:
            kind = "gap" if later.effective_from > expected_next else "overlap"
            problems.append(
                Problem(
                    where,
                    f"{kind}: {earlier.version} ends {earlier.effective_to}, "
                    f"{later.version} starts {later.effective_from} (expected {expected_next}; "
                    "use may_start_from for an uncertain start)",
                )
            )
    if ordered and ordered[-1].effective_to is not None:
        problems.append(Problem(source, "the latest version must be open-ended"))
    return problems


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from walk(child)


@cache
def load_rulebooks() -> dict[str, Rulebook]:
    """All shipped rulebooks, parsed and checked; raises RulebookError on any problem."""
    catalogue = load_catalogue()
    books: dict[str, Rulebook] = {}
    problems: list[Problem] = []
    for credential in CREDENTIAL_ORDER:
        filename = RULEBOOK_FILES[credential]
        try:
            book = parse_rulebook(rulebook_text(filename), filename)
        except FileNotFoundError:
            problems.append(Problem(filename, f"the rulebook of {credential} is missing"))
            continue
        except RulebookError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_rulebook(book, catalogue, filename))
        books[credential] = book
    if problems:
        raise RulebookError(problems)
    return books


def validate_all() -> list[Problem]:
    """Every problem of every shipped rulebook (empty when all are sound)."""
    try:
        load_rulebooks.cache_clear()
        load_rulebooks()
    except RulebookError as exc:
        return exc.problems
    return []
