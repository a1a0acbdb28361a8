"""Measures: the typed tests rulebook leaves name. Importing this package registers them all."""

from casepath.rules.measures import credentials, experience, misc
from casepath.rules.measures import renewal as renewal  # renewal measures (issue 3)
from casepath.rules.measures.registry import MEASURES, MeasureSpec, lookup

__all__ = ["MEASURES", "MeasureSpec", "credentials", "experience", "lookup", "misc"]
