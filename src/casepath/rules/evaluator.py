"""Evaluate a requirement tree under one set of readings, and explain the answer.

`evaluate` turns every node into a timeline (AND / OR / NOT of its children's). The explain
functions read an evaluated tree on day 0: the path taken, what is missing with its figures,
the rule IDs that decided, the notes of advisories, and the events that time cannot bring.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from casepath.catalogue import Catalogue
from casepath.result import TraceNode
from casepath.rules.context import EvalContext, Measured
from casepath.rules.language import Node
from casepath.rules.measures import lookup
from casepath.rules.measures.figures import number
from casepath.timeline import Frame, Timeline, all_of, any_of


@dataclass
class Evaluated:
    node: Node
    timeline: Timeline
    children: list[Evaluated] = field(default_factory=list)
    measured: Measured | None = None
    case: str | None = None  # the reading chosen at a by_reading node
    # CONV-8: the timeline without routine renewals assumed (None: the same as `timeline`).
    strict: Timeline | None = None

    @property
    def holds(self) -> bool:
        return self.timeline.at_start()

    @property
    def strict_timeline(self) -> Timeline:
        return self.timeline if self.strict is None else self.strict

    @property
    def progress(self) -> float:
        if self.measured is not None:
            if self.measured.progress is not None:
                return self.measured.progress
            return 1.0 if self.holds else 0.0
        if not self.children:
            return 1.0 if self.holds else 0.0
        scores = [c.progress for c in self.children if c.node.advisory is None]
        if self.node.any is not None:
            return max(scores, default=0.0)
        if self.node.not_ is not None:
            return 1.0 if self.holds else 0.0
        return sum(scores) / len(scores) if scores else 1.0


T = TypeVar("T")


class ByReadings(Generic[T]):
    """Results per node id, keyed by the readings of the questions each result depended on
    (a few sets of questions per node, each a hash table: no scan over every entry)."""

    def __init__(self) -> None:
        self._nodes: dict[str, dict[tuple[str, ...], dict[tuple[object, ...], T]]] = {}

    def get(self, node_id: str, reading: Callable[[str], object]) -> T | None:
        for keys, table in self._nodes.get(node_id, {}).items():
            hit = table.get(tuple(reading(q) for q in keys))
            if hit is not None:
                return hit
        return None

    def put(self, node_id: str, depends: Mapping[str, object], value: T) -> None:
        keys = tuple(sorted(depends))
        table = self._nodes.setdefault(node_id, {}).setdefault(keys, {})
        table[tuple(depends[k] for k in keys)] = value


# Per node: its result under one combination, with the readings it consulted.
NodeCache = ByReadings[tuple[dict[str, str], "Evaluated"]]


def evaluate(node: Node, ctx: EvalContext, cache: NodeCache) -> Evaluated:
    """Evaluate a node; a subtree is computed once per combination of the readings it asked.

    Worlds (combinations of readings) differ only where a question is asked, so most subtrees
    are shared between them.
    """
    hit = cached(node, ctx, cache)
    if hit is not None:
        ctx.consulted.update(hit[0])
        return hit[1]
    outer, ctx.consulted = ctx.consulted, set()
    evaluated = _evaluate_fresh(node, ctx, cache)
    asked = {q: ctx.reading_of(q) for q in ctx.consulted}
    ctx.consulted = outer | ctx.consulted
    cache.put(node.id, asked, (asked, evaluated))
    return evaluated


def cached(
    node: Node, ctx: EvalContext, cache: NodeCache
) -> tuple[dict[str, str], Evaluated] | None:
    """The node's result already computed under the readings in force, with those it asked."""
    return cache.get(node.id, ctx.reading_of)


def _evaluate_fresh(node: Node, ctx: EvalContext, cache: NodeCache) -> Evaluated:
    frame = ctx.frame
    if node.test is not None or node.advisory is not None:
        measured = _measure(node, ctx)
        if node.advisory is not None:
            return Evaluated(node, frame.always(), measured=measured)
        return Evaluated(node, measured.timeline, measured=measured, strict=measured.strict)
    if node.by_reading is not None:
        reading = ctx.reading(node.by_reading.question)
        child = evaluate(node.by_reading.cases[reading], ctx, cache)
        return Evaluated(node, child.timeline, [child], case=reading, strict=child.strict)
    children = [evaluate(child, ctx, cache) for child in node.children]
    timeline = _combine(node, frame, [c.timeline for c in children])
    strict = None
    if any(c.strict is not None for c in children):
        strict = _combine(node, frame, [c.strict_timeline for c in children])
    return Evaluated(node, timeline, children, strict=strict)


