"""Reading a roster's tables into Arrow tables: a folder of CSV or Parquet files, or an XLSX
workbook with one sheet per table.

Every table comes back with the roster's column names (headers matched case-insensitively after
trimming, or through a header mapping) and a `__row` column holding the row number a spreadsheet
shows (the header is row 1), so that every later problem can point at its row. Values stay
compact in Arrow (strings for CSV and XLSX, the file's own types for Parquet) rather than as
Python objects, so that large rosters fit in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from casepath.roster.problems import RosterError, RosterProblem
from casepath.roster.schema import ID, TABLES

ROW = "__row"
_BATCH_ROWS = 65_536
_SNIFF_BYTES = 64 * 1024
_SUFFIXES = (".csv", ".parquet")


@dataclass
class RosterTables:
    """The tables of one roster; `notes` tells what was left aside (unknown columns, files)."""

    tables: dict[str, pa.Table]
    notes: list[str] = field(default_factory=list)


def normalise_header(text: object) -> str:
    return str(text if text is not None else "").strip().casefold()


def read_roster(
    path: str | Path, *, header_mapping: Mapping[str, str] | None = None
) -> RosterTables:
    """Read every table of the roster at `path` (a folder or an .xlsx workbook).

    `header_mapping` maps an organisation's own header (e.g. "Worker ID") to a roster column
    (`employee_id`); headers are compared case-insensitively after trimming. Raises RosterError
    listing every problem that stops the roster being read at all.
    """
    with ExitStack() as stack:
        return _read(Path(path), header_mapping or {}, stack)


def _read(root: Path, header_mapping: Mapping[str, str], stack: ExitStack) -> RosterTables:
    mapping = {normalise_header(k): v for k, v in header_mapping.items()}
    if root.is_file() and root.suffix.lower() == ".xlsx":
        sources = dict(_xlsx_sheets(root, stack))
    elif root.is_dir():
        sources = dict(_folder_files(root))
    elif not root.exists():
        raise RosterError([_whole("roster", f"no such file or folder: {root}")])
    else:
        raise RosterError(
            [
                _whole(
                    "roster",
                    "expected a folder of CSV or Parquet files or an .xlsx workbook, "
                    f"got {root.name}",
                )
            ]
        )
    notes = [f"{name}: not a roster table, left aside" for name in sources if name not in TABLES]
    problems: list[RosterProblem] = []
    tables: dict[str, pa.Table] = {}
    for name, reader in sources.items():
        if name not in TABLES:
            continue
        try:
            tables[name] = _finish(name, reader(), mapping, notes)
        except RosterError as exc:
            problems.extend(exc.problems)
    if "staff" not in sources:
        problems.insert(
            0,
            _whole(
                "staff", "expected a staff table (staff.csv, staff.parquet or a sheet named staff)"
            ),
        )
    if problems:
        raise RosterError(problems)
    return RosterTables(tables, notes)


def _whole(table: str, expected: str, column: str = "", value: str = "") -> RosterProblem:
    return RosterProblem(table, None, column, value, expected)


# --------------------------------------------------------------------------------------------
# Sources: each yields (name, a function returning (headers, row batches))

_Read = tuple[list[str], Iterator[tuple[list[int], list[list[Any]]]]]


def _folder_files(root: Path) -> Iterator[tuple[str, Any]]:
    found: dict[str, Path] = {}
    for file in sorted(root.iterdir()):
        if not file.is_file() or file.suffix.lower() not in _SUFFIXES:
            continue
        name = normalise_header(file.stem)
        if name in found:
            raise RosterError(
                [
                    _whole(
                        name,
                        f"expected one file for the table, got {found[name].name} and {file.name}",
                    )
                ]
            )
        found[name] = file
    for name, file in found.items():
        if file.suffix.lower() == ".csv":
            yield name, (lambda f=file, n=name: _csv_read(f, n))
        else:
            yield name, (lambda f=file, n=name: _parquet_read(f, n))


def _csv_read(file: Path, table: str) -> _Read | pa.Table:
    raw = file.open("rb")
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        sample = text.read(_SNIFF_BYTES)
    except UnicodeDecodeError:
        raw.close()
        raise RosterError([_whole(table, "expected UTF-8 text", value=file.name)]) from None
    if not sample.strip():
        raw.close()
        raise RosterError([_whole(table, "empty file: expected a header row", value=file.name)])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:  # one column, or too little text to tell: a comma file
        dialect = csv.excel
    text.seek(0)
    reader = csv.reader(text, dialect)
    try:
        headers = next(reader)
    except StopIteration:
        raw.close()
        raise RosterError(
            [_whole(table, "empty file: expected a header row", value=file.name)]
        ) from None

    def batches() -> Iterator[tuple[list[int], list[list[Any]]]]:
        rows: list[int] = []
        values: list[list[Any]] = []
        try:
            for number, record in enumerate(reader, start=2):
                if not any(cell.strip() for cell in record):
                    continue
                rows.append(number)
                values.append(record)
                if len(rows) >= _BATCH_ROWS:
                    yield rows, values
                    rows, values = [], []
        except UnicodeDecodeError:
            raise RosterError([_whole(table, "expected UTF-8 text", value=file.name)]) from None
        except csv.Error as exc:
            raise RosterError(
                [_whole(table, f"not a readable CSV file ({exc})", value=file.name)]
            ) from None
        finally:
            raw.close()
        if rows:
            yield rows, values

    return headers, batches()


def _parquet_read(file: Path, table: str) -> pa.Table:
    try:
        data = pq.read_table(file)
    except Exception as exc:
        raise RosterError(
            [_whole(table, f"not a readable Parquet file ({exc})", value=file.name)]
        ) from None
    return data.append_column(ROW, pa.array(range(2, data.num_rows + 2), pa.int64()))


def _xlsx_sheets(file: Path, stack: ExitStack) -> Iterator[tuple[str, Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:
        raise RosterError(
            [_whole("roster", f"not a readable .xlsx workbook ({exc})", value=file.name)]
        ) from None
    stack.callback(book.close)  # read-only workbooks keep the file open until closed
    for sheet in book.worksheets:
        yield normalise_header(sheet.title), (lambda s=sheet: _sheet_read(s))


def _sheet_read(sheet: Any) -> _Read:
    rows_iter: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    headers: list[str] | None = None
    for number, cells in enumerate(rows_iter, start=1):
        if any(_cell_text(c) for c in cells):
            headers = [_cell_text(c) for c in cells]
            header_row = number
            break
    if headers is None:
        raise RosterError(
            [_whole(normalise_header(sheet.title), "empty sheet: expected a header row")]
        )

    def batches() -> Iterator[tuple[list[int], list[list[Any]]]]:
        rows: list[int] = []
        values: list[list[Any]] = []
        for number, cells in enumerate(rows_iter, start=header_row + 1):
            texts = [_cell_text(c) for c in cells]
            if not any(texts):
                continue
            rows.append(number)
            values.append(texts)
            if len(rows) >= _BATCH_ROWS:
                yield rows, values
                rows, values = [], []
        if rows:
            yield rows, values

    return headers, batches()


def _cell_text(value: object) -> str:
    """An Excel cell as the text a CSV file would hold: dates ISO, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------------------------
