"""`casepath batch --dask`: the same chunks judged on a Dask cluster.

The roster is read and indexed once (as for a local run), its tables are staged as Parquet beside
the output (sorted by employee_id; `staff` one file per chunk of people), and Dask runs
`read_parquet` → `map_partitions` over the staff files: each partition reads the rows of its own
people from the staged tables and judges them with the function a local run uses. The results
come back in roster order and are written by the same writer, so the output is the same file.

A real cluster's workers must see the output's folder at the same path (a shared file system).
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from casepath.batch.judge import ChunkResult, judge_tables
from casepath.roster.people import RosterIndex
from casepath.roster.schema import ID


def stage_roster(index: RosterIndex, folder: Path, chunk: int) -> None:
    """The indexed tables as Parquet in `folder`: staff/part-N.parquet per chunk of people."""
    staff = index.tables["staff"]
    (folder / "staff").mkdir(parents=True)
    for number, start in enumerate(range(0, len(index), chunk)):
        stop = min(start + chunk, len(index))
        lo, hi = int(staff.offsets[start]), int(staff.offsets[stop])
        pq.write_table(
            staff.table.slice(lo, hi - lo), folder / "staff" / f"part-{number:06d}.parquet"
        )
    for name, grouped in index.tables.items():
        if name != "staff":
            pq.write_table(grouped.table, folder / f"{name}.parquet", row_group_size=16 * chunk)


def judge_partition(frame: Any, folder: str, on: date) -> Any:
    """One Dask partition (the employee ids of some staff files) → one pickled ChunkResult."""
    import pandas as pd

    ids = pa.array(frame[ID].astype(str).tolist(), pa.string())
    if len(ids) == 0:
        return pd.DataFrame({"chunk": pd.Series([], dtype=object)})
    lo, hi = pc.min(ids).as_py(), pc.max(ids).as_py()
    tables: dict[str, pa.Table] = {}
    for path in sorted(Path(folder).glob("*.parquet")):
        table = pq.read_table(path, filters=[(ID, ">=", lo), (ID, "<=", hi)])
        tables[path.stem] = table.filter(pc.is_in(table.column(ID), value_set=ids))
    staff = pq.read_table(Path(folder) / "staff", filters=[(ID, ">=", lo), (ID, "<=", hi)])
    tables["staff"] = staff.filter(pc.is_in(staff.column(ID), value_set=ids))
    result = judge_tables(tables, on)
    return pd.DataFrame({"chunk": pd.Series([pickle.dumps(result)], dtype=object)})


def dask_chunks(
    index: RosterIndex, on: date, scheduler: str, workers: int, chunk: int, out: Path
) -> Iterator[ChunkResult]:
    """Chunk results in roster order from a Dask cluster (`local`: one started here)."""
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster

    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".staging", dir=out.parent))
    cluster = None
    client = None
    try:
        stage_roster(index, folder, chunk)
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
        else:
            client = Client(scheduler)
        staff = dd.read_parquet(str(folder / "staff"), columns=[ID])
        meta = pd.DataFrame({"chunk": pd.Series([], dtype=object)})
        parts = staff.map_partitions(judge_partition, str(folder), on, meta=meta).to_delayed()
        pending: deque[Any] = deque()
        for part in parts:
            pending.append(client.compute(part))
            if len(pending) >= 2 * workers:  # bounded: results are written as they come
                yield from _results(pending.popleft().result())
        while pending:
            yield from _results(pending.popleft().result())
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


def _results(frame: Any) -> Iterator[ChunkResult]:
    for payload in frame["chunk"]:
        result = pickle.loads(payload)
        assert isinstance(result, ChunkResult)
        yield result
