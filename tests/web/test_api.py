"""REST API: every endpoint, good input and bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casepath.web.app import create_app

from .fakes import BrokenBackend, FakeBackend

S16: dict[str, Any] = {
    "degrees": [{"level": "associate", "field": "nursing", "conferred": "2015-06-06"}],
    "licenses": [{"type": "RN", "state": "WA", "status": "active"}],
    "jobs": [
        {"title": "Staff RN", "start": "2015-09-08", "end": "2024-08-31", "hours_per_week": 40},
        {
            "title": "RN Case Manager",
            "start": "2024-09-01",
            "hours_per_week": 40,
            "role": "direct_cm",
            "supervised_by_ccm": True,
            "supervisor_ccm_since": "2025-06-01",
        },
    ],
}


def paths(response: Any) -> list[str]:
    return [item["path"] for item in response.json()["detail"]]


# -- POST /check ---------------------------------------------------------------------------------


def test_check_returns_the_result_format(client: TestClient, backend: FakeBackend) -> None:
    response = client.post("/api/v1/check", json={"profile": S16, "on": "2026-03-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["evaluated_on"] == "2026-03-01"
    assert [r["credential"] for r in body["results"]] == [
        "CCM",
        "ACM",
        "CMGT-BC",
        "C-SWCM",
        "C-ASWCM",
        "CDMS",
    ]
    ccm = body["results"][0]
    assert ccm["status"] == "not_eligible"
    assert ccm["earliest_eligibility_date"] == "2026-05-31"
    profile, on = backend.checked[-1]
    assert on == date(2026, 3, 1)
    assert profile.jobs[1].supervisor_ccm_since == date(2025, 6, 1)


def test_check_date_is_optional(client: TestClient, backend: FakeBackend) -> None:
    response = client.post("/api/v1/check", json={"profile": {}})
    assert response.status_code == 200
    assert backend.checked[-1][1] is None
    assert response.json()["evaluated_on"] == date.today().isoformat()


def test_check_accepts_explicit_null_date(client: TestClient) -> None:
    assert client.post("/api/v1/check", json={"profile": {}, "on": None}).status_code == 200


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        (
            {"profile": {"jobs": [{"start": "2020-01-01", "hours_per_week": "lots"}]}},
            "profile.jobs[0].hours_per_week",
            "expected a number",
        ),
        (
            {"profile": {"jobs": [{"start": "2020-01-01", "hours_per_week": 400}]}},
            "profile.jobs[0].hours_per_week",
            "168",
        ),
        (
            {"profile": {"jobs": [{"start": "2020-01-01", "hours_per_week": "40"}]}},
            "profile.jobs[0].hours_per_week",
            "expected a number",
        ),
        ({"profile": {"self_employed": 0}}, "profile.self_employed", "true or false"),
        ({"profile": {"jobs": "none"}}, "profile.jobs", "list"),
        ({"profile": {"jobs": None}}, "profile.jobs", "list"),
        (
            {"profile": {"degrees": [{"level": "phd", "conferred": "2015-01-01"}]}},
            "profile.degrees[0].level",
            "doctorate",
        ),
        ({"profile": {"licenses": [{"type": "RN"}]}}, "profile.licenses[0].status", "required"),
        ({"profile": {"jobs": [{"start": "2024-13-01"}]}}, "profile.jobs[0].start", "YYYY-MM-DD"),
        ({"profile": {"jobs": [{"start": 20240101}]}}, "profile.jobs[0].start", "date"),
        (
            {"profile": {"jobs": [{"start": "2024-01-01", "end": "2023-01-01"}]}},
            "profile.jobs[0]",
            "before start",
        ),
        ({"profile": []}, "profile", "mapping"),
        ({"profile": {}, "on": 20260301}, "on", "YYYY-MM-DD"),
        ({"profile": {}, "on": "01/03/2026"}, "on", "YYYY-MM-DD"),
        ({"profile": {}, "on": "2026-02-30"}, "on", "day"),
        ({"profile": {}, "on": "9999-12-31"}, "on", "between"),
        ({"on": "2026-03-01"}, "profile", "required"),
    ],
)
def test_check_wrong_types_and_values_get_422_with_the_path(
    client: TestClient, body: dict[str, Any], path: str, words: str
) -> None:
    response = client.post("/api/v1/check", json=body)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    found = [item for item in detail if item["path"] == path]
    assert found, detail
    assert words in found[0]["msg"]
    assert found[0]["loc"] == [int(p) if p.isdigit() else p for p in _split(path)]


def _split(path: str) -> list[str]:
    return [p for p in path.replace("[", ".").replace("]", "").split(".") if p]


def test_check_unknown_keys_are_named_with_a_suggestion(client: TestClient) -> None:
    body = {
        "profile": {"jobs": [{"start": "2024-01-01", "hours_per_wek": 20}]},
        "onn": "2026-03-01",
    }
    response = client.post("/api/v1/check", json=body)
    assert response.status_code == 422
    detail = {item["path"]: item["msg"] for item in response.json()["detail"]}
    assert "did you mean 'on'" in detail["onn"]
    assert 'did you mean "hours_per_week"' in detail["profile.jobs[0].hours_per_wek"]


def test_check_reports_every_problem_at_once(client: TestClient) -> None:
    body = {
        "profile": {
            "jobs": [
                {"start": "2020-01-01"},
                {"start": "x", "hours_per_week": -1},
            ]
        },
        "on": "later",
    }
    response = client.post("/api/v1/check", json=body)
    assert response.status_code == 422
    assert set(paths(response)) >= {"on", "profile.jobs[1].start", "profile.jobs[1].hours_per_week"}


@pytest.mark.parametrize(
    "raw",
    [b"{bad", b"", b"   ", b'{"profile": {}', b"[1, 2", b'{"profile": NaN}', b"\xff\xfe\x00"],
)
def test_check_malformed_json_is_422(client: TestClient, raw: bytes) -> None:
    response = client.post(
        "/api/v1/check", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    item = response.json()["detail"][0]
    assert item["path"] == ""
    assert item["type"] in {"json_invalid", "missing"}


@pytest.mark.parametrize("body", [[], "text", 42, None])
def test_check_body_must_be_an_object(client: TestClient, body: Any) -> None:
    response = client.post("/api/v1/check", content=json.dumps(body))
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"] == ""


def test_body_over_one_megabyte_is_413(client: TestClient) -> None:
    big = {"profile": {"name": "x" * 1_100_000}}
    response = client.post("/api/v1/check", json=big)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json"
    assert "1 MB" in response.json()["detail"]


def test_streamed_body_over_one_megabyte_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"profile": {"name": "'
        for _ in range(20):
            yield b"x" * 100_000
        yield b'"}}'

    response = client.post("/api/v1/check", content=chunks())
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_body_just_under_the_limit_is_read(client: TestClient) -> None:
    body = json.dumps({"profile": {"name": "x" * 990_000}})
    assert len(body) < 1_000_000
    assert client.post("/api/v1/check", content=body).status_code == 200


def test_engine_not_ready_is_503(backend: FakeBackend) -> None:
    class NotReady(FakeBackend):
        def check(self, profile: Any, on: date | None = None, *, explain: bool = True) -> Any:
            raise NotImplementedError("engine lands next")

    with TestClient(create_app(NotReady()), raise_server_exceptions=False) as client:
        response = client.post("/api/v1/check", json={"profile": {}})
    assert response.status_code == 503
    assert "not available" in response.json()["detail"]


def test_engine_bug_is_a_json_500_without_a_traceback() -> None:
    with TestClient(create_app(BrokenBackend()), raise_server_exceptions=False) as client:
        response = client.post("/api/v1/check", json={"profile": {}})
    assert response.status_code == 500
    detail = response.json()["detail"]
    assert "error" in detail and "Traceback" not in detail and "boom" not in detail


# -- GET /credentials, /credentials/{id}/requirements -------------------------------------------


def test_credentials(client: TestClient) -> None:
    response = client.get("/api/v1/credentials")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()][:2] == ["CCM", "ACM"]


def test_requirements(client: TestClient) -> None:
    response = client.get("/api/v1/credentials/CCM/requirements", params={"on": "2026-03-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["credential"] == "CCM"
    assert body["requirement"]["children"][1]["rules"][0] == "CCM-E2.1"
    assert body["open_questions"][0]["default"] == "strict_supervision_period"


def test_requirements_of_an_unknown_credential_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/credentials/CCMX/requirements")
    assert response.status_code == 404
    assert "CCM" in response.json()["detail"]


@pytest.mark.parametrize("on", ["yesterday", "2026-02-30", "1800-01-01"])
def test_requirements_bad_date_is_422(client: TestClient, on: str) -> None:
    response = client.get("/api/v1/credentials/CCM/requirements", params={"on": on})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "on"]


# -- POST /profiles/validate ---------------------------------------------------------------------


def test_validate_a_good_profile(client: TestClient) -> None:
    response = client.post("/api/v1/profiles/validate", json=S16)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert body["counts"] == {"degrees": 1, "licenses": 1, "jobs": 2}
    assert body["profile"]["jobs"][0]["role"] == "non_cm"  # defaults filled in


def test_validate_names_the_field_path(client: TestClient) -> None:
    profile = {"jobs": [{"start": "2020-01-01"}, {"start": "2021-01-01", "hours_per_week": 400}]}
    response = client.post("/api/v1/profiles/validate", json=profile)
    assert response.status_code == 422
    item = response.json()["detail"][0]
    assert item["path"] == "jobs[1].hours_per_week"
    assert item["loc"] == ["jobs", 1, "hours_per_week"]
    assert "168" in item["msg"] and "400" in item["msg"]


def test_validate_unknown_key(client: TestClient) -> None:
    response = client.post("/api/v1/profiles/validate", json={"nmae": "Dana"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == 'unknown key; did you mean "name"?'


def test_validate_malformed_json(client: TestClient) -> None:
    response = client.post("/api/v1/profiles/validate", content=b"name: Dana\n")
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"][0]["msg"]


def test_validate_oversized(client: TestClient) -> None:
    response = client.post("/api/v1/profiles/validate", content=b"{" + b" " * 1_000_001 + b"}")
    assert response.status_code == 413


# -- cross-cutting -------------------------------------------------------------------------------


def test_unknown_api_route_is_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"


def test_wrong_method_is_405(client: TestClient) -> None:
    assert client.get("/api/v1/check").status_code == 405


def test_answers_to_posted_profiles_are_not_cached(client: TestClient) -> None:
    response = client.post("/api/v1/check", json={"profile": {"name": "Dana"}})
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_server_keeps_nothing_between_requests() -> None:
    """Two clients, one app: the second sees nothing of the first's profile."""
    app = create_app(FakeBackend())
    with TestClient(app) as first, TestClient(app) as second:
        first.post("/api/v1/check", json={"profile": {"name": "Dana Reyes"}})
        for path in ("/", "/form", "/api/v1/credentials"):
            assert "Dana Reyes" not in second.get(path).text
    assert not [k for k in vars(app.state).get("_state", {}) if k not in ("backend", "runner")]


