"""Results page extras: renewals first for a certification holder, the renewal calendar, the
print button, and the API documentation linked from the home page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from casepath.profile.loading import dump_profile_json, load_profile_text
from casepath.web.app import create_app

from .fakes import FakeBackend, renewal_report


def holder_page(s16_yaml: bytes) -> str:
    with TestClient(create_app(FakeBackend(renewal_report()))) as client:
        return client.post(
            "/results/upload", files={"file": ("s16.yaml", s16_yaml)}, data={"on": "2026-03-01"}
        ).text


def test_renewal_comes_first_for_a_holder(s16_yaml: bytes) -> None:
    html = holder_page(s16_yaml)
    assert (
        0
        < html.index('id="renewals-h"')
        < html.index('id="whatif-h"')
        < html.index('id="glance-h"')
    )
    assert 'id="results-calendar"' in html


def test_no_calendar_button_without_a_certification(client: TestClient, s16_yaml: bytes) -> None:
    html = client.post(
        "/results/upload", files={"file": ("s16.yaml", s16_yaml)}, data={"on": "2026-03-01"}
    ).text
    assert 'id="renewals-h"' not in html and 'id="results-calendar"' not in html
    assert "data-print" in html  # print or save as PDF (a script button: hidden without JS)


def test_calendar_download(s16_yaml: bytes) -> None:
    profile = load_profile_text(s16_yaml)
    with TestClient(create_app(FakeBackend(renewal_report()))) as client:
        answer = client.post(
            "/results/calendar",
            data={"profile_json": dump_profile_json(profile), "on": "2026-03-01"},
        )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.headers["content-disposition"].endswith('-renewals.ics"')
    body = answer.text
    assert body.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:CCM renewal deadline (valid through)" in body
    assert "DTSTART;VALUE=DATE:20260531" in body


def test_calendar_of_an_unreadable_profile_is_a_422(client: TestClient) -> None:
    answer = client.post("/results/calendar", data={"profile_json": "[", "on": ""})
    assert answer.status_code == 422
