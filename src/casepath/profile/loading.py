"""Reading a profile file, and writing one back.

Every problem with the input becomes a :class:`ProfileError` holding one :class:`ProfileIssue`
per problem. An issue names where the problem is (``jobs[1].hours_per_week``), the value found
and what was expected, e.g. ``jobs[1].hours_per_week: expected a number, got "forty"``. For YAML
files an issue also carries the line it refers to. No exception other than ``ProfileError``
escapes for bad content, whatever the content.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import os
import re
import stat
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from casepath.profile.model import Profile, Record

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = [
    "MAX_ISSUES",
    "MAX_PROFILE_BYTES",
    "ProfileError",
    "ProfileIssue",
    "dump_profile_json",
    "dump_profile_yaml",
    "load_profile",
    "load_profile_text",
    "parse_profile",
    "read_json_text",
]

MAX_PROFILE_BYTES = 2 * 1024 * 1024
"""Largest profile file accepted (2 MiB); a real profile is a few kilobytes."""

MAX_ISSUES = 200
"""Most issues described in one ``ProfileError`` (``total`` still counts all of them)."""

_MAX_EXPANDED_NODES = 1_000_000
"""Largest number of values a YAML file may hold once its aliases (``*name``) are expanded."""

_MAX_YAML_DEPTH = 50
"""Deepest nesting of lists and mappings read (a profile needs 3). libyaml's composer recurses
in C and crashes the process on very deep nesting, so the depth is checked before composing."""

_EXPECTED_PROFILE = "expected a YAML or JSON profile"
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


# --------------------------------------------------------------------------------------------
# Issues and the error


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


@dataclass(frozen=True)
class ProfileIssue:
    """One problem in a profile: where it is (``""`` for the whole file) and what is wrong.

    ``line`` is the 1-based line of the problem in a YAML file, when known; it is shown after the
    message.
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.line is not None:
            text = f"{text} (line {self.line})"
        return _one_line(text)


class ProfileError(ValueError):
    """A profile that cannot be read or is not valid; ``issues`` lists the problems found.

    ``str(error)`` is one line: the first issue, then ``(and N more problems)`` if there are more.
    ``source`` names the file (or ``"<input>"``) when the error came from a load function.
    ``total`` counts every problem; ``issues`` holds at most ``MAX_ISSUES`` of them, so that a
    file with a million bad entries cannot tie the process up describing them.
    """

    def __init__(
        self,
        issues: Sequence[ProfileIssue],
        *,
        source: str | None = None,
        total: int | None = None,
    ) -> None:
        self.issues: list[ProfileIssue] = list(issues) or [ProfileIssue("", "invalid profile")]
        self.source = source
        self.total = max(total or 0, len(self.issues))
        super().__init__(self._summary())

    def _summary(self) -> str:
        text = str(self.issues[0])
        more = self.total - 1
        if more:
            text += f" (and {more} more {'problem' if more == 1 else 'problems'})"
        return text

    def __str__(self) -> str:
        return self._summary()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_error, (self.issues, self.source, self.total))


def _rebuild_error(issues: list[ProfileIssue], source: str | None, total: int) -> ProfileError:
    return ProfileError(issues, source=source, total=total)


def _whole_file_error(message: str) -> ProfileError:
    return ProfileError([ProfileIssue("", message)])


# --------------------------------------------------------------------------------------------
# Showing values and paths


def _quote(text: str, limit: int = 60) -> str:
    if len(text) > limit:
        text = text[:limit] + "…"
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in quoted)


def _show(value: object) -> str:
    """The value as the user wrote it, on one short line; containers by kind only."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 128 else "a very large number"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, set | frozenset):
        return "a set"
    if isinstance(value, bytes | bytearray):
        return "binary data"
    return f"a value of type {type(value).__name__}"


def _format_path(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            path += f".{part}" if path else part
        else:
            path += f"[{_quote(part)}]"
    return path


def _number(bound: object) -> str:
    if isinstance(bound, float) and bound.is_integer():
        return str(int(bound))
    return str(bound)


# --------------------------------------------------------------------------------------------
# What the model expects at a path


def _numbers_as_dates(
    data: object, loc: tuple[int | str, ...]
) -> Iterator[tuple[tuple[int | str, ...], object]]:
    """Numbers where the model wants a date: pydantic would read `start: 0` as 1970-01-01."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from _numbers_as_dates(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _numbers_as_dates(value, (*loc, index))
    elif isinstance(data, int | float) and loc:
        allowed = _types_at(loc)
        if date in allowed and not any(t in allowed for t in (int, float, bool)):
            yield loc, data


