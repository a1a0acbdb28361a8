"""The guided form's state: submitted fields <-> profile data.

A form field is named `p-<field>` for a top-level field of the profile, `<section>-<row>-<field>`
for a field of a record (`jobs-r1-start`), and `on` for the evaluation date. Row keys are short
tokens, not positions, so rows can be added and removed in place in any order; the order of
the rows is the order of the fields in the submission (document order).

Values stay text until they become profile data: an invalid value typed by the person is kept
and shown back with its message, never dropped.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casepath.profile.model import Profile
from casepath.web.formspec import SCALARS, SECTIONS, FieldSpec
from casepath.web.kinds import KIND_IN_PROFILE, proposed_setting

_KEY = re.compile(r"^[a-z0-9]{1,16}$")


@dataclass
class Row:
    key: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class FormState:
    scalars: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    on: str = ""

    def rows_of(self, section: str) -> list[Row]:
        return self.rows.get(section, [])


@dataclass(frozen=True)
class RowMap:
    """Profile list index -> form row key, per section (blank rows are skipped)."""

    keys: dict[str, list[str]]

    def key_for(self, section: str, index: int) -> str | None:
        keys = self.keys.get(section, [])
        return keys[index] if 0 <= index < len(keys) else None


def new_row_key() -> str:
    return "n" + secrets.token_hex(3)


def field_name(section: str, key: str, name: str) -> str:
    return f"{section}-{key}-{name}"


def scalar_name(name: str) -> str:
    return f"p-{name}"


def from_pairs(pairs: Iterable[tuple[str, str]]) -> FormState:
    """Submitted form fields -> state. Unknown names are ignored."""
    state = FormState()
    index: dict[tuple[str, str], Row] = {}
    for name, raw in pairs:
        value = raw if isinstance(raw, str) else ""
        if name == "on":
            state.on = value.strip()
            continue
        if name.startswith("p-"):
            if name[2:] in SCALARS:
                state.scalars[name[2:]] = value
            continue
        parts = name.split("-", 2)
        if len(parts) != 3:
            continue
        section, key, fname = parts
        spec = SECTIONS.get(section)
        if spec is None or spec.field(fname) is None or not _KEY.match(key):
            continue
        row = index.get((section, key))
        if row is None:
            row = Row(key)
            index[(section, key)] = row
            state.rows.setdefault(section, []).append(row)
        row.values[fname] = value
    return state


def _is_blank(spec: FieldSpec, value: str) -> bool:
    return value.strip() == spec.default or (spec.kind == "check" and value == "")


def row_is_blank(section: str, row: Row) -> bool:
    spec = SECTIONS[section]
    return all(_is_blank(f, row.values.get(f.name, f.default)) for f in spec.fields)


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text  # kept as typed: validation names the field and the value
    return number if number == number and abs(number) != float("inf") else text


def convert(spec: FieldSpec, raw: str | None) -> tuple[bool, Any]:
    """(present, value) for one field; absent fields take the model's default."""
    text = (raw or "").strip()
    # A box or a yes/no answer states a value either way: written out, so that the engine
    # never reads it as left out (CONV-11: `paid`, `supervised_by_ccm`).
    if spec.kind == "check":
        return True, text in ("true", "on", "yes")
    if spec.kind == "yesno":
        return True, text != "no"
    if text == "":
        return False, None
    if spec.kind == "tri":
        return {"yes": (True, True), "no": (True, False)}.get(text, (True, text))
    if spec.kind == "number":
        return True, _number(text)
    return True, text


def to_profile_data(state: FormState) -> tuple[dict[str, Any], RowMap]:
    """State -> profile data (a mapping for `parse_profile`) and the row map for errors."""
    data: dict[str, Any] = {}
    for name, raw in state.scalars.items():
        present, value = convert(SCALARS[name], raw)
        if present:
            data[name] = value
    keys: dict[str, list[str]] = {}
    for section, spec in SECTIONS.items():
        records = []
        for row in state.rows_of(section):
            if row_is_blank(section, row):
                continue
            record: dict[str, Any] = {}
            for fspec in spec.fields:
                present, value = convert(fspec, row.values.get(fspec.name))
                if present:
                    record[fspec.name] = value
            if section == "jobs":
                _apply_kind(record)
            records.append(record)
            keys.setdefault(section, []).append(row.key)
        if records:
            data[section] = records
    return data, RowMap(keys)


def _apply_kind(job: dict[str, Any]) -> None:
    """The kind of case manager proposes the setting left empty (GUIDE-7); the kind itself is
    kept in the profile only where the profile model has the field (`KIND_IN_PROFILE`)."""
    kind = job.get("kind")
    if isinstance(kind, str) and "setting" not in job:
        setting = proposed_setting(kind)
        if setting is not None:
            job["setting"] = setting.value
    if not KIND_IN_PROFILE:
        job.pop("kind", None)


def _text(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return "" if spec.kind != "yesno" else spec.default
    if spec.kind == "check":
        return "true" if value else ""
    if spec.kind in ("tri", "yesno"):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def from_profile(profile: Profile, on: str = "") -> FormState:
    """A validated profile -> state, with row keys r0, r1, ..."""
    dumped: Mapping[str, Any] = profile.model_dump(mode="json")
    state = FormState(on=on)
    for name, spec in SCALARS.items():
        state.scalars[name] = _text(spec, dumped.get(name))
    for section, sspec in SECTIONS.items():
        rows = []
        for i, record in enumerate(dumped.get(section) or []):
            values = {f.name: _text(f, record.get(f.name)) for f in sspec.fields}
            rows.append(Row(f"r{i}", values))
        state.rows[section] = rows
    return state


def blank_row(section: str) -> Row:
    spec = SECTIONS[section]
    return Row(new_row_key(), {f.name: f.default for f in spec.fields})
