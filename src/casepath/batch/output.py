"""Writing the batch output in chunks (Parquet or CSV by the file's extension), atomically:
everything goes to a temporary file beside the target, renamed over it only when complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMATS = (".csv", ".parquet")


def output_format(path: Path) -> str:
    """`.csv` or `.parquet`; ValueError naming the extension otherwise."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"expected an output file ending in .csv or .parquet, got {path.name}")
    return suffix


class ChunkWriter:
    """Appends tables of one schema to `path`; `commit()` renames it into place."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str | None = None) -> None:
        self.path = path
        self.schema = schema
        self.fmt = fmt or output_format(path)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        self.temp = Path(temp)
        self.rows = 0
        self._writer: pq.ParquetWriter | pacsv.CSVWriter
        if self.fmt == ".parquet":
            self._writer = pq.ParquetWriter(self.temp, schema)
        else:
            self._writer = pacsv.CSVWriter(self.temp, schema)

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self._writer.write_table(table.cast(self.schema))
            self.rows += table.num_rows

    def commit(self) -> None:
        self._writer.close()
        umask = os.umask(0)  # mkstemp makes the file private; give it the usual permissions
        os.umask(umask)
        os.chmod(self.temp, 0o666 & ~umask)
        os.replace(self.temp, self.path)

    def discard(self) -> None:
        self._writer.close()
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.discard()


def errors_path(out: Path) -> Path:
    """`<output>.errors.csv`, beside the output."""
    return out.with_name(out.name + ".errors.csv")