def _unwrap(annotation: object) -> list[object]:
    """The concrete types an annotation allows, without ``None`` and ``Annotated`` metadata."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [t for arg in get_args(annotation) if arg is not type(None) for t in _unwrap(arg)]
    return [annotation]


def _is_model(candidate: object) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _types_at(loc: Sequence[int | str]) -> tuple[object, ...]:
    """The types the model allows at ``loc`` (empty when the path leaves the model)."""
    return _types_at_cached(tuple(0 if isinstance(part, int) else part for part in loc))


@functools.lru_cache(maxsize=512)
def _types_at_cached(loc: tuple[int | str, ...]) -> tuple[object, ...]:
    current: list[object] = [Profile]
    for part in loc:
        following: list[object] = []
        for candidate in current:
            if isinstance(part, str) and isinstance(candidate, type) and _is_model(candidate):
                field = candidate.model_fields.get(part)  # type: ignore[attr-defined]
                if field is not None:
                    following.extend(_unwrap(field.annotation))
            elif isinstance(part, int) and get_origin(candidate) in (list, tuple, set):
                following.extend(t for arg in get_args(candidate)[:1] for t in _unwrap(arg))
        current = following
    return tuple(current)


def _model_at(loc: Sequence[int | str]) -> type[BaseModel] | None:
    for candidate in _types_at(loc):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    names = list(model.model_fields)
    if "note" in names:  # inherited from Record: list it last, as the format does
        names.remove("note")
        names.append("note")
    return names


def _enum_values(loc: Sequence[int | str], ctx: Mapping[str, Any] | None) -> list[str]:
    for candidate in _types_at(loc):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [str(member.value) for member in candidate]
    expected = str((ctx or {}).get("expected", ""))
    return re.findall(r"'([^']*)'", expected)


def _closest(word: str, choices: Sequence[str]) -> str | None:
    matches = difflib.get_close_matches(word, choices, n=1)
    if not matches:
        by_lower = {choice.lower(): choice for choice in choices}
        lowered = difflib.get_close_matches(word.lower(), list(by_lower), n=1)
        matches = [by_lower[m] for m in lowered]
    return matches[0] if matches else None


# --------------------------------------------------------------------------------------------
# Pydantic errors -> issues

_NUMBER_ERRORS = {"float_parsing", "float_type", "finite_number", "decimal_parsing", "decimal_type"}
_INTEGER_ERRORS = {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}
_BOOL_ERRORS = {"bool_parsing", "bool_type"}
_TEXT_ERRORS = {"string_type", "string_unicode", "string_sub_type"}
_LIST_ERRORS = {"list_type", "tuple_type", "set_type", "frozen_set_type", "iterable_type"}
_MAPPING_ERRORS = {"model_type", "model_attributes_type", "dict_type", "mapping_type"}
_DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing"}
_DATE_ERRORS |= {"date_from_datetime_inexact", "datetime_from_date_parsing"}
_BOUNDS = {
    "greater_than_equal": ("ge", ">="),
    "greater_than": ("gt", ">"),
    "less_than_equal": ("le", "<="),
    "less_than": ("lt", "<"),
}


def _unknown_key_message(key: object, model: type[BaseModel] | None) -> str:
    known = _field_names(model) if model is not None else []
    shown = key if isinstance(key, str) else _show(key)
    if not isinstance(key, str):
        prefix = f"unknown key {shown}"
    else:
        prefix = "unknown key"
        suggestion = _closest(key, known)
        if suggestion is not None:
            return f'{prefix}; did you mean "{suggestion}"?'
    if known:
        return f"{prefix}; the known keys are {', '.join(known)}"
    return prefix


def _text_hint(value: object) -> str:
    if isinstance(value, bool):
        return (
            " (YAML reads an unquoted yes, no, on, off, true or false as a boolean;"
            " put the value in quotes)"
        )
    if isinstance(value, int | float | date):
        return " (put the value in quotes to make it text)"
    return ""


def _describe_error(error: ErrorDetails) -> tuple[tuple[int | str, ...], str]:
    """The path and the message for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx")
    got = f"got {_show(value)}"

    if kind == "missing":
        return loc, "required field missing"
    if kind == "extra_forbidden" and loc:
        return loc, _unknown_key_message(loc[-1], _model_at(loc[:-1]))
    if kind == "invalid_key" and loc:  # a key that is not text (`true:` or `2024:` in YAML)
        return loc[:-1], _unknown_key_message(value, _model_at(loc[:-1]))
    if kind in _LIST_ERRORS:
        return loc, f"expected a list, {got}"
    if kind == "too_long" and isinstance(value, list | tuple):
        limit = (ctx or {}).get("max_length")
        return loc, f"too many records: at most {limit:,} are accepted, got {len(value):,}"
    if kind in _MAPPING_ERRORS:
        model = _model_at(loc)
        required = (
            [name for name, field in model.model_fields.items() if field.is_required()]
            if model is not None
            else []
        )
        fields = f" (required: {', '.join(required)})" if required else ""
        return loc, f"expected a mapping of fields{fields}, {got}"
    if kind in ("enum", "literal_error"):
        allowed = _enum_values(loc, ctx)
        message = f"expected one of {', '.join(allowed)}, {got}"
        suggestion = _closest(value, allowed) if isinstance(value, str) else None
        if suggestion is not None:
            message += f'; did you mean "{suggestion}"?'
        return loc, message
    if kind in _NUMBER_ERRORS:
        return loc, f"expected a number, {got}"
    if kind in _INTEGER_ERRORS:
        return loc, f"expected a whole number, {got}"
    if kind in _BOOL_ERRORS:
        return loc, f"expected true or false, {got}"
    if kind in _TEXT_ERRORS:
        return loc, f"expected text, {got}{_text_hint(value)}"
    if kind in _DATE_ERRORS:
        if isinstance(value, datetime):
            return loc, f"expected a date YYYY-MM-DD without a time, {got}"
        return loc, f"expected a date YYYY-MM-DD, {got}"
    if kind in _BOUNDS:
        key, symbol = _BOUNDS[kind]
        bound = _number((ctx or {}).get(key))
        types_here = _types_at(loc)
        whole = int in types_here and float not in types_here
        noun = "a whole number" if whole else "a number"
        return loc, f"expected {noun} {symbol} {bound}, {got}"
    if kind in ("value_error", "assertion_error") and ctx and "error" in ctx:
        return loc, str(ctx["error"])
    message = str(error.get("msg", "invalid value"))
    message = re.sub(r"^Input should be\b", "expected", message)
    message = message[:1].lower() + message[1:]
    return loc, f"{message}, {got}"


