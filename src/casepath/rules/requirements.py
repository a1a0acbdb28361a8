"""What is required for a credential: the requirement tree of a rulebook in plain words.

Everything here is generated from the rulebook data (node labels, texts, params, rule IDs and
sources) and from the catalogue's citations: nothing is written by hand per credential. The
words for a leaf's figures come from its measure's params ("at least 2,080 hours within the
last 36 months"), so a new rulebook is described as soon as it loads.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from casepath.catalogue import Catalogue
from casepath.result import Citation, OpenQuestionInfo, RequirementItem, RequirementsDoc
from casepath.rules.language import Node, Question, Rulebook, Version
from casepath.rules.measures import MEASURES
from casepath.rules.measures.figures import number

__all__ = [
    "choose_version",
    "describe",
    "leaf_figures",
    "render_requirements_text",
    "without_placeholders",
]


# --------------------------------------------------------------------------------------------
# Choosing the version


def choose_version(rulebook: Rulebook, on: date) -> tuple[Version, str]:
    """The version to describe for `on`, and a sentence on any doubt about that choice.

    The version in force on `on`; where the start of a later version is uncertain and both may
    be in force, the later one; where none is in force (a date before the first version), the
    latest version.
    """
    in_force = rulebook.versions_on(on)
    if len(in_force) == 1:
        return in_force[0], ""
    if in_force:
        earlier, later = in_force[0], in_force[-1]
        start = later.may_start_from or later.effective_from
        return later, (
            f"On {on.isoformat()} either version {earlier.version} or version {later.version} "
            f"may be in force: the change took effect between {start.isoformat()} and "
            f"{later.effective_from.isoformat()}. This describes version {later.version}; a "
            "check of a profile on that date reports the outcome under both."
        )
    latest = rulebook.versions[-1]
    return latest, (
        f"No version of the {rulebook.credential} rules is recorded as in force on "
        f"{on.isoformat()}; this describes the latest version, {latest.version}."
    )


# --------------------------------------------------------------------------------------------
# The document


def describe(rulebook: Rulebook, on: date, catalogue: Catalogue) -> RequirementsDoc:
    """The requirements of `rulebook` under the version in force on `on`, in plain words."""
    version, doubt = choose_version(rulebook, on)
    questions = {q.id: q for q in version.questions}
    summary_parts = [rulebook.summary.strip()]
    when = f"from {version.effective_from.isoformat()}"
    if version.effective_to is not None:
        when += f" to {version.effective_to.isoformat()}"
    rules_line = f"Rules version {version.version} ({when})"
    if version.summary:
        rules_line += f": {version.summary.strip()}"
    summary_parts.append(_sentence(rules_line))
    if doubt:
        summary_parts.append(doubt)
    return RequirementsDoc(
        credential=rulebook.credential,
        issuer=rulebook.issuer,
        title=rulebook.title,
        rule_version=version.version,
        effective_from=version.effective_from,
        effective_to=version.effective_to,
        summary=" ".join(part for part in summary_parts if part),
        requirement=_item(version.requirement, questions, catalogue),
        open_questions=[_question_info(q) for q in version.questions],
    )


def _question_info(question: Question) -> OpenQuestionInfo:
    return OpenQuestionInfo(
        id=question.id,
        rule=", ".join(question.rules),
        label=question.label,
        readings=dict(question.readings),
        default=question.default,
    )


def _item(node: Node, questions: Mapping[str, Question], catalogue: Catalogue) -> RequirementItem:
    citations = [catalogue.citation(key) for key in node.sources]
    if node.advisory is not None:
        return RequirementItem(
            id=node.id,
            kind="advisory",
            label=node.label,
            text=without_placeholders(node.note or ""),
            rules=list(node.rules),
            citations=citations,
        )
    if node.by_reading is not None:
        question = questions.get(node.by_reading.question)
        about = question.label if question is not None else node.by_reading.question
        children = []
        for reading, case in node.by_reading.cases.items():
            child = _item(case, questions, catalogue)
            meaning = question.readings.get(reading, "") if question is not None else ""
            under = f'Under the reading "{reading}"' + (f" ({meaning})" if meaning else "")
            children.append(child.model_copy(update={"text": _join(f"{under}.", child.text)}))
        return RequirementItem(
            id=node.id,
            kind=node.kind,
            label=node.label,
            text=_join(node.text, f"Depends on an open question: {about}."),
            rules=list(node.rules),
            citations=citations,
            children=children,
        )
    text = node.text
    if node.test is not None:
        figures = leaf_figures(node.test, node.params, questions)
        text = _join(figures, node.text)
    return RequirementItem(
        id=node.id,
        kind=node.kind,
        label=node.label,
        text=text,
        rules=list(node.rules),
        citations=citations,
        children=[_item(child, questions, catalogue) for child in node.children],
    )


# --------------------------------------------------------------------------------------------
# A leaf's figures in plain words

_ROLES = {
    "direct_cm": "case management",
    "supervisor_of_cm": "supervision of case managers",
    "non_cm": "work other than case management",
}
_SETTINGS = {
    "health_system_clinic": "health-system clinic",
    "snf_ltc": "SNF / long-term care",
    "health_plan_payer": "health plan / payer",
    "independent_cm_firm": "independent case-management firm",
    "self_employed": "self-employment",
    "workers_comp_vocational": "workers' compensation / vocational",
    "disability_insurer_tpa": "disability insurer / TPA",
    "employer_absence_mgmt": "employer absence management",
}
_LEVELS = {
    "associate": "associate",
    "bachelor": "bachelor's",
    "master": "master's",
    "doctorate": "doctoral",
}
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def leaf_figures(
    measure: str, params: Mapping[str, Any], questions: Mapping[str, Question] | None = None
) -> str:
    """The key figures of a test node's params in plain words, as one or more sentences.

    e.g. "At least 2,080 hours within the last 36 months. Work counted: case management;
    paid." Params are completed with their measure's defaults; an unknown measure gets a
    generic rendering of its params.
    """
    asked = questions or {}
    values = _with_defaults(measure, params)
    describer = _DESCRIBERS.get(measure)
    sentences = describer(values, asked) if describer is not None else [_generic(values)]
    return " ".join(_sentence(_capitalise(s)) for s in sentences if s)


def without_placeholders(text: str) -> str:
    """A note written for a result, shown without a result: drop its `{figure}` templates.

    "(…{has_text})" asides go; a sentence that still needs a figure is left out.
    """
    if not _PLACEHOLDER.search(text):
        return text
    text = re.sub(r"\s*\(\s*\{[A-Za-z_][A-Za-z0-9_]*\}\s*\)", "", text)
    kept = [s for s in _SENTENCE_END.split(text) if not _PLACEHOLDER.search(s)]
    return " ".join(kept).strip()


def _with_defaults(measure: str, params: Mapping[str, Any]) -> dict[str, Any]:
    spec = MEASURES.get(measure)
    if spec is None:
        return dict(params)
    try:
        validated = spec.params.model_validate(dict(params))
    except ValidationError:
        return dict(params)
    dumped: dict[str, Any] = validated.model_dump(mode="json")
    return dumped


def _only_if(values: Mapping[str, Any], prefix: str, asked: Mapping[str, Question]) -> str:
    """'only if <reading meaning>' for the `<prefix>_question` / `<prefix>_counts_when` pair."""
    question_id = values.get(f"{prefix}_question")
    if not question_id:
        return ""
    counts_when = values.get(f"{prefix}_counts_when")
    return _reading_words(str(question_id), counts_when, asked)


def _reading_words(question_id: str, reading: object, asked: Mapping[str, Question]) -> str:
    question = asked.get(question_id)
    meaning = ""
    if question is not None and isinstance(reading, str):
        meaning = question.readings.get(reading, "")
    if meaning:
        return f'only if {meaning} (open question "{question_id}")'
    if isinstance(reading, str) and reading:
        return f'only under the reading "{reading}" of open question "{question_id}"'
    return f'as open question "{question_id}" decides'


def _words(value: object, names: Mapping[str, str] | None = None) -> str:
    text = str(value)
    if names and text in names:
        return names[text]
    return text.replace("_", " ")


def _listing(items: Iterable[Any], names: Mapping[str, str] | None = None, last: str = "or") -> str:
    words = [_words(item, names) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def _article(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def _jobs_words(jobs: Mapping[str, Any] | None, asked: Mapping[str, Question]) -> str:
    """Which work counts: "Work counted: case management; supervised by a CCM; paid"."""
    if not jobs:
        return ""
    phrases: list[str] = []
    roles = [str(r) for r in jobs.get("roles") or []]
    if roles and set(_ROLES) <= set(roles):
        phrases.append("any role")
    elif roles:
        phrases.append(_listing(roles, _ROLES))
    if jobs.get("open_role"):
        role = _words(jobs["open_role"], _ROLES)
        phrases.append(f"also {role} {_only_if(jobs, 'open_role', asked)}")
    settings = jobs.get("settings")
    if settings:
        phrases.append("in these settings: " + _listing(settings, _SETTINGS))
    open_settings = jobs.get("open_settings") or []
    if open_settings:
        also = _listing(open_settings, _SETTINGS, last="and")
        phrases.append(f"also {also} {_only_if(jobs, 'open_settings', asked)}")
    for group in jobs.get("settings_if") or []:
        if isinstance(group, Mapping) and group.get("settings") and group.get("question"):
            also = _listing(group["settings"], _SETTINGS, last="and")
            question_id = str(group["question"])
            question = asked.get(question_id)
            default = ""
            if question is not None and question.default:
                default = f"; default: {question.readings.get(question.default, question.default)}"
            phrases.append(
                f'also {also} only under a reading of open question "{question_id}"{default}'
            )
    if jobs.get("ccm_supervised"):
        phrases.append("supervised by a CCM")
    elif jobs.get("supervised_only"):
        phrases.append("supervised")
    unpaid = jobs.get("unpaid")
    if isinstance(unpaid, Mapping) and unpaid.get("question"):
        question_id = str(unpaid["question"])
        question = asked.get(question_id)
        default = ""
        if question is not None and question.default:
            default = f"; default: {question.readings.get(question.default, question.default)}"
        phrases.append(
            f'paid (whether unpaid work counts is open question "{question_id}"{default})'
        )
    elif jobs.get("paid_only", True):
        phrases.append("paid")
    if jobs.get("min_domains"):
        phrases.append(
            f"covering at least {number(jobs['min_domains'])} domains of disability management"
        )
    if jobs.get("while_licensed"):
        phrases.append(f"while holding a licence ({_listing(jobs['while_licensed'])})")
    after = jobs.get("after_degree")
    if isinstance(after, Mapping) and after.get("levels"):
        levels = _listing(after["levels"], _LEVELS)
        field = _words(after.get("field", ""))
        phrases.append(f"after {_article(levels)} degree in {field}")
    return "work counted: " + "; ".join(phrases) if phrases else ""


def _window(values: Mapping[str, Any]) -> str:
    months = values.get("window_months")
    return f" within the last {number(months)} months" if months else ""


def _experience_months(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    question_id = values.get("part_time_question")
    part_time = (
        f'how part-time work counts is open question "{question_id}"'
        if question_id
        else "part-time work does not count"
    )
    return [
        f"at least {number(values.get('at_least'))} months of full-time work",
        _jobs_words(values.get("jobs"), asked),
        part_time,
    ]


def _experience_hours(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    sentences = [
        f"at least {number(values.get('at_least'))} hours of work{_window(values)}",
        _jobs_words(values.get("jobs"), asked),
    ]
    if values.get("side_months"):
        side = number(values["side_months"])
        sentences.append(f"the date on which that work reaches {side} calendar months is shown")
    return sentences


def _ce_hours(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    text = f"at least {number(values.get('at_least'))} CE hours{_window(values)}"
    topics = list(values.get("topics") or [])
    prefixes = [f"{_words(p)}…" for p in values.get("topic_prefixes") or []]
    if values.get("topics") is not None and (topics or prefixes):
        text += " on " + _listing(topics + prefixes)
    approvers = values.get("approvers")
    if approvers:
        text += ", approved by " + _listing(approvers)
    return [text]


def _purchasers(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    return [
        f"self-employed applicants list at least {number(values.get('at_least'))} companies "
        "that purchase their services"
    ]


def _currently_employed(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    return ["employed now", _jobs_words(values.get("jobs"), asked)]


def _license(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    sentences = ["a current, active licence: " + _listing(values.get("types") or [])]
    certifications = values.get("certifications") or []
    if certifications:
        sentences.append(f"an active {_listing(certifications)} certification also counts")
    open_types = values.get("open_types") or []
    if open_types:
        sentences.append(f"{_listing(open_types)}: {_only_if(values, 'open_types', asked)}")
    if values.get("restricted_ok"):
        sentences.append("a restricted licence counts")
    elif values.get("restricted_question"):
        sentences.append(f"a restricted licence: {_only_if(values, 'restricted', asked)}")
    else:
        sentences.append("the licence must be unrestricted")
    if values.get("foreign_question"):
        sentences.append(f"a licence from outside the US: {_only_if(values, 'foreign', asked)}")
    return sentences


def _degree(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    levels = _listing(values.get("levels") or [], _LEVELS)
    fields = values.get("fields")
    where = f" in {_listing(fields)}" if fields else " in any field"
    first = f"{_article(levels)} degree{where}"
    accreditation = values.get("accreditation")
    if accreditation == "institution":
        first += ", from an accredited institution"
    elif accreditation == "cswe":
        first += ", from a CSWE-accredited programme"
    elif accreditation:
        first += f", accreditation: {accreditation}"
    experience = values.get("field_experience")
    if experience:
        first += f", with a supervised field experience in {_listing(experience)}"
    sentences = [first]
    open_levels = _listing(values.get("open_levels") or [], _LEVELS)
    if open_levels:
        sentences.append(
            f"{_article(open_levels)} degree: {_only_if(values, 'open_levels', asked)}"
        )
    rejected = values.get("rejected_fields") or []
    if rejected:
        sentences.append(f"{_listing(rejected)} do not count")
    if fields and values.get("open_fields_question"):
        sentences.append(f"other fields: {_only_if(values, 'open_fields', asked)}")
    return sentences


def _exam(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    return ["a passed exam: " + _listing(values.get("names") or [])]


def _moral_character(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    return ["no moral-character disclosure, or the certifier's review clears the disclosures"]


def _constant(values: Mapping[str, Any], asked: Mapping[str, Question]) -> list[str]:
    return [] if values.get("value", True) else ["never met"]


def _generic(values: Mapping[str, Any]) -> str:
    parts = []
    for key, value in values.items():
        if value in (None, [], {}, ""):
            continue
        if _is_number(value):
            shown = number(value)
        elif isinstance(value, list):
            shown = _listing(value, last="and")
        else:
            shown = str(value)
        parts.append(f"{_words(key)}: {shown}")
    return "; ".join(parts)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_Describer = Callable[[Mapping[str, Any], Mapping[str, Question]], list[str]]
_DESCRIBERS: dict[str, _Describer] = {
    "experience_months": _experience_months,
    "experience_hours": _experience_hours,
    "ce_hours": _ce_hours,
    "self_employment_purchasers": _purchasers,
    "currently_employed": _currently_employed,
    "license": _license,
    "degree": _degree,
    "exam": _exam,
    "moral_character": _moral_character,
    "constant": _constant,
}


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text or text[-1] in ".!?":
        return text
    return text + "."


def _join(*parts: str) -> str:
    return " ".join(_sentence(p) for p in parts if p and p.strip())


# --------------------------------------------------------------------------------------------
# The text answer

_CONNECTIVES = {"all": "all of:", "any": "one of:", "not": "none of:", "by_reading": "one of:"}


def render_requirements_text(doc: RequirementsDoc, width: int = 80) -> str:
    """A plain-words answer to "What training and qualifications are required for X?".

    Indented by the requirement tree; each requirement shows its rule IDs in brackets and the
    keys of its sources, which are listed with their addresses at the end, after the open
    questions.
    """
    width = max(width, 40)
    lines: list[str] = []
    heading = f"Requirements for {doc.credential}: {doc.title} ({doc.issuer})"
    heading_lines = wrap_text(heading, width, "", "")
    lines.extend(heading_lines)
    lines.append("=" * max(len(line) for line in heading_lines))
    if doc.summary:
        lines.extend(textwrap.wrap(doc.summary, width))
    lines.append("")
    sources: dict[str, Citation] = {}
    root = doc.requirement
    opening = f"To be eligible for {doc.credential} ({doc.issuer})"
    _render_item(root, lines, sources, width, indent="", bullet="", label=opening)
    if doc.open_questions:
        lines.append("")
        lines.append("Open questions (the catalogue leaves these open; a check reports the")
        lines.append("outcome under each reading where it matters):")
        for question in doc.open_questions:
            listed = [r.strip() for r in question.rule.split(",") if r.strip()]
            shown = all(r in question.label for r in listed)
            rule = f" [{question.rule}]" if listed and not shown else ""
            lines.extend(wrap_text(f"{question.id}: {question.label}{rule}", width, "- ", "  "))
            for reading, meaning in question.readings.items():
                mark = " (default)" if reading == question.default else ""
                lines.extend(wrap_text(f"{reading}{mark}: {meaning}", width, "    ", "      "))
            if question.default is None:
                lines.extend(
                    wrap_text(
                        "no default: where the readings disagree the result is indeterminate",
                        width,
                        "    ",
                        "      ",
                    )
                )
    if sources:
        lines.append("")
        lines.append("Sources:")
        for key, citation in sources.items():
            shown_date = f"({citation.date})" if citation.date else ""
            extra = " ".join(part for part in (citation.url, shown_date) if part)
            lines.extend(wrap_text(f"[{key}] {extra}".rstrip(), width, "- ", "  "))
    return "\n".join(lines).rstrip() + "\n"


def _render_item(
    item: RequirementItem,
    lines: list[str],
    sources: dict[str, Citation],
    width: int,
    *,
    indent: str,
    bullet: str,
    label: str | None = None,
) -> None:
    title = label if label is not None else item.label
    if item.kind == "advisory":
        title = f"Note: {title}"
    connective = _CONNECTIVES.get(item.kind) if item.children else None
    if connective:
        title = f"{title.rstrip('.:')}, {connective}"
    if item.rules:
        title += f" [{', '.join(item.rules)}]"
    first = indent + bullet
    rest = indent + " " * len(bullet)
    lines.extend(wrap_text(title, width, first, rest))
    if item.text:
        lines.extend(wrap_text(item.text, width, rest + "  ", rest + "  "))
    if item.citations:
        for citation in item.citations:
            sources.setdefault(citation.key, citation)
        keys = ", ".join(c.key for c in item.citations)
        lines.extend(wrap_text(f"Sources: {keys}", width, rest + "  ", rest + "    "))
    for number_, child in enumerate(item.children, start=1):
        child_bullet = f"{number_}) " if item.kind in ("any", "by_reading") else "- "
        _render_item(child, lines, sources, width, indent=rest + "  ", bullet=child_bullet)


def wrap_text(text: str, width: int, first: str, rest: str) -> list[str]:
    """Text wrapped to `width`, with first-line and continuation indents (never splits words)."""
    usable = max(width, len(first) + 20, len(rest) + 20)
    return textwrap.wrap(
        text,
        usable,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
