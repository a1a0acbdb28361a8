"""The rule catalogue (spec/rules.md): rule IDs, their sections and confidence, and the sources.

A copy of the catalogue ships with the package so that rulebook validation and citations work
without the shared folder; a test keeps the copy identical to ../shared/spec/rules.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from casepath.result import Citation

_HEADING = re.compile(r"^(#{2,3})\s+(\d+(?:\.\d+)?)\.?\s+(.*)$")
_ROW_ID = re.compile(r"^\|\s*([A-Z][A-Z0-9]*(?:[-.][A-Za-z0-9]+)*)\s*\|")
_SOURCE = re.compile(r"\[([A-Z0-9][A-Za-z0-9.-]*)\]\s+(https?://\S+?)(?:\s+;|\s*$|\s+\()")
_SOURCE_LINE = re.compile(r"^- \[([A-Z0-9][A-Za-z0-9.-]*)\]")


@dataclass(frozen=True)
class CatalogueRule:
    id: str
    section: str  # e.g. "2.3"
    text: str
    confidence: str


@dataclass(frozen=True)
class Catalogue:
    rules: dict[str, CatalogueRule]
    sources: dict[str, Citation]

    def has_rule(self, rule_id: str) -> bool:
        return rule_id in self.rules

    def citation(self, key: str) -> Citation:
        found = self.sources.get(key)
        return found if found is not None else Citation(key=key)

    def ids_in_sections(self, prefixes: tuple[str, ...]) -> list[str]:
        return [
            r.id
            for r in self.rules.values()
            if any(r.section == p or r.section.startswith(p + ".") for p in prefixes)
        ]


def parse_catalogue(text: str) -> Catalogue:
    rules: dict[str, CatalogueRule] = {}
    sources: dict[str, Citation] = {}
    section = "0"
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            section = heading.group(2)
            continue
        row = _ROW_ID.match(line)
        if row and row.group(1) != "ID":
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rules[row.group(1)] = CatalogueRule(
                id=row.group(1),
                section=section,
                text=cells[1] if len(cells) > 1 else "",
                confidence=cells[-1] if len(cells) > 2 else "",
            )
        if _SOURCE_LINE.match(line):
            date_match = re.search(r"\(([^()]*\d{4}[^()]*|n\.d\.[^()]*)\)", line)
            shown = date_match.group(1) if date_match else ""
            for key, url in _SOURCE.findall(line + " "):
                sources.setdefault(key, Citation(key=key, url=url.rstrip(";,"), date=shown))
            lead = _SOURCE_LINE.match(line)
            first_url = re.search(r"https?://[^\s;]+", line)
            if lead and lead.group(1) not in sources:
                url = first_url.group(0) if first_url else ""
                sources[lead.group(1)] = Citation(key=lead.group(1), url=url, date=shown)
    return Catalogue(rules=rules, sources=sources)


def catalogue_text() -> str:
    return resources.files("casepath.catalogue").joinpath("rules.md").read_text(encoding="utf-8")


@cache
def load_catalogue() -> Catalogue:
    return parse_catalogue(catalogue_text())
