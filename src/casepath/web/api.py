"""The REST API, under /api/v1: a thin adapter over the service.

Bodies are read by `casepath.web.bodies` (the profile-file rules); their schemas are declared
to OpenAPI explicitly (`openapi_extra`) and registered by `casepath.web.openapi`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from casepath.profile.model import MAX_ITEMS
from casepath.result import CredentialInfo, Report, RequirementsDoc
from casepath.web import tasks
from casepath.web.backend import Backend
from casepath.web.errors import ErrorResponse, ValidationErrorResponse
from casepath.web.examples import (
    CHECK_REQUEST,
    CREDENTIALS_EXAMPLE,
    EXPLAINED_REPORT_EXAMPLE,
    REPORT_EXAMPLE,
    S16_PROFILE,
)
from casepath.web.runner import Runner
from casepath.web.schemas import IsoDate, ValidationResult

PREFIX = "/api/v1"

router = APIRouter(prefix=PREFIX, tags=["api"])

_INVALID: dict[int | str, dict[str, Any]] = {
    422: {
        "model": ValidationErrorResponse,
        "description": "The body or a parameter is not valid: each problem with its path.",
    }
}
_TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "The body is larger than 1 MB."}
}
_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorResponse, "description": "The rules engine is not available."}
}
_OVER_BUDGET: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorResponse,
        "description": "The check took longer than its time budget (10 s) and was stopped, "
        "or the rules engine is not available.",
    }
}
_LIMITS = ", ".join(f"{name} {limit:,}" for name, limit in MAX_ITEMS.items())


def _json_body(schema: str, examples: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/{schema}"},
                    "examples": examples,
                }
            },
        }
    }


def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


def runner(request: Request) -> Runner:
    found: Runner = request.app.state.runner
    return found


@router.post(
    "/check",
    response_model=Report,
    summary="Check a profile against every credential",
    description="Judges the profile on the evaluation date for CCM, ACM, CMGT-BC, C-SWCM, "
    "C-ASWCM and CDMS, and every certification held for renewal. The answer is the result "
    "format of spec/profile-format.md, compact: `trace` and `ledger` are left out unless "
    "`explain` is asked for (query or body). Nothing sent is stored. Most records of each "
    f"kind in one profile: {_LIMITS} (422 beyond, naming the list).",
    responses={
        200: {
            "content": {
                "application/json": {
                    "examples": {
                        "compact": {"summary": "Without explain", "value": REPORT_EXAMPLE},
                        "explained": {
                            "summary": "With ?explain=true",
                            "value": EXPLAINED_REPORT_EXAMPLE,
                        },
                    }
                }
            }
        },
        **_INVALID,
        **_TOO_LARGE,
        **_OVER_BUDGET,
    },
    openapi_extra=_json_body(
        "CheckRequest",
        {
            "s16": {
                "summary": "RN case manager whose supervisor earned the CCM 9 months ago",
                "value": CHECK_REQUEST,
            },
            "empty": {"summary": "An empty profile, judged today", "value": {"profile": {}}},
        },
    ),
)
async def check(
    request: Request,
    explain: Annotated[
        bool,
        Query(
            description="Also return each result's `trace` (the evaluated requirement tree) "
            "and each renewal's CE `ledger`; the body field `explain` does the same. Without "
            "it the answer is compact."
        ),
    ] = False,
) -> Response:
    raw = await request.body()
    answer = await runner(request).run(request, tasks.check_body, backend(request), raw, explain)
    return Response(answer, media_type="application/json")


@router.get(
    "/credentials",
    response_model=list[CredentialInfo],
    summary="The credentials casepath knows",
    responses={
        200: {"content": {"application/json": {"example": CREDENTIALS_EXAMPLE}}},
        **_UNAVAILABLE,
    },
)
def credentials(request: Request) -> list[CredentialInfo]:
    return backend(request).credentials()


@router.get(
    "/credentials/{credential_id}/requirements",
    response_model=RequirementsDoc,
    summary="What is required for one credential",
    description="The requirement tree of the rule version in force on `on` (default today), "
    "in plain words, with rule IDs, citations and the open questions of the catalogue.",
    responses={
        404: {"model": ErrorResponse, "description": "No credential with this id."},
        **_INVALID,
        **_UNAVAILABLE,
    },
)
def requirements(
    request: Request,
    credential_id: Annotated[str, Path(description="A credential id, e.g. CCM", examples=["CCM"])],
    on: Annotated[
        IsoDate | None,
        Query(description="Date of the rule version (YYYY-MM-DD); default today."),
    ] = None,
) -> RequirementsDoc:
    service = backend(request)
    try:
        return service.requirements(credential_id, on)
    except KeyError:
        known = ", ".join(c.id for c in service.credentials())
        raise HTTPException(
            status_code=404,
            detail=f"Unknown credential {credential_id[:40]!r}; known: {known}",
        ) from None


@router.post(
    "/profiles/validate",
    response_model=ValidationResult,
    summary="Validate a profile",
    description="Checks a profile against the profile format without judging it, with the "
    "rules used for profile files. A valid profile comes back with every default filled in; "
    "problems come back as 422, each with the path of the field (e.g. "
    "`jobs[1].hours_per_week`) and what was expected.",
    responses={**_INVALID, **_TOO_LARGE, **_OVER_BUDGET},
    openapi_extra=_json_body(
        "Profile", {"s16": {"summary": "Worked example S16", "value": S16_PROFILE}}
    ),
)
async def validate_profile(request: Request) -> Response:
    raw = await request.body()
    answer = await runner(request).run(request, tasks.validate_body, raw)
    return Response(answer, media_type="application/json")