def _combine(node: Node, frame: Frame, timelines: list[Timeline]) -> Timeline:
    if node.all is not None:
        return all_of(frame, timelines)
    if node.any is not None:
        return any_of(frame, timelines)
    return ~timelines[0]


def assumptions_of(result: Evaluated) -> list[tuple[date, str]]:
    """The routine renewals assumed anywhere in the tree (CONV-8), in tree order, once each."""
    found: dict[tuple[date, str], None] = {}
    stack = [result]
    while stack:
        current = stack.pop(0)
        if current.measured is not None and current.node.advisory is None:
            found.update(dict.fromkeys(current.measured.assumptions))
        stack.extend(current.children)
    return list(found)


# Params parsed once per node. The node itself is kept in the value, so its id() cannot be
# reused by another object while the entry exists.
_PARSED: dict[int, tuple[Node, Any]] = {}


def _measure(node: Node, ctx: EvalContext) -> Measured:
    spec = lookup(str(node.test or node.advisory))
    entry = _PARSED.get(id(node))
    if entry is None or entry[0] is not node:
        entry = _PARSED[id(node)] = (node, spec.params.model_validate(node.params))
    return spec.run(ctx, entry[1])


# ---------------------------------------------------------------------------- explanation


class _Figures(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FORMATTER = string.Formatter()


def render(template: str, figures: dict[str, Any]) -> str:
    """Fill a rulebook template with the figures it names (formatted as people write them)."""
    names = {name for _, name, _, _ in _FORMATTER.parse(template) if name}
    values = _Figures({k: _display(figures[k]) for k in names if k in figures})
    return _FORMATTER.vformat(template, (), values)


def _display(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return number(value)


def _figures(result: Evaluated) -> dict[str, Any]:
    return result.measured.figures if result.measured is not None else {}


def path_of(result: Evaluated) -> list[str]:
    """The labels of the alternatives taken, in order (for a tree that holds on day 0)."""
    labels: list[str] = []
    node = result.node
    if node.path_label:
        labels.append(render(node.path_label, _figures(result)))
    if node.any is not None:
        chosen = next((c for c in result.children if c.holds), None)
        if chosen is not None:
            labels.extend(path_of(chosen))
    else:
        for child in result.children:
            labels.extend(path_of(child))
    return labels


def failing_alternatives(result: Evaluated) -> list[Evaluated]:
    """The alternatives worth naming when an `any` fails: those whose prerequisites (gates)
    pass, and among them those with some progress."""
    options = [c for c in result.children if c.node.advisory is None]
    open_options = [c for c in options if all(g.holds for g in c.children if g.node.gate)]
    options = open_options or options
    started = [c for c in options if c.progress > 0]
    return started or options


def missing_of(result: Evaluated) -> list[str]:
    node = result.node
    if result.holds or node.advisory is not None:
        return []
    if node.missing:
        # A template may render to nothing: an alternative with nothing to say (not asked).
        text = render(node.missing, _merged_figures(result))
        return [text] if text else []
    if node.all is not None:
        failing = [c for c in result.children if not c.holds]
        gates = [c for c in failing if c.node.gate]
        items: list[str] = []
        for child in gates or failing:
            items.extend(missing_of(child))
        return items
    if node.any is not None:
        items = []
        for position, child in enumerate(failing_alternatives(result)):
            child_items = missing_of(child)
            if position > 0 and child_items:
                child_items[0] = "or " + child_items[0]
            items.extend(child_items)
        return items
    if result.children:
        return missing_of(result.children[0])
    return [node.label]


def _merged_figures(result: Evaluated) -> dict[str, Any]:
    """Figures of a node and, for composite nodes, of the leaves below it (first wins)."""
    merged: dict[str, Any] = {}
    stack = [result]
    while stack:
        current = stack.pop(0)
        for key, value in _figures(current).items():
            merged.setdefault(key, value)
            merged.setdefault(f"{current.node.id.rsplit('.', 1)[-1]}_{key}", value)
        stack.extend(current.children)
    return merged


def explaining_nodes(result: Evaluated, depth: int = 0) -> list[Evaluated]:
    """The nodes that decided: the paths taken where it holds, the failures where it fails.

    Below the root, a failing group also names what holds inside it (the category that is met
    when the self-employment documentation is what fails); at the root, only failing groups.
    """
    out = [result]
    node = result.node
    if node.advisory is not None:
        return out
    if node.any is not None:
        branches = [c for c in result.children if c.holds] or failing_alternatives(result)
        for child in branches:
            out.extend(explaining_nodes(child, depth + 1))
        return out
    if node.all is not None and not result.holds:
        failing = [c for c in result.children if not c.holds]
        gates = [c for c in failing if c.node.gate]
        chosen = gates or (failing if depth == 0 else result.children)
        for child in chosen:
            out.extend(explaining_nodes(child, depth + 1))
        return out
    for child in result.children:
        out.extend(explaining_nodes(child, depth + 1))
    return out


def _fires(result: Evaluated) -> bool:
    measured = result.measured
    return (
        result.node.advisory is not None
        and measured is not None
        and measured.timeline.at_start() == result.node.note_if
    )


def rules_of(result: Evaluated) -> list[str]:
    """Rule IDs of the deciding tests: failures first when the tree fails.

    Composite nodes contribute their own IDs only when they fail and speak for their children
    (a node with its own `missing` text); the full tree keeps every ID in the trace.
    """
    nodes = explaining_nodes(result)
    if not result.holds:
        nodes = sorted(nodes, key=lambda n: n.holds)
    seen: dict[str, None] = {}
    for evaluated in nodes:
        node = evaluated.node
        speaks = node.missing is not None and not evaluated.holds
        conditional_note = _fires(evaluated) and node.advisory != "constant"
        if node.test is not None or speaks or conditional_note:
            for rule in node.rules:
                seen.setdefault(rule, None)
    return list(seen)


def notes_of(result: Evaluated) -> list[str]:
    """Notes of the advisories that fire on day 0, outside alternatives that were not used."""
    notes: list[str] = []
    stack = [result]
    while stack:
        current = stack.pop(0)
        if _fires(current) and current.node.note and current.measured is not None:
            text = render(current.node.note, current.measured.figures)
            if text not in notes:
                notes.append(text)
        children = current.children
        if current.node.any is not None:
            children = [c for c in children if c.holds] or failing_alternatives(current)[:1]
        elif current.node.all is not None:
            failed_gates = [c for c in children if c.node.gate and not c.holds]
            # Behind a failed prerequisite the rest is moot, for notes as for missing items.
            children = failed_gates or children
        stack.extend(children)
    return notes


def events_of(result: Evaluated) -> list[str]:
    """What must happen for the tree to hold, for the failures time alone will not mend."""
    node = result.node
    if not result.timeline.is_never() or node.advisory is not None:
        return []
    if node.event:
        return [render(node.event, _merged_figures(result))]
    if node.all is not None:
        never = [c for c in result.children if c.timeline.is_never()]
        gates = [c for c in never if c.node.gate]
        return [e for c in (gates or never) for e in events_of(c)]
    if node.any is not None:
        chosen = failing_alternatives(result)[:1]
        return [e for c in chosen for e in events_of(c)]
    if result.children:
        return events_of(result.children[0])
    return missing_of(result) or [node.label]


def variant_of(result: Evaluated) -> str | None:
    """The variant of the branch taken, or of the first branch whose gates pass (ACM-RN/SW)."""
    node = result.node
    if node.variant and (result.holds or all(c.holds for c in result.children if c.node.gate)):
        return node.variant
    ordered = result.children
    if node.any is not None:
        ordered = sorted(result.children, key=lambda c: not c.holds)
    for child in ordered:
        found = variant_of(child)
        if found:
            return found
    return None


def trace_of(result: Evaluated, catalogue: Catalogue) -> TraceNode:
    node = result.node
    measured = result.measured
    outcome: bool | None = result.holds
    if node.advisory is not None and measured is not None:
        outcome = measured.timeline.at_start()
    first = (measured.timeline if measured is not None else result.timeline).first_true()
    # Built from engine data that is already valid: skip re-validation (hot path).
    return TraceNode.model_construct(
        id=node.id,
        label=node.label,
        kind=node.kind,
        outcome=outcome,
        rules=list(node.rules),
        citations=[catalogue.citation(key) for key in node.sources],
        figures=dict(measured.figures) if measured is not None else {},
        detail=(measured.detail if measured is not None else "")
        + (f" (reading: {result.case})" if result.case else ""),
        first_true=first,
        children=[trace_of(child, catalogue) for child in result.children],
    )
