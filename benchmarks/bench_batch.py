"""Benchmark: `casepath batch` on synthetic rosters, and the columnar status step on 1M people.

1. `casepath batch` (every core) on N people from Parquet long tables: wall time and the peak
   memory of the largest process (the CLI or a worker), for each N given.
2. The columnar status step ("status on one date") on M people: reading the Parquet tables,
   building the columns and applying the compiled rulebooks, beside plain numpy computing a
   simplified eligibility (CMGT-BC-like: RN licence, 24 months since the first job, 30 CE hours
   in 3 years) on the same columns. People the columns cannot decide exactly are counted; their
   engine time is estimated from the batch rate, not run, unless --engine is given.

Medians of --runs runs. Usage:
  python benchmarks/bench_batch.py [--batch 10000 100000] [--columnar 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from casepath.columnar.frame import NO_DATE, people_frame
from casepath.columnar.status import columnar_statuses
from casepath.roster.synthetic import synthetic_roster, write_roster

ON = date(2026, 3, 1)


def bench_batch(people: int, folder: Path, runs: int) -> tuple[float, float]:
    write_roster(synthetic_roster(people, ON), folder / "roster")
    times, peaks = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "casepath",
                "batch",
                str(folder / "roster"),
                "--on",
                ON.isoformat(),
                "--out",
                str(folder / "out.parquet"),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return statistics.median(times), max(peaks)


def plain_numpy(tables: dict[str, object]) -> np.ndarray:
    """A simplified CMGT-BC on the same columns: what a hand-written vectorised rule costs."""
    frame = people_frame(tables)  # type: ignore[arg-type]
    day = ON.toordinal()
    lic = frame.tables["licenses"]
    expires = lic.day("expires")
    rn = (
        lic.is_in("type", ["RN"])
        & lic.is_in("status", ["active"])
        & ((expires == NO_DATE) | (expires >= day))
    )
    jobs = frame.tables["jobs"]
    first_job = frame.min_per_person("jobs", jobs.day("start").astype(float), np.inf)
    ce = frame.tables["ce"]
    when = ce.day("date")
    recent = frame.sum_per_person(
        "ce", np.where((when <= day) & (when > day - 3 * 365), ce.number("hours"), 0.0)
    )
    return frame.any_per_person("licenses", rn) & ((day - first_job) / 30.44 >= 24) & (recent >= 30)


def bench_columnar(people: int, folder: Path, runs: int) -> dict[str, float]:
    write_roster(synthetic_roster(people, ON, seed=9), folder / "big")
    out: dict[str, list[float]] = {"read": [], "columnar": [], "numpy": [], "engine_share": []}
    for _ in range(runs):
        started = time.perf_counter()
        tables = {p.stem: pq.read_table(p) for p in (folder / "big").glob("*.parquet")}
        out["read"].append(time.perf_counter() - started)
        started = time.perf_counter()
        statuses = columnar_statuses(tables, ON)
        out["columnar"].append(time.perf_counter() - started)
        out["engine_share"].append(float(statuses.needs_engine.mean()))
        started = time.perf_counter()
        plain_numpy(tables)
        out["numpy"].append(time.perf_counter() - started)
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, nargs="*", default=[10_000])
    parser.add_argument("--columnar", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for people in args.batch:
            seconds, peak = bench_batch(people, folder, args.runs)
            print(
                f"batch {people:>9,} people: {seconds:7.1f} s, {people / seconds:7.0f} people/s, "
                f"peak {peak:6.0f} MiB (largest process)",
                flush=True,
            )
        for people in args.columnar:
            r = bench_columnar(people, folder, args.runs)
            print(
                f"columnar {people:>9,} people: read {r['read']:.2f} s, columns+rules "
                f"{r['columnar']:.2f} s, plain numpy (simplified rule) {r['numpy']:.2f} s; "
                f"left to the engine: {r['engine_share']:.1%}",
                flush=True,
            )


if __name__ == "__main__":
    main()
