"""The distinct outcomes of a requirement tree over the readings of its open questions.

Questions meet only where one subtree asks several of them, so combinations are enumerated
there and nowhere else. `Explorer.outcomes(node, fixed)` gives the distinct outcomes of a node
(its timeline, with one evaluated tree as witness) over every combination of the readings of
the *free* questions its subtree asks: those without a default that `fixed` does not set.
Questions with a default read it unless `fixed` sets another reading.

- A leaf (a measure) is evaluated under `fixed`; a free question it asks is branched on (each
  reading fixed in turn), which also finds the questions a reading leads to.
- Children whose free questions are disjoint combine their outcome sets directly (any outcome
  of one can meet any outcome of another); a free question asked by two children is fixed to
  each of its readings in turn, so they agree on it.
- Results are cached per node with the readings of the questions they depended on.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from casepath.profile.model import Profile
from casepath.rules import evaluator
from casepath.rules.context import EvalContext
from casepath.rules.language import Node, Question, Version
from casepath.timeline import Frame, Timeline, all_of, any_of

Fixed = Mapping[str, str]


@dataclass
class Explored:
    """A node's distinct outcomes under some fixed readings."""

    outcomes: list[evaluator.Evaluated]
    free: frozenset[str]  # free questions branched on below
    asked: dict[str, str | None]  # every question read below -> the reading fixed (None: none)


def _distinct(results: list[evaluator.Evaluated]) -> list[evaluator.Evaluated]:
    """One outcome per timeline; never-true outcomes are also kept apart by the events that
    would mend them, so that none of those events goes unreported."""
    if len(results) == 1:
        return results
    by_timeline: dict[Timeline, list[evaluator.Evaluated]] = {}
    for result in results:
        by_timeline.setdefault(result.timeline, []).append(result)
    unique: list[evaluator.Evaluated] = []
    for timeline, group in by_timeline.items():
        if len(group) == 1 or not timeline.is_never():
            unique.append(group[0])
            continue
        by_events: dict[tuple[str, ...], evaluator.Evaluated] = {}
        for result in group:
            by_events.setdefault(tuple(evaluator.events_of(result)), result)
        unique.extend(by_events.values())
    return unique


class Explorer:
    """Explores one version's tree for one profile; `seen` keeps every question asked, in the
    order first asked. `settled` readings (the person's answers) are facts, never free."""

    def __init__(
        self, profile: Profile, frame: Frame, version: Version, settled: Fixed | None = None
    ) -> None:
        self.profile = profile
        self.frame = frame
        self.version = version
        self.settled = dict(settled or {})
        self.seen: dict[str, Question] = {}
        self._worlds: evaluator.NodeCache = evaluator.ByReadings()  # one combination each
        self._cache: evaluator.ByReadings[Explored] = evaluator.ByReadings()

    def context(self, fixed: Fixed) -> EvalContext:
        return EvalContext(
            self.profile, self.frame, self.version, {**fixed, **self.settled}, self.seen
        )

    def evaluate(self, node: Node, fixed: Fixed) -> evaluator.Evaluated:
        """The tree under one combination: free questions read their first reading."""
        return evaluator.evaluate(node, self.context(fixed), self._worlds)

    def is_free(self, question_id: str, fixed: Fixed) -> bool:
        question = self.seen[question_id]
        return (
            question.default is None
            and question_id not in fixed
            and question_id not in self.settled
        )

    def outcomes(self, node: Node, fixed: Fixed) -> Explored:
        explored = self._cache.get(node.id, fixed.get)
        if explored is None:
            explored = self._explore(node, fixed)
            self._cache.put(node.id, explored.asked, explored)
        return explored

    def _explore(self, node: Node, fixed: Fixed) -> Explored:
        if node.test is None and node.advisory is None and node.by_reading is None:
            # Already evaluated under these readings, asking no free question: the only outcome.
            hit = evaluator.cached(node, self.context(fixed), self._worlds)
            if hit is not None and not any(self.is_free(q, fixed) for q in hit[0]):
                return Explored([hit[1]], frozenset(), {q: fixed.get(q) for q in hit[0]})
            return self._composite(node, fixed)
        # A leaf (or a by_reading node) under one combination; a free question it asks is
        # branched on, which also finds the questions that a reading leads to.
        ctx = self.context(fixed)
        result = evaluator.evaluate(node, ctx, self._worlds)
        free = [q for q in self.seen if q in ctx.consulted and self.is_free(q, fixed)]
        if not free:
            return Explored([result], frozenset(), {q: fixed.get(q) for q in ctx.consulted})
        if node.by_reading is None or self.is_free(node.by_reading.question, fixed):
            return self._branch(node, fixed, free[0])
        question_id = node.by_reading.question
        reading = ctx.reading(question_id)
        child = self.outcomes(node.by_reading.cases[reading], fixed)
        results = [evaluator.Evaluated(node, c.timeline, [c], case=reading) for c in child.outcomes]
        return Explored(results, child.free, {**child.asked, question_id: fixed.get(question_id)})

    def _composite(self, node: Node, fixed: Fixed) -> Explored:
        kids = [self.outcomes(child, fixed) for child in node.children]
        # A child with one outcome is the same under every reading of its free questions, so
        # only children with several outcomes must agree on a question they share.
        counts = Counter(q for kid in kids if len(kid.outcomes) > 1 for q in kid.free)
        shared = [q for q in self.seen if counts[q] > 1]
        if shared:
            return self._branch(node, fixed, shared[0])
        results = [
            evaluator.Evaluated(node, self._combine(node, children), list(children))
            for children in itertools.product(*(kid.outcomes for kid in kids))
        ]
        asked: dict[str, str | None] = {}
        for kid in kids:
            asked.update(kid.asked)
        return Explored(_distinct(results), frozenset(q for kid in kids for q in kid.free), asked)

    def _combine(self, node: Node, children: tuple[evaluator.Evaluated, ...]) -> Timeline:
        timelines = (c.timeline for c in children)
        if node.all is not None:
            return all_of(self.frame, timelines)
        if node.any is not None:
            return any_of(self.frame, timelines)
        return ~children[0].timeline

    def _branch(self, node: Node, fixed: Fixed, question_id: str) -> Explored:
        """Fix a free question to each of its readings in turn and pool the outcomes."""
        parts = [
            self.outcomes(node, {**fixed, question_id: reading})
            for reading in self.seen[question_id].readings
        ]
        asked: dict[str, str | None] = {}
        for part in parts:
            asked.update(part.asked)
        asked[question_id] = None
        return Explored(
            _distinct([r for part in parts for r in part.outcomes]),
            frozenset({question_id}.union(*(part.free for part in parts))),
            asked,
        )


__all__ = ["Explored", "Explorer", "Fixed"]