# Headers and the Arrow table


def _columns(
    table: str, headers: Iterable[object], mapping: Mapping[str, str], notes: list[str]
) -> list[str | None]:
    """The roster column of each header position (None: left aside)."""
    spec = TABLES[table]
    known = set(spec.known_columns())
    out: list[str | None] = []
    seen: dict[str, str] = {}
    problems = []
    for header in headers:
        key = normalise_header(header)
        column = mapping.get(key, key)
        if column in known:
            if column in seen:
                problems.append(
                    _whole(
                        table,
                        f'expected each column once, got "{header}" and "{seen[column]}"',
                        column,
                    )
                )
            seen[column] = str(header)
            out.append(column)
        else:
            if key:
                notes.append(
                    f'{table}: column "{str(header).strip()}" is not a roster column, left aside'
                )
            out.append(None)
    for column in spec.required:
        if column not in seen:
            problems.append(_whole(table, "required column missing", column))
    if problems:
        raise RosterError(problems)
    return out


def _finish(
    table: str, read: _Read | pa.Table, mapping: Mapping[str, str], notes: list[str]
) -> pa.Table:
    if isinstance(read, pa.Table):  # Parquet: rename the columns, keep their types
        headers = [n for n in read.column_names if n != ROW]
        columns = _columns(table, headers, mapping, notes)
        kept = {c: read.column(h) for h, c in zip(headers, columns, strict=True) if c is not None}
        kept[ROW] = read.column(ROW)
        if not pa.types.is_string(kept[ID].type) and not pa.types.is_large_string(kept[ID].type):
            kept[ID] = _ids_as_text(kept[ID])
        return pa.table(kept)
    headers, batches = read
    columns = _columns(table, headers, mapping, notes)
    names = [c for c in columns if c is not None]
    positions = [i for i, c in enumerate(columns) if c is not None]
    schema = pa.schema([*((n, pa.string()) for n in names), (ROW, pa.int64())])
    out = []
    for rows, values in batches:
        arrays = [pa.array([_text_or_none(r, i) for r in values], pa.string()) for i in positions]
        out.append(pa.record_batch([*arrays, pa.array(rows, pa.int64())], schema=schema))
    return pa.Table.from_batches(out, schema=schema)


def _text_or_none(record: list[Any], index: int) -> str | None:
    if index >= len(record):
        return None
    text = str(record[index]).strip()
    return text or None


def _ids_as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Numeric employee ids (a Parquet integer column) as text: ids are compared as text."""
    return pa.chunked_array(
        [pa.array([None if v is None else _cell_text(v) for v in column.to_pylist()], pa.string())]
    )
