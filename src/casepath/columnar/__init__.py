"""The columnar path for "status on one date": per-person columns from a roster's long tables,
and the rulebook trees compiled into boolean column expressions (issue 9, item 3)."""
