"""The OpenAPI document: FastAPI's, plus the request-body schemas the API reads itself."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from casepath import __version__
from casepath.profile.model import Profile
from casepath.web.schemas import CheckRequest
from casepath.web.whatif_api import WhatIfRequest

REQUEST_MODELS: tuple[type[BaseModel], ...] = (CheckRequest, Profile, WhatIfRequest)

DESCRIPTION = """\
casepath tells nurses and social workers which case-management certifications (CCM, ACM,
CMGT-BC, C-SWCM, C-ASWCM, CDMS) they are eligible for, what is missing, and when they will
qualify. Every verdict cites the rules that decided it.

Nothing sent to this API is stored. Bodies are limited to 1 MB (413 beyond), and a profile to
10,000 CE records, 1,000 jobs and similar bounds for its other lists (422 naming the list).
Invalid input gets 422 with one entry per problem: `loc`, `path` (e.g.
`profile.jobs[1].hours_per_week`) and `msg`; JSON and validation follow the same rules as
profile files for the CLI (a key given twice is an error; dates from 1900-01-01 to 2199-12-31).
A check that runs longer than 10 seconds is stopped: 503 with a message. Answers of
`POST /check` are compact; `?explain=true` adds the trace and the CE ledger.
"""


def install_openapi(app: FastAPI) -> None:
    """Replace `app.openapi` with a generator that also registers `REQUEST_MODELS`."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
            separate_input_output_schemas=False,
        )
        _, defs = models_json_schema(
            [(model, "validation") for model in REQUEST_MODELS],
            ref_template="#/components/schemas/{model}",
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in defs.get("$defs", {}).items():
            schemas.setdefault(name, schema)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


APP_INFO: dict[str, Any] = {
    "title": "casepath",
    "version": __version__,
    "description": DESCRIPTION,
    "openapi_tags": [{"name": "api", "description": "Eligibility checks and requirements."}],
}
