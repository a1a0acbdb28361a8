"""Status on one date for every person and credential, columnar where exact, the per-person
engine for the rest.

Per credential: the version in force is compiled once; every combination of the readings of
its questions without a default is evaluated (questions with a default stay at it), one column
per combination; where the combinations agree the status is theirs, where they disagree it is
`indeterminate` (spec/profile-format.md, "Open questions"). People for whom any column is not
exact go to `service.check`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from casepath.columnar.compile import Compiled, compile_node
from casepath.columnar.frame import Array, people_frame
from casepath.rules.language import Version
from casepath.rules.loader import CREDENTIAL_ORDER, load_rulebooks
from casepath.service import HELD_NAMES


@dataclass
class Statuses:
    """`status[credential]`: per person, "" where the engine must decide (`needs_engine`)."""

    ids: Array
    status: dict[str, Array]
    needs_engine: Array


@cache
def _compiled(credential: str, version: str) -> Compiled:
    book = load_rulebooks()[credential]
    found = next(v for v in book.versions if v.version == version)
    return compile_node(found.requirement)


def _combinations(version: Version) -> list[dict[str, str]]:
    fixed = {q.id: q.default for q in version.questions if q.default is not None}
    open_ = [q for q in version.questions if q.default is None]
    out = []
    for values in itertools.product(*(list(q.readings) for q in open_)):
        out.append({**fixed, **dict(zip((q.id for q in open_), values, strict=True))})
    return out


def columnar_statuses(tables: dict[str, pa.Table], on: date) -> Statuses:
    frame = people_frame(tables)
    n = len(frame)
    books = load_rulebooks()
    certs = frame.tables["certifications"]
    active = certs.text("status") == "active"
    has_cert = frame.any_per_person("certifications", np.ones(len(certs), bool))
    renewal_only = (
        has_cert
        & ~frame.any_per_person("degrees", np.ones(len(frame.tables["degrees"]), bool))
        & ~frame.any_per_person("jobs", np.ones(len(frame.tables["jobs"]), bool))
    )
    needs_engine = np.zeros(n, bool)
    status: dict[str, Array] = {}
    for credential in CREDENTIAL_ORDER:
        book = books[credential]
        held = frame.any_per_person(
            "certifications", active & np.isin(certs.text("name"), sorted(HELD_NAMES[credential]))
        )
        out = np.full(n, "", dtype=object)
        versions = book.versions_on(on)
        if len(versions) != 1:
            needs_engine |= ~(held | renewal_only)
        else:
            version = versions[0]
            fn = _compiled(credential, version.version)
            any_yes = np.zeros(n, bool)
            any_no = np.zeros(n, bool)
            known = np.ones(n, bool)
            for readings in _combinations(version):
                tri = fn(frame, readings, on)
                known &= tri.known
                any_yes |= tri.value
                any_no |= ~tri.value
            out[known & any_yes & ~any_no] = "eligible"
            out[known & any_no & ~any_yes] = "not_eligible"
            out[known & any_yes & any_no] = "indeterminate"
            needs_engine |= ~known & ~(held | renewal_only)
        out[held | renewal_only] = "not_applicable"
        status[credential] = out
    return Statuses(frame.ids, status, needs_engine)


def statuses_on(tables: dict[str, pa.Table], on: date) -> Statuses:
    """Every person's status for every credential on `on`: the columns where they are exact,
    `service.check` for the people they leave open (tables need a `__row` column only for the
    problems of those people; every person of `tables` must have valid rows)."""
    from casepath.roster.people import people_of
    from casepath.roster.tables import ROW
    from casepath.service import check

    statuses = columnar_statuses(tables, on)
    open_ = np.flatnonzero(statuses.needs_engine)
    if len(open_) == 0:
        return statuses
    wanted = pa.array(statuses.ids[open_], pa.string())
    subset = {}
    for name, table in tables.items():
        if ROW not in table.column_names:
            table = table.append_column(ROW, pa.array(np.arange(2, table.num_rows + 2)))
        subset[name] = table.filter(pc.is_in(table.column("employee_id"), value_set=wanted))
    where = {e: i for i, e in zip(open_, statuses.ids[open_], strict=True)}
    for person in people_of(subset):
        if person.profile is None:
            raise ValueError(f"{person.employee_id}: {person.problems[0]}")
        for result in check(person.profile, on, explain=False).results:
            statuses.status[result.credential][where[person.employee_id]] = result.status.value
    statuses.needs_engine[:] = False
    return statuses
