"""Text from a profile, made harmless for the place it is written to.

A name, a job title or a CE topic is the user's text: written raw to a terminal, an escape
sequence in it would drive the terminal (recolour, retitle, hide lines); written raw to a
calendar file, a line break would start a new property. Control characters (C0 but tab and
line feed, DEL, C1) and the bidirectional overrides are shown as visible escapes instead.
Rich markup and iCalendar syntax are escaped where they are written, by those libraries.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

M = TypeVar("M", bound=BaseModel)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`)."""
    return _UNSAFE.sub(_visible, text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


def visible_model(model: M) -> M:
    """A copy of `model` whose every text is `visible` (for a report shown on a terminal)."""
    data = model.model_dump(mode="python")
    cleaned = _clean(data)
    if cleaned == data:
        return model
    return type(model).model_validate(cleaned)
