"""Shaping figures: the numbers a measure reports, and the threshold timeline helpers."""

from __future__ import annotations

from typing import Any

# The figures threshold_figures reports (for a measure's declaration).
THRESHOLD = ("has", "need", "short", "unit")


def threshold_figures(value: float, need: float, unit: str) -> dict[str, Any]:
    return {
        "has": round(value, 2),
        "need": need,
        "short": round(max(0.0, need - value), 2),
        "unit": unit,
    }


def progress(value: float, need: float) -> float:
    return 1.0 if need <= 0 else max(0.0, min(1.0, value / need))


def number(value: Any) -> str:
    """A figure as people write it: 2,080; 12; 13.7."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"