_Locator = Callable[[Sequence[int | str]], int | None]


def _issues_from(exc: ValidationError, locate: _Locator | None) -> ProfileError:
    issues = []
    for error in exc.errors(include_url=False)[:MAX_ISSUES]:
        try:
            loc, message = _describe_error(error)
        except Exception:  # never let a formatting problem hide the user's error
            loc, message = tuple(error["loc"]), str(error.get("msg", "invalid value"))
        line = locate(error["loc"]) if locate is not None else None
        issues.append(ProfileIssue(_format_path(loc), message, line))
    if locate is not None:  # in the order of the file rather than of the model
        issues.sort(key=lambda issue: issue.line or 0)
    return ProfileError(issues, total=exc.error_count())


def _validate(data: object, locate: _Locator | None) -> Profile:
    if isinstance(data, Profile):
        return data
    if not isinstance(data, Mapping):
        raise _whole_file_error(
            f"expected a mapping of profile fields at the top level, got {_show(data)}"
        )
    fields = dict(data)
    for name, field in Profile.model_fields.items():
        # `jobs:` with nothing after it (null) means "no jobs", like leaving the key out.
        if name in fields and fields[name] is None and get_origin(field.annotation) is list:
            fields[name] = []
    numbers = list(_numbers_as_dates(fields, ()))
    if numbers:
        issues = [
            ProfileIssue(
                _format_path(loc),
                f"expected a date YYYY-MM-DD, got {_show(value)}",
                locate(loc) if locate is not None else None,
            )
            for loc, value in numbers
        ]
        raise ProfileError(issues)
    try:
        return Profile.model_validate(fields)
    except ValidationError as exc:
        raise _issues_from(exc, locate) from None
    except (RecursionError, MemoryError):
        raise _whole_file_error("the profile is nested too deeply to be read") from None
    except Exception as exc:
        raise _whole_file_error(f"could not read the profile: {_one_line(str(exc))}") from exc


def parse_profile(data: object) -> Profile:
    """Validate already-parsed data (a mapping, as from ``json.load`` or ``yaml.safe_load``).

    Raises :class:`ProfileError` naming every problem found.
    """
    return _validate(data, None)


