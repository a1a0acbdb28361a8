"""Judge the people of one chunk of a roster: the same function on local cores and on Dask."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from casepath.batch.rows import ERRORS_SCHEMA, OUTPUT_SCHEMA, error_rows, person_active, report_rows
from casepath.roster.people import people_of
from casepath.roster.problems import RosterProblem
from casepath.service import check


@dataclass
class ChunkResult:
    """The output rows and error rows of a chunk, and what the summary counts."""

    rows: pa.Table
    errors: pa.Table
    people: int = 0
    failed: int = 0
    stages: Counter[str] = field(default_factory=Counter)


def pack(tables: dict[str, pa.Table]) -> dict[str, bytes]:
    """Tables as Arrow IPC bytes holding only their rows (a pickled slice would carry the
    buffers of the whole roster)."""
    out = {}
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        out[name] = sink.getvalue().to_pybytes()
    return out


def judge_packed(packed: dict[str, bytes], on: date) -> ChunkResult:
    """`judge_tables` on tables packed by `pack` (what a worker process receives)."""
    return judge_tables({n: pa.ipc.open_stream(b).read_all() for n, b in packed.items()}, on)


def judge_tables(tables: dict[str, pa.Table], on: date) -> ChunkResult:
    """Every person of `tables` (sorted, known employee ids only) checked on `on`.

    A person with a bad row gets error rows instead of output rows; the others go on. An
    unexpected failure of the engine on one person is reported the same way, never hidden.
    """
    rows = []
    problems: list[RosterProblem] = []
    stages: Counter[str] = Counter()
    people = people_of(tables)
    failed = 0
    for person in people:
        if person.profile is None or person.staff is None:
            problems.extend(person.problems)
            failed += 1
            continue
        try:
            report = check(person.profile, on, explain=False)
        except Exception as exc:  # one person's failure must not stop the roster
            problems.append(
                RosterProblem(
                    "",
                    None,
                    "",
                    "",
                    f"internal error: {type(exc).__name__}: {exc}",
                    person.employee_id,
                )
            )
            failed += 1
            continue
        person_rows, placement = report_rows(
            person.employee_id, person.staff.unit, person_active(person), person.profile, report
        )
        rows.extend(person_rows)
        stages[placement.stage.value if placement else "not_active"] += 1
    return ChunkResult(
        rows=pa.Table.from_pylist(rows, schema=OUTPUT_SCHEMA),
        errors=pa.Table.from_pylist(error_rows(problems), schema=ERRORS_SCHEMA),
        people=len(people),
        failed=failed,
        stages=stages,
    )
