"""Conformance at scale: the columnar status equals the engine's for N seeded synthetic people.

The columns are computed once for everyone; then every person is checked with `service.check`
(on every core) and each credential's status compared. Prints the people compared, the people
the columns left to the engine, and every mismatch (none expected).

Usage: python benchmarks/conformance_columnar.py [N] [--seed S] [--workers W]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pyarrow as pa

from casepath.batch.judge import pack
from casepath.columnar.status import columnar_statuses
from casepath.roster.people import RosterIndex, index_roster, people_of, slice_people
from casepath.roster.synthetic import synthetic_roster
from casepath.roster.tables import ROW, RosterTables
from casepath.service import check

ON = date(2026, 3, 1)


def engine_statuses(packed: dict[str, bytes]) -> list[tuple[str, dict[str, str]]]:
    tables = {n: pa.ipc.open_stream(b).read_all() for n, b in packed.items()}
    out = []
    for person in people_of(tables):
        assert person.profile is not None, person.problems
        report = check(person.profile, ON, explain=False)
        out.append((person.employee_id, {r.credential: r.status.value for r in report.results}))
    return out


def chunks(index: RosterIndex, size: int) -> list[dict[str, bytes]]:
    return [
        pack(slice_people(index, start, min(start + size, len(index))))
        for start in range(0, len(index), size)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("people", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tables = synthetic_roster(args.people, ON, seed=args.seed)
    started = time.perf_counter()
    statuses = columnar_statuses(tables, ON)
    columnar = time.perf_counter() - started
    where = {e: i for i, e in enumerate(statuses.ids)}
    numbered = {
        k: v.append_column(ROW, pa.array(range(2, v.num_rows + 2), pa.int64()))
        for k, v in tables.items()
    }
    index = index_roster(RosterTables(numbered))
    mismatches: Counter[tuple[str, str, str]] = Counter()
    compared = 0
    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        for result in pool.map(engine_statuses, chunks(index, 500)):
            for employee_id, engine in result:
                i = where[employee_id]
                if statuses.needs_engine[i]:
                    continue
                compared += 1
                for credential, status in engine.items():
                    mine = statuses.status[credential][i]
                    if mine != status:
                        mismatches[(credential, mine, status)] += 1
    engine = time.perf_counter() - started
    print(
        f"{args.people} people (seed {args.seed}): columnar {columnar:.2f} s, engine "
        f"{engine:.1f} s on {args.workers} processes; compared {compared}, left to the engine "
        f"{int(statuses.needs_engine.sum())}, mismatches {sum(mismatches.values())}"
    )
    for key, count in mismatches.most_common():
        print("  mismatch", key, count)


if __name__ == "__main__":
    main()
