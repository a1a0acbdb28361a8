"""GUIDE-5: the first application window a person can go in, on or after a date.

Windows repeat each year. The catalogue lists one cycle; a window in a later (or earlier) year
is that cycle moved by whole years and is marked `extrapolated`, as GUIDE-5 requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casepath.dates import add_years
from casepath.guidance.facts import ExamWindow

# How far ahead to look: the engine projects ten years (rules.engine.HORIZON_DAYS).
_YEARS_AHEAD = 12


@dataclass(frozen=True)
class PlacedWindow:
    apply_from: date
    apply_to: date
    exam: date
    exam_to: date
    extrapolated: bool


def first_window(windows: list[ExamWindow], ready: date) -> PlacedWindow | None:
    """The first window whose application period contains or follows `ready`."""
    if not windows:
        return None
    listed_from = min(w.apply_from for w in windows).year
    candidates = [
        _moved(window, years)
        for years in range(ready.year - listed_from - 1, ready.year - listed_from + _YEARS_AHEAD)
        for window in windows
    ]
    open_or_later = [w for w in candidates if w.apply_to >= ready]
    return min(open_or_later, key=lambda w: w.apply_from, default=None)


def _moved(window: ExamWindow, years: int) -> PlacedWindow:
    return PlacedWindow(
        apply_from=add_years(window.apply_from, years),
        apply_to=add_years(window.apply_to, years),
        exam=add_years(window.exam, years),
        exam_to=add_years(window.exam_to, years),
        extrapolated=years != 0,
    )