def test_openapi_document_is_complete(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert set(document["paths"]) == {
        "/api/v1/check",
        "/api/v1/credentials",
        "/api/v1/credentials/{credential_id}/requirements",
        "/api/v1/profiles/validate",
        "/api/v1/what-if",
    }
    schemas = document["components"]["schemas"]
    check = document["paths"]["/api/v1/check"]["post"]
    body = check["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/CheckRequest"}
    assert body["examples"]["s16"]["value"]["on"] == "2026-03-01"
    assert {"200", "413", "422", "503"} <= set(check["responses"])
    assert check["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationErrorResponse"
    }
    examples = check["responses"]["200"]["content"]["application/json"]["examples"]
    assert "trace" not in examples["compact"]["value"]["results"][0]
    assert "trace" in examples["explained"]["value"]["results"][0]
    for name in ("CheckRequest", "Profile", "Job", "Report", "TraceNode", "ErrorItem"):
        assert name in schemas
    # Every $ref points at a schema that exists.
    refs = {
        ref.rsplit("/", 1)[1] for ref in _refs(document) if ref.startswith("#/components/schemas/")
    }
    assert refs <= set(schemas)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_docs_page_needs_no_cdn(client: TestClient) -> None:
    """The interactive API documentation loads Swagger UI from /static, never from a CDN."""
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assets = [s for s in sources if s.endswith((".js", ".css")) or ".js?" in s or ".css?" in s]
    assert any("swagger-ui-bundle.js" in s for s in assets)
    assert all(s.startswith("/static/") for s in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200
    assert 'href="/docs"' in client.get("/").text
