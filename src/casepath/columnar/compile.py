"""Rulebook trees compiled to column expressions, generated from the rulebooks themselves.

Each node becomes a function of (people, readings) giving a `Tri` per person: `all` and `any`
combine in three-valued (Kleene) logic, so a definite "no" of one child decides an `all` even
when another child is not known exactly; `not` negates; `by_reading` picks the case of the
reading; a `test` calls the measure's vectorised twin; an `advisory` never changes the outcome.
A measure without a twin is not known for anyone: the engine decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import numpy as np

from casepath.columnar.frame import PeopleFrame
from casepath.columnar.twins import TWINS, Tri, params_of
from casepath.rules.language import Node

Compiled = Callable[[PeopleFrame, Mapping[str, str], date], Tri]


def compile_node(node: Node) -> Compiled:
    if node.all is not None:
        children = [compile_node(c) for c in node.all]
        return lambda frame, readings, on: _all([c(frame, readings, on) for c in children])
    if node.any is not None:
        children = [compile_node(c) for c in node.any]
        return lambda frame, readings, on: _any([c(frame, readings, on) for c in children])
    if node.not_ is not None:
        child = compile_node(node.not_)

        def negate(frame: PeopleFrame, readings: Mapping[str, str], on: date) -> Tri:
            inner = child(frame, readings, on)
            return Tri(~inner.value, inner.known)

        return negate
    if node.by_reading is not None:
        question = node.by_reading.question
        cases = {r: compile_node(c) for r, c in node.by_reading.cases.items()}

        def pick(frame: PeopleFrame, readings: Mapping[str, str], on: date) -> Tri:
            return cases[readings[question]](frame, readings, on)

        return pick
    if node.advisory is not None:
        return lambda frame, readings, on: Tri(np.ones(len(frame), bool), np.ones(len(frame), bool))
    assert node.test is not None
    fn = TWINS.get(node.test)
    if fn is None:
        return lambda frame, readings, on: Tri(
            np.zeros(len(frame), bool), np.zeros(len(frame), bool)
        )
    params = params_of(node.test, node.params)
    asked = tuple(dict.fromkeys(params.questions()))
    run = fn
    token = object()  # this node's own key in the frame's memo

    def measure(frame: PeopleFrame, readings: Mapping[str, str], on: date) -> Tri:
        # A twin depends only on the readings its params name: computed once per those.
        key = (token, tuple(readings.get(q, "") for q in asked), on)
        if key not in frame.memo:
            frame.memo[key] = run(frame, params, readings, on)
        found: Tri = frame.memo[key]
        return found

    return measure


def _all(parts: list[Tri]) -> Tri:
    definite_no = np.zeros(len(parts[0].value), bool)
    all_known = np.ones(len(parts[0].value), bool)
    value = np.ones(len(parts[0].value), bool)
    for part in parts:
        definite_no |= part.known & ~part.value
        all_known &= part.known
        value &= part.value
    return Tri(value & ~definite_no, definite_no | all_known)


def _any(parts: list[Tri]) -> Tri:
    definite_yes = np.zeros(len(parts[0].value), bool)
    all_known = np.ones(len(parts[0].value), bool)
    value = np.zeros(len(parts[0].value), bool)
    for part in parts:
        definite_yes |= part.known & part.value
        all_known &= part.known
        value |= part.value
    return Tri(value | definite_yes, definite_yes | all_known)