# --------------------------------------------------------------------------------------------
# YAML


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """A date-shaped value that is not a real date (2024-13-01) stays text for the model."""
    if not isinstance(node, yaml.ScalarNode):  # pragma: no cover - the tag is for scalars
        return None
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """An integer too long for Python to convert stays text for the model."""
    if not isinstance(node, yaml.ScalarNode):  # pragma: no cover - the tag is for scalars
        return None
    try:
        return loader.construct_yaml_int(node)
    except ValueError:
        return loader.construct_scalar(node)


class _ProfileLoader(_BaseLoader):
    """Safe loader (libyaml when available) that keeps impossible dates as text."""


_ProfileLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_ProfileLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_MERGE_TAG = "tag:yaml.org,2002:merge"


def _walk_nodes(root: yaml.Node) -> Iterator[tuple[tuple[int | str, ...], yaml.Node, bool]]:
    """Each list or mapping node once, with a path to it and whether it is reached again by
    another path (through an alias). Scalars are skipped: they cannot hide a duplicate key, and
    an alias to a scalar costs as much text as the value it stands for."""
    collections = (yaml.MappingNode, yaml.SequenceNode)
    seen: set[int] = set()
    stack: list[tuple[tuple[int | str, ...], yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            yield path, node, True
            continue
        seen.add(id(node))
        yield path, node, False
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                if isinstance(value_node, collections):
                    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                    stack.append(((*path, key), value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index in reversed(range(len(node.value))):
                if isinstance(node.value[index], collections):
                    stack.append(((*path, index), node.value[index]))


def _duplicate_key_issue(root: yaml.Node) -> tuple[ProfileIssue | None, bool]:
    """The first key given twice in one mapping, and whether the file uses aliases."""
    aliased = False
    for path, node, again in _walk_nodes(root):
        if again:
            aliased = True
            continue
        if not isinstance(node, yaml.MappingNode):
            continue
        first_line: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            key = (key_node.tag, key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                message = (
                    f"duplicate key {_quote(key_node.value)} at line {line}"
                    f" (first given at line {first_line[key]})"
                )
                return ProfileIssue(_format_path(path), message), aliased
            first_line[key] = line
    return None, aliased


def _expanded_size_exceeds(data: object, limit: int) -> bool:
    """Whether the data holds more than ``limit`` values once shared (aliased) parts are
    counted each time they are used. Guards against "billion laughs" files."""
    count = 0
    stack: list[object] = [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | set):
            stack.extend(item)
    return False


def _locator(root: yaml.Node) -> _Locator:
    def locate(loc: Sequence[int | str]) -> int | None:
        node: yaml.Node = root
        line: int = root.start_mark.line
        for part in loc:
            following: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                        following, line = value_node, key_node.start_mark.line
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                following = node.value[part]
                line = following.start_mark.line
            if following is None:
                break
            node = following
        return line + 1

    return locate


def _mark_text(mark: object) -> str:
    line, column = getattr(mark, "line", None), getattr(mark, "column", None)
    if isinstance(line, int) and isinstance(column, int):
        return f" at line {line + 1}, column {column + 1}"
    return ""


def _yaml_error_message(exc: yaml.YAMLError, text: str) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: max(exc.position, 0)]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return (
            f"not valid YAML: character U+{character:04X} is not allowed ({exc.reason})"
            f" at line {line}, column {column}"
        )
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        message = f"not valid YAML: {exc.problem}{_mark_text(exc.problem_mark)}"
        index = getattr(exc.problem_mark, "index", None)
        if isinstance(index, int) and 0 <= index < len(text) and text[index] == "\t":
            message += " (YAML does not allow tabs for indentation; use spaces)"
        if (
            exc.context
            and exc.context_mark is not None
            and _mark_text(exc.context_mark) != _mark_text(exc.problem_mark)
        ):
            started = _mark_text(exc.context_mark).replace(" at ", " started at ", 1)
            message += f" ({exc.context}{started})"
        return message
    return f"not valid YAML: {_one_line(str(exc))}"


def _check_depth(text: str) -> None:
    """Raise if lists and mappings nest deeper than ``_MAX_YAML_DEPTH`` (parser events only)."""
    loader = _ProfileLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _MAX_YAML_DEPTH:
                    raise _whole_file_error(
                        f"not valid YAML: nested too deeply (more than {_MAX_YAML_DEPTH} levels)"
                        f"{_mark_text(event.start_mark)}"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _load_yaml(text: str) -> tuple[object, _Locator | None]:
    try:
        _check_depth(text)
        loader = _ProfileLoader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return None, None
            duplicate, aliased = _duplicate_key_issue(root)
            if duplicate is not None:
                raise ProfileError([duplicate])
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _whole_file_error(_yaml_error_message(exc, text)) from None
    except RecursionError:
        raise _whole_file_error("not valid YAML: nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:
        if isinstance(exc, ProfileError):
            raise
        raise _whole_file_error(f"not valid YAML: {_one_line(str(exc))}") from None
    if aliased and _expanded_size_exceeds(data, _MAX_EXPANDED_NODES):
        raise _whole_file_error(
            "the profile is too large once its YAML aliases (*name) are expanded;"
            " write the records out in full"
        )
    return data, _locator(root)


# --------------------------------------------------------------------------------------------
# JSON


class _DuplicateJsonKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateJsonKey(key)
        result[key] = value
    return result


def _json_int(digits: str) -> object:
    try:
        return int(digits)
    except ValueError:  # longer than Python converts: leave it to the model to reject
        return digits


def _no_constant(name: str) -> object:
    raise ValueError(f"not valid JSON: {name} is not a JSON number")


def read_json_text(text: str | bytes) -> object:
    """The value of a JSON text, read the same way for profile files and API bodies: a key
    given twice, `NaN` or `Infinity`, and text that is not JSON are one-line ProfileErrors; an
    integer too long for Python stays text (the model then says what it expected)."""
    try:
        return json.loads(
            text,
            object_pairs_hook=_json_object,
            parse_int=_json_int,
            parse_constant=_no_constant,
        )
    except _DuplicateJsonKey as exc:
        message = f"not valid JSON: duplicate key {_quote(exc.key)}"
    except json.JSONDecodeError as exc:
        reason = exc.msg[:1].lower() + exc.msg[1:]
        message = f"not valid JSON: {reason} at line {exc.lineno}, column {exc.colno}"
    except UnicodeDecodeError:
        message = "not valid JSON: the text is not UTF-8"
    except RecursionError:
        message = "not valid JSON: nested too deeply"
    except ValueError as exc:
        message = _one_line(str(exc))
    raise _whole_file_error(message)


def _load_json(text: str) -> tuple[object, _Locator | None]:
    try:
        return read_json_text(text), None
    except ProfileError as exc:
        json_error = exc
    # YAML flow style (`{name: Dana}`) starts like JSON: accept it, and let YAML name the line
    # of a duplicate key. Anything else gets the JSON parser's message.
    try:
        return _load_yaml(text)
    except ProfileError as exc:
        if exc.issues[0].message.startswith("duplicate key"):
            raise
        raise json_error from None


# --------------------------------------------------------------------------------------------
# Text and files


def _size_text(size: int) -> str:
    mib = f"{size / (1024 * 1024):.1f}"
    if float(mib) <= MAX_PROFILE_BYTES / (1024 * 1024):
        return f"{size:,} bytes"
    return f"{mib} MiB"


def _too_large(size: int | None) -> ProfileError:
    shown = _size_text(size) if size is not None else "more than 2 MiB"
    return _whole_file_error(f"file too large: {shown}; a profile must be at most 2 MiB")


def _not_text(content: bytes) -> ProfileError:
    control = re.search(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]", content)
    if control is None:
        # Readable text, but not UTF-8 (e.g. Windows-1252 from an old editor).
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = content[: exc.start]
            line = before.count(b"\n") + 1
            return _whole_file_error(
                f"not UTF-8 text: byte 0x{content[exc.start]:02X} at line {line} cannot be"
                " decoded; save the profile as UTF-8"
            )
    return _whole_file_error(f"not a text file (binary content); {_EXPECTED_PROFILE}")


def _decode(content: bytes) -> str:
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if content.startswith(bom):
            try:
                return content[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise _not_text(content) from None
    if b"\x00" in content:
        raise _not_text(content)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_text(content) from None


def _load_text(content: bytes | str) -> Profile:
    if isinstance(content, str):
        size = len(content.encode("utf-8", errors="surrogatepass"))
        if size > MAX_PROFILE_BYTES:
            raise _too_large(size)
        text = content.removeprefix("\ufeff")
        if "\x00" in text:
            raise _whole_file_error(f"not a text file (binary content); {_EXPECTED_PROFILE}")
    else:
        raw = bytes(content)
        if len(raw) > MAX_PROFILE_BYTES:
            raise _too_large(len(raw))
        text = _decode(raw)

    stripped = text.strip()
    if not stripped:
        raise _whole_file_error(f"the file is empty; {_EXPECTED_PROFILE}")
    data, locate = _load_json(text) if stripped[0] in "{[" else _load_yaml(text)
    if data is None:
        raise _whole_file_error(f"the file holds no profile data; {_EXPECTED_PROFILE}")
    return _validate(data, locate)


def load_profile_text(content: bytes | str, *, source: str = "<input>") -> Profile:
    """Read a profile from the content of a YAML or JSON file.

    Raises :class:`ProfileError` (with ``source`` set) for any problem with the content.
    """
    if not isinstance(content, bytes | bytearray | memoryview | str):
        raise TypeError(f"content must be bytes or str, not {type(content).__name__}")
    try:
        return _load_text(content)
    except ProfileError as exc:
        exc.source = source
        raise
    except (RecursionError, MemoryError):
        raise ProfileError(
            [ProfileIssue("", "the profile is nested too deeply to be read")], source=source
        ) from None
    except Exception as exc:  # pragma: no cover - a bug here must not become a traceback
        raise ProfileError(
            [ProfileIssue("", f"could not read the profile: {_one_line(str(exc))}")],
            source=source,
        ) from exc


def load_profile(path: str | os.PathLike[str]) -> Profile:
    """Read a profile file (YAML or JSON). Raises :class:`ProfileError` for any problem."""
    name = os.fspath(path)

    def cannot_read(reason: str) -> ProfileError:
        return ProfileError([ProfileIssue("", f"cannot read {name}: {reason}")], source=name)

    try:
        if os.path.isdir(name):
            raise cannot_read("it is a directory, not a profile file")
        with open(name, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_PROFILE_BYTES:
                error = _too_large(info.st_size)
                error.source = name
                raise error
            content = handle.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise cannot_read("no such file") from None
    except IsADirectoryError:
        raise cannot_read("it is a directory, not a profile file") from None
    except PermissionError:
        raise cannot_read("permission denied") from None
    except ValueError as exc:  # e.g. a NUL byte in the path
        if isinstance(exc, ProfileError):
            raise
        raise cannot_read(f"invalid path ({_one_line(str(exc))})") from None
    except OSError as exc:
        raise cannot_read(_one_line(exc.strerror or str(exc)).lower()) from None
    if len(content) > MAX_PROFILE_BYTES:  # a pipe or device, whose size is not known upfront
        raise ProfileError(_too_large(None).issues, source=name)
    return load_profile_text(content, source=name)


# --------------------------------------------------------------------------------------------
# Writing


def _plain(value: object, *, dates_as_text: bool) -> object:
    if isinstance(value, Record):
        return _record_data(value, dates_as_text=dates_as_text)
    if isinstance(value, list | tuple):
        return [_plain(item, dates_as_text=dates_as_text) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat() if dates_as_text else value
    return value


def _record_data(record: BaseModel, *, dates_as_text: bool) -> dict[str, object]:
    """The record's fields in model order (``note`` last), leaving out None and defaults that
    were not stated: a stated ``paid: true`` is kept, since a field left out is not known
    (CONV-11) and must read back as left out, a stated one as stated."""
    fields = type(record).model_fields
    data: dict[str, object] = {}
    for name in _field_names(type(record)):
        field = fields[name]
        value = getattr(record, name)
        if value is None:
            continue
        stated = name in record.model_fields_set
        default = field.get_default(call_default_factory=True)
        if not field.is_required() and value == default and not (stated and default is not None):
            continue
        data[name] = _plain(value, dates_as_text=dates_as_text)
    return data


_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")


class _ProfileDumper(yaml.SafeDumper):
    """Safe dumper that double-quotes (and so escapes) text holding a YAML line break.

    PyYAML writes U+0085, U+2028 and U+2029 unescaped in plain and single-quoted text, where a
    reader folds them into spaces: the text would not read back the same.
    """


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _YAML_BREAKS.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ProfileDumper.add_representer(str, _represent_text)


def dump_profile_yaml(profile: Profile) -> str:
    """The profile as YAML, without empty or default values; ``load_profile_text`` reads it
    back to an equal profile."""
    data = _record_data(profile, dates_as_text=False)
    return yaml.dump(
        data, Dumper=_ProfileDumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )


def dump_profile_json(profile: Profile) -> str:
    """The profile as JSON, without empty or default values; ``load_profile_text`` reads it
    back to an equal profile."""
    data = _record_data(profile, dates_as_text=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
