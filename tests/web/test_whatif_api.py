"""POST /api/v1/what-if: the body rules, the answer, and its place in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from casepath.web.examples import S16_PROFILE
from casepath.whatif import SupervisorCCM

from .fakes import WHAT_IF_CCM_DATE, FakeBackend

URL = "/api/v1/what-if"


def body(**extra: Any) -> dict[str, Any]:
    return {"profile": S16_PROFILE, "on": "2026-03-01", **extra}


def test_before_and_after_per_credential(client: TestClient, backend: FakeBackend) -> None:
    answer = client.post(URL, json=body(changes=[{"change": "supervisor_ccm", "job": 0}]))
    assert answer.status_code == 200, answer.text
    data = answer.json()
    ccm = next(d for d in data["differences"] if d["credential"] == "CCM")
    assert ccm["changed"] and ccm["after"]["earliest_eligibility_date"] == str(WHAT_IF_CCM_DATE)
    assert data["changes"][0].startswith("your supervisor in job 1")
    _, changes, on = backend.what_ifs[0]
    assert changes == [SupervisorCCM(job=0)] and str(on) == "2026-03-01"


def test_every_problem_is_listed_with_its_path(client: TestClient) -> None:
    changes = [
        {"change": "full_time_from", "start": "2026-13-01"},
        {"change": "add_ce", "hours": 0},
        {"change": "become_ccm"},
    ]
    answer = client.post(URL, json=body(changes=changes, extra=1))
    assert answer.status_code == 422
    paths = [item["path"] for item in answer.json()["detail"]]
    assert paths == ["extra", "changes[0].start", "changes[1].hours", "changes[2]"]


def test_a_change_that_does_not_fit_the_profile_is_a_422(client: TestClient) -> None:
    answer = client.post(URL, json=body(changes=[{"change": "supervisor_ccm", "job": 9}]))
    assert answer.status_code == 422
    [item] = answer.json()["detail"]
    assert item["path"] == "changes[0].job" and "there is no job 10" in item["msg"]


def test_no_changes_is_a_422(client: TestClient) -> None:
    answer = client.post(URL, json=body(changes=[]))
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["path"] == "changes"


def test_dates_are_text_as_documented(client: TestClient) -> None:
    answer = client.post(URL, json=body(changes=[{"change": "full_time_from", "start": 20260301}]))
    assert answer.status_code == 422


def test_in_the_openapi_document(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/WhatIfRequest"}
    assert "WhatIfRequest" in document["components"]["schemas"]
    assert "422" in operation["responses"]
