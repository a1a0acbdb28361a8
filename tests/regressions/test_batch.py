"""Regression tests of `casepath batch` (area: batch)."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pyarrow as pa

from casepath.batch.judge import pack
from casepath.batch.run import run_batch
from casepath.roster.people import index_roster, slice_people
from casepath.roster.synthetic import synthetic_roster, write_roster
from casepath.roster.tables import read_roster

ON = date(2026, 3, 1)


def test_a_chunk_sent_to_a_worker_carries_only_its_rows(tmp_path: Path) -> None:
    # A pickled Arrow slice carried the buffers of the whole roster to every worker.
    write_roster(synthetic_roster(2000, ON, seed=3), tmp_path)
    index = index_roster(read_roster(tmp_path))
    whole = sum(len(b) for b in pack(slice_people(index, 0, 2000)).values())
    part = sum(len(b) for b in pack(slice_people(index, 0, 100)).values())
    assert part < whole / 10
    tables = {
        n: pa.ipc.open_stream(b).read_all() for n, b in pack(slice_people(index, 0, 100)).items()
    }
    assert tables["staff"].num_rows == 100


def test_output_file_has_the_usual_permissions(tmp_path: Path) -> None:
    # The temporary file's private mode (0600) was kept by the renamed output.
    write_roster(synthetic_roster(5, ON, seed=3), tmp_path / "roster")
    umask = os.umask(0o022)
    try:
        run_batch(tmp_path / "roster", ON, tmp_path / "out.csv", workers=1)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644
