"""POST /api/v1/what-if: a profile judged as it is and after named changes (casepath.whatif).

A router of its own so the what-if body rules sit next to the route; the profile and the date
are read exactly as POST /check reads them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from casepath.profile.model import Profile
from casepath.web.api import _INVALID, _TOO_LARGE, _UNAVAILABLE, PREFIX, _json_body, backend
from casepath.web.bodies import profile_from, read_json
from casepath.web.errors import BodyError, ErrorItem, format_path, unknown_key_message
from casepath.web.examples import S16_PROFILE
from casepath.web.schemas import ON_DATE, IsoDate
from casepath.whatif import Change, WhatIfError, WhatIfReport

router = APIRouter(prefix=PREFIX, tags=["api"])

EXAMPLE: dict[str, Any] = {
    "profile": S16_PROFILE,
    "on": "2026-03-01",
    "changes": [
        {"change": "supervisor_ccm"},
        {"change": "add_ce", "hours": 10, "topic": "nursing_case_management"},
    ],
}

MAX_CHANGES = 10


class WhatIfRequest(BaseModel):
    """A profile, the evaluation date, and the changes to try."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [dict(EXAMPLE)]})

    profile: Profile = Field(description="The person's profile (spec/profile-format.md).")
    on: IsoDate | None = Field(default=None, description="Evaluation date; default today.")
    changes: list[Change] = Field(
        min_length=1,
        max_length=MAX_CHANGES,
        description="What to try: `full_time_from` (a job becomes full-time from `start`), "
        "`add_ce` (CE hours added), `supervisor_ccm` (the supervisor holds the CCM). "
        "Jobs are named by their index in `profile.jobs`.",
    )


KEYS = tuple(WhatIfRequest.model_fields)
CHANGES: TypeAdapter[list[Change]] = TypeAdapter(list[Change])


def _item(loc: list[str | int], msg: str, kind: str) -> ErrorItem:
    return ErrorItem(loc=loc, path=format_path(loc), msg=msg, type=kind)


def _changes(raw: Any, problems: list[ErrorItem]) -> list[Change]:
    if not isinstance(raw, list) or not raw:
        problems.append(_item(["changes"], "expected a list of at least one change", "missing"))
        return []
    if len(raw) > MAX_CHANGES:
        msg = f"expected at most {MAX_CHANGES} changes, got {len(raw)}"
        problems.append(_item(["changes"], msg, "too_long"))
        return []
    try:
        # JSON mode: dates must be text, numbers numbers, as the OpenAPI document says.
        return CHANGES.validate_json(json.dumps(raw), strict=True)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = ["changes", *[p for p in error["loc"] if not _is_tag(p)]]
            problems.append(_item(loc, error["msg"], "change_invalid"))
        return []


def _is_tag(part: Any) -> bool:
    # pydantic names the union member in the location (e.g. "add_ce"); the path skips it.
    return part in ("full_time_from", "add_ce", "supervisor_ccm")


def read_what_if(raw: bytes) -> tuple[Profile, date | None, list[Change]]:
    """The body of POST /what-if, or BodyError listing every problem."""
    data = read_json(raw)
    if not isinstance(data, dict):
        msg = 'expected an object such as {"profile": {...}, "changes": [...]}'
        raise BodyError([_item([], msg, "body_type")])
    problems = [
        _item([key], unknown_key_message(key, KEYS), "extra_forbidden")
        for key in data
        if key not in KEYS
    ]
    on: date | None = None
    if data.get("on") is not None:
        try:
            on = ON_DATE.validate_python(data["on"])
        except ValidationError:
            got = repr(data["on"])[:40]
            problems.append(_item(["on"], f"expected a date written YYYY-MM-DD, got {got}", "date"))
    profile: Profile | None = None
    if "profile" not in data:
        problems.append(_item(["profile"], "required field missing", "missing"))
    else:
        try:
            profile = profile_from(data["profile"], ["profile"])
        except BodyError as exc:
            problems.extend(exc.items)
    changes = _changes(data.get("changes"), problems)
    if problems or profile is None:
        raise BodyError(problems)
    return profile, on, changes


def _run(request: Request, profile: Profile, on: date | None, changes: list[Change]) -> Any:
    try:
        return backend(request).what_if(profile, changes, on)
    except WhatIfError as exc:
        loc: list[str | int] = ["changes"]
        if exc.index is not None:
            loc += [exc.index, exc.field]
        raise BodyError([_item(loc, exc.message, "change_not_applicable")]) from None


@router.post(
    "/what-if",
    response_model=WhatIfReport,
    summary="What if: judge the profile again after a change",
    description="Applies each change to a copy of the profile (the profile sent is not "
    "changed, and nothing is stored), judges both, and answers with each credential and "
    "renewal before and after (`changed` marks a status or a date that moved) and the "
    "whole report of the changed profile, without its trace.",
    responses={**_INVALID, **_TOO_LARGE, **_UNAVAILABLE},
    openapi_extra=_json_body(
        "WhatIfRequest",
        {"s16": {"summary": "If the supervisor held the CCM all along", "value": EXAMPLE}},
    ),
)
async def what_if(request: Request) -> Any:
    profile, on, changes = read_what_if(await request.body())
    return await run_in_threadpool(_run, request, profile, on, changes)
