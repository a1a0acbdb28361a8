"""A profile as roster rows: the inverse of `people`, for exports, tests and benchmarks.

Only what a roster can hold is written (no disclosures: they belong to the person alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from casepath.profile.model import Profile
from casepath.roster.schema import ID, TABLES


def roster_rows(
    people: Iterable[tuple[str, Profile, Mapping[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """Rows per table for (employee_id, profile, extra staff columns such as unit) triples."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for employee_id, profile, staff in people:
        out["staff"].append(
            {
                ID: employee_id,
                "name": profile.name or employee_id,
                "self_employed": profile.self_employed,
                **staff,
            }
        )
        for spec in TABLES.values():
            if spec.profile_key is None:
                continue
            columns = spec.profile_columns()
            for record in getattr(profile, spec.profile_key):
                values = {c: _plain(getattr(record, c)) for c in columns if hasattr(record, c)}
                out[spec.name].append({ID: employee_id, **values})
    return out


def _plain(value: object) -> object:
    return value.value if isinstance(value, Enum) else value
