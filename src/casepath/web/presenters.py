"""Report -> what a page shows: status in words, figures in sentences, rule IDs with links."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casepath.result import (
    Citation,
    CredentialInfo,
    CredentialResult,
    RenewalResult,
    Report,
    RequirementItem,
    Status,
    TraceNode,
)


@dataclass(frozen=True)
class StatusView:
    code: str
    words: str
    icon: str
    explain: str


_STATUS: dict[str, StatusView] = {
    "eligible": StatusView("eligible", "Eligible", "✓", "You meet every requirement."),
    "not_eligible": StatusView(
        "not_eligible", "Not eligible yet", "✗", "At least one requirement is not met."
    ),
    "indeterminate": StatusView(
        "indeterminate",
        "Undecided",
        "?",
        "The answer depends on a point the certifier's rules leave open; "
        "the outcome under each reading is listed.",
    ),
    "not_applicable": StatusView(
        "not_applicable", "Not applicable", "–", "This route does not apply to you."
    ),
}

_RENEWAL: dict[str, StatusView] = {
    "eligible": StatusView("eligible", "On track to renew", "✓", "Renewal requirements met."),
    "not_eligible": StatusView(
        "not_eligible", "Renewal at risk", "✗", "Something is still missing for renewal."
    ),
    "indeterminate": StatusView(
        "indeterminate", "Undecided", "?", "Depends on a point the rules leave open."
    ),
    "not_applicable": StatusView(
        "not_applicable", "Not applicable", "–", "No renewal check applies."
    ),
}


# A renewal whose every window has closed is not "at risk": it can no longer be made.
_CLOSED = StatusView(
    "not_eligible",
    "Renewal no longer possible",
    "✗",
    "Every renewal window has closed; the way back is a new application.",
)


def _closed(result: RenewalResult, today: date) -> bool:
    last = result.late_window_closes or result.deadline
    return result.status == Status.not_eligible and last is not None and today > last


def status_view(status: Status | str, renewal: bool = False) -> StatusView:
    code = str(status.value if isinstance(status, Status) else status)
    table = _RENEWAL if renewal else _STATUS
    return table.get(code, StatusView(code, code.replace("_", " ").capitalize(), "•", ""))


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def relative(value: date | None, today: date) -> str:
    """`today`, `in 91 days`, `12 days ago`."""
    if value is None:
        return ""
    days = (value - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days:,} days"
    return f"{-days:,} days ago" if days < -1 else "yesterday"


def number(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        text = f"{value:,.1f}"
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def progress_of(figures: Mapping[str, Any]) -> tuple[float, float, str] | None:
    """(has, need, unit) of a threshold's figures, in either shape the engine writes:
    `{"has": 9.03, "need": 12, "unit": "months"}` or `{"value": 1520, "threshold": 2080}`."""
    has = figures.get("has", figures.get("value"))
    need = figures.get("need", figures.get("threshold"))
    numbers = (int, float)
    if isinstance(has, bool) or isinstance(need, bool):
        return None
    if not isinstance(has, numbers) or not isinstance(need, numbers) or need <= 0:
        return None
    return float(has), float(need), str(figures.get("unit", "")).strip()


_PROGRESS_KEYS = {"has", "need", "value", "threshold", "unit", "short", "has_text"}


def figures_text(figures: Mapping[str, Any]) -> str:
    """Figures in words: `9 months 1 day of 12 months (75%), 2.97 months to go`."""
    if not figures:
        return ""
    parts: list[str] = []
    progress = progress_of(figures)
    if progress is not None:
        has, need, unit = progress
        has_text = figures.get("has_text")
        shown = has_text if isinstance(has_text, str) and has_text else number(has)
        unit_text = f" {unit}" if unit else ""
        text = f"{shown} of {number(need)}{unit_text}"
        text += f" ({min(999, round(100 * has / need))}%)"
        short = figures.get("short")
        if isinstance(short, int | float) and not isinstance(short, bool) and short > 0:
            text += f", {number(short)}{unit_text} to go"
        parts.append(text)
    for key, item in figures.items():
        if progress is not None and key in _PROGRESS_KEYS:
            continue
        if key.endswith("_text"):
            continue
        label = key.replace("_", " ")
        if key == "window_months" and isinstance(item, int | float):
            parts.append(f"within the last {number(item)} months")
        elif isinstance(item, list):
            words = [str(x) for x in item if not isinstance(x, Mapping | list)]
            if words and words != ["none"]:
                parts.append(f"{label}: {'; '.join(words)}")
        elif isinstance(item, Mapping) or item is None:
            continue
        else:
            parts.append(f"{label}: {number(item)}")
    return "; ".join(parts)


def sentence(text: str) -> str:
    """First letter upper case, the rest as written (`CE record` stays `CE record`)."""
    return text[:1].upper() + text[1:]


def with_article(noun: str) -> str:
    """`a degree`, `an activity`, `an exam`, `a CE record` (an initialism is read by letters:
    only A, E, F, H, I, L, M, N, O, R, S and X then sound like a vowel)."""
    word = noun.split(" ", 1)[0]
    if len(word) > 1 and word.isupper():
        vowel = word[0] in "AEFHILMNORSX"
    else:
        vowel = word[:1].lower() in "aeiou"
    return ("an " if vowel else "a ") + noun


def reading_label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


@dataclass(frozen=True)
class RuleLink:
    rule: str
    href: str
    title: str
    external: bool


class CitationIndex:
    """Rule ID -> the citations seen next to it in traces and requirement trees."""

    def __init__(self, documented: Collection[str] | None = None) -> None:
        self._by_rule: dict[str, list[Citation]] = {}
        self.documented = documented  # rules the requirements page lists (None: not known)

    def add(self, rules: Iterable[str], citations: Iterable[Citation]) -> None:
        cited = list(citations)
        for rule in rules:
            known = self._by_rule.setdefault(rule, [])
            for citation in cited:
                if citation not in known:
                    known.append(citation)

    def add_trace(self, node: TraceNode | None) -> None:
        for item in walk_trace(node):
            self.add(item.rules, item.citations)

    def add_requirement(self, item: RequirementItem) -> None:
        self.add(item.rules, item.citations)
        for child in item.children:
            self.add_requirement(child)

    def items(self) -> list[tuple[str, list[Citation]]]:
        """Every rule seen, in first-seen order, with its citations."""
        return list(self._by_rule.items())

    def citations(self, rule: str) -> list[Citation]:
        return self._by_rule.get(rule, [])

    def link(self, rule: str, credential: str) -> RuleLink:
        for citation in self.citations(rule):
            if citation.url:
                title = f"{rule}: source {citation.key}" + (
                    f" ({citation.date})" if citation.date else ""
                )
                return RuleLink(rule, citation.url, title, True)
        keys = ", ".join(c.key for c in self.citations(rule))
        title = f"{rule}: {keys}" if keys else f"{rule} in the requirements for {credential}"
        if self.documented is not None and rule not in self.documented:
            # Not on the requirements page (a project convention, a renewal rule): no link
            # that would lead nowhere; the ID still names the rule in spec/rules.md.
            return RuleLink(rule, "", f"{rule}: rule of the catalogue (spec/rules.md)", False)
        return RuleLink(rule, f"/credentials/{credential}/requirements#rule-{rule}", title, False)


def requirement_rules(item: RequirementItem) -> set[str]:
    """Every rule ID of a requirement tree."""
    found = set(item.rules)
    for child in item.children:
        found |= requirement_rules(child)
    return found


def walk_trace(node: TraceNode | None) -> Iterator[TraceNode]:
    if node is None:
        return
    yield node
    for child in node.children:
        yield from walk_trace(child)


@dataclass
class CardView:
    result: CredentialResult
    name: str
    title: str
    status: StatusView
    rules: list[RuleLink]
    alternatives: list[tuple[str, StatusView]]
    earliest: str
    earliest_relative: str
    anchor: str
    citations: CitationIndex = field(repr=False)


def credential_name(result: CredentialResult) -> str:
    return result.variant or result.credential


def card(
    result: CredentialResult,
    titles: Mapping[str, str],
    today: date,
    documented: Collection[str] | None = None,
) -> CardView:
    index = CitationIndex(documented)
    index.add_trace(result.trace)
    name = credential_name(result)
    return CardView(
        result=result,
        name=name,
        title=titles.get(result.credential, ""),
        status=status_view(result.status),
        rules=[index.link(rule, result.credential) for rule in result.rules],
        alternatives=[
            (reading_label(key), status_view(value)) for key, value in result.alternatives.items()
        ],
        earliest=iso(result.earliest_eligibility_date),
        earliest_relative=relative(result.earliest_eligibility_date, today),
        anchor="cred-" + "".join(c if c.isalnum() else "-" for c in result.credential),
        citations=index,
    )


@dataclass
class RenewalView:
    result: RenewalResult
    status: StatusView
    rules: list[RuleLink]
    alternatives: list[tuple[str, StatusView]]
    deadline_relative: str


def renewal(
    result: RenewalResult, today: date, documented: Collection[str] | None = None
) -> RenewalView:
    index = CitationIndex(documented)
    credential = result.credential
    return RenewalView(
        result=result,
        status=_CLOSED if _closed(result, today) else status_view(result.status, renewal=True),
        rules=[index.link(rule, credential) for rule in result.rules],
        alternatives=[
            (reading_label(key), status_view(value)) for key, value in result.alternatives.items()
        ],
        deadline_relative=relative(result.deadline, today),
    )


@dataclass
class ReportView:
    report: Report
    cards: list[CardView]
    renewals: list[RenewalView]
    counts: dict[str, int]


def report_view(
    report: Report,
    infos: Iterable[CredentialInfo],
    documented: Mapping[str, Collection[str]] | None = None,
) -> ReportView:
    """`documented`: per credential, the rule IDs its requirements page lists (rule links
    go there when the trace gives no source URL); a credential missing here links anyway."""
    titles = {info.id: info.title for info in infos}
    known = documented or {}
    cards = [
        card(result, titles, report.evaluated_on, known.get(result.credential))
        for result in report.results
    ]
    counts: dict[str, int] = {}
    for item in cards:
        counts[item.status.code] = counts.get(item.status.code, 0) + 1
    return ReportView(
        report=report,
        cards=cards,
        renewals=[
            renewal(r, report.evaluated_on, known.get(r.credential, ())) for r in report.renewals
        ],
        counts=counts,
    )


def outcome_view(outcome: bool | None) -> StatusView:
    if outcome is True:
        return StatusView("eligible", "Met", "✓", "")
    if outcome is False:
        return StatusView("not_eligible", "Not met", "✗", "")
    return StatusView("indeterminate", "Open question", "?", "")


KIND_WORDS = {
    "all": "All of these",
    "any": "One of these",
    "not": "None of these",
    "advisory": "For information",
    "test": "",
}
