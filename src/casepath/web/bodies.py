"""Reading API request bodies with the same rules as profile files.

A profile sent to the API is read by `casepath.profile.loading.parse_profile`, exactly like a
profile file, so a field that the CLI accepts is accepted here and a mistake gets the same
message (`jobs[1].hours_per_week: expected a number <= 168, got 400`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import ValidationError

from casepath.profile.loading import ProfileError, parse_profile, read_json_text
from casepath.profile.model import Profile
from casepath.service import validate_answers
from casepath.web.errors import (
    BodyError,
    ErrorItem,
    Loc,
    format_path,
    json_show,
    parse_path,
    strict_items,
    unknown_key_message,
)
from casepath.web.schemas import ON_DATE, CheckRequest

CHECK_KEYS = tuple(CheckRequest.model_fields)


def _error(loc: Loc, msg: str, kind: str) -> ErrorItem:
    return ErrorItem(loc=loc, path=format_path(loc), msg=msg, type=kind)


def read_json(raw: bytes) -> Any:
    """The JSON value of a body, read as the CLI reads a JSON profile (a key given twice is an
    error, a very long integer is not a crash); BodyError naming where the JSON breaks."""
    if not raw.strip():
        raise BodyError([_error([], "a JSON body is required", "missing")])
    try:
        return read_json_text(raw)
    except ProfileError as exc:
        raise BodyError([_error([], exc.issues[0].message, "json_invalid")]) from None


def profile_from(data: Any, prefix: Loc) -> Profile:
    """Validate profile data; problems come back with paths under `prefix`."""
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        msg = f"expected a mapping of profile fields, got {kind}"
        raise BodyError([_error(prefix, msg, "profile_invalid")])
    try:
        profile = parse_profile(data)
        validate_answers(profile)
    except ProfileError as exc:
        raise BodyError(
            [
                _error([*prefix, *parse_path(issue.path)], issue.message, "profile_invalid")
                for issue in exc.issues
            ]
        ) from None
    try:
        # The API keeps to its OpenAPI document: types exactly as declared (a profile file may
        # write `yes` for true or "40" for 40; a JSON body may not).
        Profile.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        raise BodyError(strict_items(exc.errors(include_url=False), prefix)) from None
    return profile


def read_profile(raw: bytes) -> Profile:
    """The body of POST /profiles/validate: a profile."""
    return profile_from(read_json(raw), [])


def read_check(raw: bytes) -> tuple[Profile, date | None, bool]:
    """The body of POST /check: `{"profile": {...}, "on": "YYYY-MM-DD", "explain": false}`."""
    data = read_json(raw)
    if not isinstance(data, dict):
        msg = 'expected an object such as {"profile": {...}, "on": "2026-03-01"}'
        raise BodyError([_error([], msg, "body_type")])
    problems: list[ErrorItem] = [
        _error([key], unknown_key_message(key, CHECK_KEYS), "extra_forbidden")
        for key in data
        if key not in CHECK_KEYS
    ]
    on: date | None = None
    if data.get("on") is not None:
        try:
            on = ON_DATE.validate_python(data["on"])
        except ValidationError as exc:
            detail = exc.errors(include_url=False)[0]
            msg = str(detail.get("ctx", {}).get("error") or detail["msg"])
            got = repr(data["on"])
            got = got if len(got) <= 40 else got[:37] + "..."
            problems.append(_error(["on"], f"{msg}, got {got}", "date_invalid"))
    explain = data.get("explain", False)
    if not isinstance(explain, bool):
        got = json_show(explain)
        problems.append(_error(["explain"], f"expected true or false, got {got}", "bool_type"))
    profile: Profile | None = None
    if "profile" not in data:
        problems.append(_error(["profile"], "required field missing", "missing"))
    else:
        try:
            profile = profile_from(data["profile"], ["profile"])
        except BodyError as exc:
            problems.extend(exc.items)
    if problems or profile is None:
        raise BodyError(problems)
    return profile, on, explain is True
