"""Per-row numpy columns of a roster's long tables, with each row's person index.

Dates are day ordinals (`date.toordinal()`), missing dates -1 (or a sentinel given); text columns
are numpy arrays of Python strings ("" when missing); numbers float with NaN when missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from casepath.roster.schema import ID

EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()
NO_DATE = -1

Array = np.ndarray[Any, Any]


@dataclass
class Table:
    person: Array  # the person index of each row
    columns: dict[str, pa.ChunkedArray]
    _cache: dict[tuple[str, ...], Array] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.person)

    def has(self, name: str) -> bool:
        return name in self.columns

    def text(self, name: str, default: str = "") -> Array:
        key = (name, "text")
        if key not in self._cache:
            if name in self.columns:
                col = pc.fill_null(self.columns[name].cast(pa.string()), default)
                self._cache[key] = np.asarray(
                    pc.utf8_trim_whitespace(col).to_numpy(zero_copy_only=False)
                )
            else:
                self._cache[key] = np.full(len(self), default, dtype=object)
        return self._cache[key]

    def is_in(self, name: str, values: Iterable[str], default: str = "") -> Array:
        """Whether each row's text is one of `values`, decided once per distinct value."""
        key = (name, "codes", default)
        if key not in self._cache:
            if name in self.columns:  # Arrow's hash encoding: no Python string per row
                col = pc.fill_null(self.columns[name].cast(pa.string()), default)
                col = pc.utf8_trim_whitespace(col)
                col = pc.if_else(pc.equal(col, ""), default, col)  # blank: the model's default
                encoded = pc.dictionary_encode(col).combine_chunks()
                codes = encoded.indices.to_numpy(zero_copy_only=False)
                uniques = np.asarray(encoded.dictionary.to_pylist(), dtype=str)
            else:
                codes = np.zeros(len(self), np.int64)
                uniques = np.asarray([default], dtype=str)
            self._cache[key] = codes
            self._cache[(name, "uniques", default)] = uniques
        wanted = np.isin(self._cache[(name, "uniques", default)], list(values))
        result: Array = wanted[self._cache[key]]
        return result

    def lower_is_in(self, name: str, values: Iterable[str]) -> Array:
        self.is_in(name, ())
        uniques = self._cache[(name, "uniques", "")]
        wanted = np.isin(np.char.lower(uniques.astype(str)), list(values))
        result: Array = wanted[self._cache[(name, "codes", "")]]
        return result

    def matches(self, name: str, values: Iterable[str], prefixes: Iterable[str]) -> Array:
        """Text one of `values` or starting with one of `prefixes`."""
        self.is_in(name, ())
        uniques = self._cache[(name, "uniques", "")].astype(str)
        wanted = np.isin(uniques, list(values))
        for prefix in prefixes:
            wanted |= np.char.startswith(uniques, prefix)
        result: Array = wanted[self._cache[(name, "codes", "")]]
        return result

    def is_null(self, name: str) -> Array:
        key = (name, "null")
        if key not in self._cache:
            if name in self.columns:
                col = self.columns[name]
                blank = pc.is_null(col)
                if pa.types.is_string(col.type):
                    blank = pc.or_(blank, pc.equal(pc.utf8_trim_whitespace(col), ""))
                self._cache[key] = np.asarray(
                    pc.fill_null(blank, True).to_numpy(zero_copy_only=False), bool
                )
            else:
                self._cache[key] = np.ones(len(self), bool)
        return self._cache[key]

    def day(self, name: str) -> Array:
        key = (name, "day")
        if key not in self._cache:
            if name not in self.columns:
                out = np.full(len(self), NO_DATE, np.int64)
            else:
                col = self.columns[name]
                if not pa.types.is_date32(col.type):
                    col = pc.cast(pc.utf8_trim_whitespace(col.cast(pa.string())), pa.date32())
                days = pc.fill_null(col.cast(pa.int32()), NO_DATE - EPOCH_ORDINAL)
                out = np.asarray(days.to_numpy(zero_copy_only=False), np.int64) + EPOCH_ORDINAL
            self._cache[key] = out
        return self._cache[key]

    def number(self, name: str) -> Array:
        key = (name, "number")
        if key not in self._cache:
            if name not in self.columns:
                out = np.full(len(self), np.nan)
            else:
                col = self.columns[name]
                if pa.types.is_string(col.type):
                    col = pc.cast(pc.if_else(pc.equal(col, ""), None, col), pa.float64())
                out = np.asarray(
                    pc.fill_null(col.cast(pa.float64()), np.nan).to_numpy(zero_copy_only=False),
                    float,
                )
            self._cache[key] = out
        return self._cache[key]

    def flag(self, name: str, default: bool) -> Array:
        """A true/false column; missing cells take the model's default."""
        key = (name, f"flag{default}")
        if key not in self._cache:
            if name not in self.columns:
                out = np.full(len(self), default)
            else:
                col = self.columns[name]
                if not pa.types.is_boolean(col.type):
                    text = pc.utf8_lower(pc.utf8_trim_whitespace(col.cast(pa.string())))
                    truthy = pc.is_in(
                        text, value_set=pa.array(["true", "yes", "1", "y", "on", "t"])
                    )
                    col = pc.if_else(pc.or_(pc.is_null(text), pc.equal(text, "")), None, truthy)
                out = np.asarray(pc.fill_null(col, default).to_numpy(zero_copy_only=False), bool)
            self._cache[key] = out
        return self._cache[key]


@dataclass
class PeopleFrame:
    """The people (in `ids` order) and their tables, as numpy columns."""

    ids: Array
    tables: dict[str, Table]
    staff: Table
    memo: dict[Any, Any] = field(default_factory=dict)  # twins' results, per readings used

    def __len__(self) -> int:
        return len(self.ids)

    def any_per_person(self, table: str, mask: Array) -> Array:
        person = self.tables[table].person
        return np.bincount(person[mask], minlength=len(self)) > 0

    def sum_per_person(self, table: str, values: Array) -> Array:
        return np.bincount(self.tables[table].person, weights=values, minlength=len(self))

    def max_per_person(self, table: str, values: Array, empty: float = 0.0) -> Array:
        out = np.full(len(self), empty, dtype=float)
        np.maximum.at(out, self.tables[table].person, values)
        return out

    def min_per_person(self, table: str, values: Array, empty: float) -> Array:
        out = np.full(len(self), empty, dtype=float)
        np.minimum.at(out, self.tables[table].person, values)
        return out


TABLE_NAMES = ("licenses", "certifications", "degrees", "jobs", "ce", "exams")


def people_frame(tables: dict[str, pa.Table]) -> PeopleFrame:
    """Columns of clean roster tables (every employee_id in staff, each staff id once)."""
    staff = tables["staff"]
    ids = np.asarray(staff.column(ID).to_numpy(zero_copy_only=False))
    known = pa.array(ids, pa.string())
    out: dict[str, Table] = {}
    for name in TABLE_NAMES:
        table = tables.get(name)
        if table is None:
            out[name] = Table(np.zeros(0, np.int64), {})
            continue
        person = np.asarray(
            pc.index_in(table.column(ID), value_set=known).to_numpy(zero_copy_only=False)
        )
        out[name] = Table(person.astype(np.int64), {c: table.column(c) for c in table.column_names})
    staff_table = Table(np.arange(len(ids)), {c: staff.column(c) for c in staff.column_names})
    return PeopleFrame(ids, out, staff_table)
