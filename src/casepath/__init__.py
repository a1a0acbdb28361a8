"""casepath: case-management certification eligibility, explained rule by rule."""

__version__ = "0.1.0"
