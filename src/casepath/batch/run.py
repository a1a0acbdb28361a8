"""Running a batch: read the roster, judge it chunk by chunk (local processes or Dask), write the
rows in roster order as they come, and count what the summary reports."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from casepath.batch.judge import ChunkResult, judge_packed, judge_tables, pack
from casepath.batch.output import ChunkWriter, errors_path, output_format
from casepath.batch.rows import ERRORS_SCHEMA, OUTPUT_SCHEMA, error_rows
from casepath.roster.people import RosterIndex, index_roster, slice_people
from casepath.roster.problems import RosterProblem
from casepath.roster.tables import read_roster

CHUNK = 200  # people per task: large enough to amortise the hand-over, small for the bar


@dataclass
class Summary:
    people: int = 0
    rows: int = 0
    failed_people: int = 0
    error_rows: int = 0
    stages: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    errors_file: Path | None = None


class StrictStop(Exception):
    """--strict: the first bad row stops the run; nothing is written."""

    def __init__(self, problem: RosterProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))


Progress = Callable[[int, int], None]  # (people done, people in all)


def run_batch(
    roster: Path,
    on: date,
    out: Path,
    *,
    workers: int | None = None,
    strict: bool = False,
    dask: str | None = None,
    chunk: int = CHUNK,
    progress: Progress | None = None,
    header_mapping: Mapping[str, str] | None = None,
) -> Summary:
    """Judge every person of `roster` on `on` and write the rows to `out`.

    Raises RosterError when the roster cannot be read at all, StrictStop under `strict`.
    """
    started = time.perf_counter()
    output_format(out)
    tables = read_roster(roster, header_mapping=header_mapping)
    index = index_roster(tables)
    summary = Summary(notes=list(tables.notes))
    if strict and index.orphans:
        raise StrictStop(index.orphans[0])
    workers = workers or os.cpu_count() or 1
    bad = errors_path(out)
    with (
        ChunkWriter(out, OUTPUT_SCHEMA) as writer,
        ChunkWriter(bad, ERRORS_SCHEMA, ".csv") as errors,
    ):
        errors.write(pa.Table.from_pylist(error_rows(index.orphans), schema=ERRORS_SCHEMA))
        if dask is not None:
            from casepath.batch.dask_run import dask_chunks

            results = dask_chunks(index, on, dask, workers, chunk, out)
        else:
            results = local_chunks(index, on, workers, chunk)
        if progress:
            progress(0, len(index))
        for result in results:
            if strict and result.errors.num_rows:
                first = result.errors.slice(0, 1).to_pylist()[0]
                raise StrictStop(
                    RosterProblem(
                        first["table"],
                        first["row"],
                        first["column"],
                        first["value"],
                        first["message"],
                        first["employee_id"],
                    )
                )
            writer.write(result.rows)
            errors.write(result.errors)
            summary.people += result.people
            summary.failed_people += result.failed
            summary.stages.update(result.stages)
            if progress:
                progress(summary.people, len(index))
        writer.commit()
        summary.rows = writer.rows
        summary.error_rows = errors.rows
        if errors.rows:
            errors.commit()
            summary.errors_file = bad
        else:  # no errors: no errors file, and none left from an earlier run
            errors.discard()
            bad.unlink(missing_ok=True)
    summary.seconds = time.perf_counter() - started
    return summary


def chunk_ranges(people: int, chunk: int) -> list[tuple[int, int]]:
    return [(start, min(start + chunk, people)) for start in range(0, people, chunk)]


def local_chunks(index: RosterIndex, on: date, workers: int, chunk: int) -> Iterator[ChunkResult]:
    """Chunk results in roster order; at most two chunks per worker in flight (bounded memory)."""
    ranges = chunk_ranges(len(index), chunk)
    if workers <= 1 or len(ranges) <= 1:
        for start, stop in ranges:
            yield judge_tables(slice_people(index, start, stop), on)
        return
    # fork: workers start with casepath and the rulebooks already imported (Arrow's thread pool
    # is fork-safe); chunks travel as Arrow slices, results as Arrow tables.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pending: deque[Future[ChunkResult]] = deque()
    try:
        for start, stop in ranges:
            pending.append(pool.submit(judge_packed, pack(slice_people(index, start, stop)), on))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
