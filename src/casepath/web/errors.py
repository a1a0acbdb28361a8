"""Turning validation errors into answers a person can act on.

Every error names the field (as a path such as `jobs[1].hours_per_week`), what was wrong, and the
value received. A key the format does not know gets the nearest known key as a suggestion.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

Loc = list[str | int]


class ErrorItem(BaseModel):
    """One problem in a request."""

    loc: Loc = Field(description="Location of the problem, from the root of the body.")
    path: str = Field(
        description="The same location written as a path, e.g. `profile.jobs[1].hours_per_week`; "
        "empty when the problem is the body as a whole."
    )
    msg: str = Field(description="What is wrong and what was expected.")
    type: str = Field(description="A stable code for the kind of problem.")


class ValidationErrorResponse(BaseModel):
    """422: the request is well formed HTTP but its content is not valid."""

    detail: list[ErrorItem]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "detail": [
                        {
                            "loc": ["profile", "jobs", 1, "hours_per_week"],
                            "path": "profile.jobs[1].hours_per_week",
                            "msg": "expected a number <= 168, got 400",
                            "type": "profile_invalid",
                        }
                    ]
                }
            ]
        }
    }


class BodyError(Exception):
    """A request body that cannot be used: every problem found, as `ErrorItem`s."""

    def __init__(self, items: list[ErrorItem]) -> None:
        super().__init__("; ".join(f"{i.path or 'body'}: {i.msg}" for i in items))
        self.items = items

    def __reduce__(self) -> tuple[type[BodyError], tuple[list[ErrorItem]]]:
        return (BodyError, (self.items,))  # it crosses from a worker process


class ErrorResponse(BaseModel):
    """Any other error (404, 413, 500, 503): one sentence."""

    detail: str


def format_path(loc: Sequence[str | int]) -> str:
    """`["jobs", 1, "hours_per_week"]` -> `jobs[1].hours_per_week`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_path(path: str) -> Loc:
    """The inverse of `format_path`: `jobs[1].hours_per_week` -> `["jobs", 1, "hours_per_week"]`."""
    loc: Loc = []
    for chunk in path.replace("[", ".[").split("."):
        if not chunk:
            continue
        if chunk.startswith("[") and chunk.endswith("]") and chunk[1:-1].isdigit():
            loc.append(int(chunk[1:-1]))
        else:
            loc.append(chunk)
    return loc


def _show(value: Any) -> str:
    if isinstance(value, Mapping | list | tuple):
        return ""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_errors(
    errors: Iterable[Mapping[str, Any]], drop_prefix: Sequence[str] = ("body",)
) -> list[ErrorItem]:
    """FastAPI's own error dicts (query and path parameters) -> `ErrorItem`s."""
    items: list[ErrorItem] = []
    for error in errors:
        raw_loc = list(error.get("loc", ()))
        if raw_loc and raw_loc[0] in drop_prefix:
            raw_loc = raw_loc[1:]
        kind = str(error.get("type", "value_error"))
        loc: Loc = [p if isinstance(p, int) else str(p) for p in raw_loc]
        msg = str(error.get("msg", "invalid value"))
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if kind not in ("missing",) and "input" in error:
            shown = _show(error.get("input"))
            if shown:
                msg += f" (got {shown})"
        items.append(ErrorItem(loc=loc, path=format_path(loc), msg=msg, type=kind))
    return items


_STRICT_MESSAGES = {
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "string_type": "expected text",
    "date_type": "expected a date YYYY-MM-DD",
    "date_parsing": "expected a date YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date YYYY-MM-DD",
    "list_type": "expected a list",
    "model_type": "expected an object (a mapping of fields)",
    "model_attributes_type": "expected an object (a mapping of fields)",
    "dict_type": "expected an object (a mapping of fields)",
    "enum": "expected one of the listed values",
}


def json_show(value: Any) -> str:
    """A received value as JSON, short."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def strict_items(errors: Iterable[Mapping[str, Any]], prefix: Loc) -> list[ErrorItem]:
    """Errors of strict JSON validation (types exactly as the OpenAPI document says)."""
    items: list[ErrorItem] = []
    for error in errors:
        loc: Loc = [*prefix, *(p if isinstance(p, int) else str(p) for p in error["loc"])]
        kind = str(error.get("type", "value_error"))
        base = _STRICT_MESSAGES.get(kind) or str(error.get("msg", "invalid value"))
        msg = f"{base}, got {json_show(error.get('input'))}"
        items.append(ErrorItem(loc=loc, path=format_path(loc), msg=msg, type=kind))
    return items


def unknown_key_message(key: str, known: Sequence[str]) -> str:
    """`unknown key 'profle'; did you mean 'profile'?`"""
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return f"unknown key {key!r}; did you mean {close[0]!r}?"
    return f"unknown key {key!r}; the known keys are {', '.join(known)}"
