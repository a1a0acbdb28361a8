"""Property-based API tests generated from the app's own OpenAPI document.

Every default check of schemathesis runs (no server error, status codes, content types and
response bodies as documented, schema-violating requests rejected) except
`positive_data_acceptance`: some rules of the profile format relate two fields (a job's end is
not before its start, a licence does not expire before it is issued) and JSON Schema cannot say
so, so a request that fits the schema may still, rightly, get 422.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error, positive_data_acceptance

from casepath.web.app import create_app

from .fakes import FakeBackend

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(FakeBackend()))


@schema.parametrize()
def test_api_conforms_and_never_fails(case: schemathesis.Case) -> None:
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@schema.parametrize()
def test_no_server_error_even_for_schema_valid_profiles(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])


real_schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app())


@pytest.mark.skip(
    reason="a generated profile leaving job fields out on many jobs makes the engine enumerate "
    "its CONV-11 questions for minutes (issue 7, open: per-job choices in the job filter)"
)
@real_schema.parametrize()
def test_real_service_never_fails(case: schemathesis.Case) -> None:
    """The same run against the real engine: whatever profile fits the schema, no 5xx."""
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
