"""The registry of measures: named, typed tests that rulebook leaves refer to.

Each measure declares a pydantic model for its params, so a rulebook is type-checked once when
it is loaded, and an unknown measure or parameter name gets the nearest correct name suggested.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from casepath.rules.context import EvalContext, Measured


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def questions(self) -> list[str]:
        """Question ids these params refer to (checked against the version at load)."""
        found: list[str] = []
        for name, value in self:
            if name.endswith("question") and isinstance(value, str):
                found.append(value)
            elif isinstance(value, Params):
                found.extend(value.questions())
            elif isinstance(value, CountedIf):
                found.append(value.question)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, CountedIf):
                        found.append(item.question)
                    elif isinstance(item, Params):
                        found.extend(item.questions())
        return found

    def reading_refs(self) -> list[tuple[str, str]]:
        """(question, reading) pairs these params name: `X_question` with its `X_..._when`."""
        values = dict(self)
        pairs: list[tuple[str, str]] = []
        for name, value in values.items():
            if isinstance(value, Params):
                pairs.extend(value.reading_refs())
            elif isinstance(value, CountedIf):
                pairs.append((value.question, value.counts_when))
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, CountedIf):
                        pairs.append((item.question, item.counts_when))
                    elif isinstance(item, Params):
                        pairs.extend(item.reading_refs())
            elif name.endswith("_question") and isinstance(value, str):
                prefix = name.removesuffix("question")
                pairs.extend(
                    (value, reading)
                    for other, reading in values.items()
                    if other.startswith(prefix) and other.endswith("_when")
                )
        return pairs


class CountedIf(BaseModel):
    """Something counts only under one reading of an open question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    counts_when: str


P = TypeVar("P", bound=Params)


@dataclass(frozen=True)
class MeasureSpec(Generic[P]):
    name: str
    params: type[P]
    run: Callable[[EvalContext, P], Measured]
    doc: str
    # The figures the measure may report: the names a rulebook template can use ({has}, ...).
    figures: frozenset[str] = frozenset()


MEASURES: dict[str, MeasureSpec[Any]] = {}


def measure(
    name: str, params: type[P], *, figures: Iterable[str]
) -> Callable[[Callable[[EvalContext, P], Measured]], Any]:
    def register(run: Callable[[EvalContext, P], Measured]) -> Callable[[EvalContext, P], Measured]:
        doc = (run.__doc__ or "").strip()
        MEASURES[name] = MeasureSpec(name, params, run, doc, frozenset(figures))
        return run

    return register


def lookup(name: str) -> MeasureSpec[Any]:
    try:
        return MEASURES[name]
    except KeyError:
        close = difflib.get_close_matches(name, MEASURES, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else f"; known: {', '.join(MEASURES)}"
        raise KeyError(f'unknown measure "{name}"{hint}') from None
