"""Regression tests of the pages (issue 12, item 5): one test per defect found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casepath import service
from casepath.profile.loading import parse_profile
from casepath.web import roadmap as drawing
from casepath.web.app import create_app
from casepath.web.roadmap import build_roadmap, render_svg

STATIC = Path(__file__).parents[2] / "src" / "casepath" / "web" / "static"
ON = date(2026, 3, 1)

RN = {
    "name": "Pat Lee",
    "degrees": [{"level": "bachelor", "field": "nursing", "conferred": "2015-06-01"}],
    "licenses": [
        {
            "type": "RN",
            "state": "WA",
            "status": "active",
            "issued": "2015-08-01",
            "expires": "2028-08-31",
        }
    ],
    "jobs": [
        {
            "title": "RN Case Manager",
            "setting": "hospital",
            "start": "2022-01-03",
            "hours_per_week": 40,
            "role": "direct_cm",
        }
    ],
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def test_add_button_uses_the_right_article(client: TestClient) -> None:
    """The form said "Add a activity" and "Add a exam"."""
    page = client.get("/form").text
    assert "Add an activity" in page and "Add an exam" in page and "Add a CE record" in page
    assert not re.search(r"Add a [aeiou]", page)


def test_ce_record_keeps_its_capitals(client: TestClient) -> None:
    """A CE row was titled "Ce record 1" (Jinja's capitalize lowers the rest of the word)."""
    page = client.post("/form/rows/ce_records/add", data={}).text
    assert "CE record <span" in page and "Ce record" not in page


def test_open_question_rule_is_not_repeated(client: TestClient) -> None:
    """The requirements page showed "... (ANCC-E2-U) (ANCC-E2-U)"."""
    page = client.get("/credentials/CMGT-BC/requirements").text
    assert "(ANCC-E2-U)" in page
    assert not re.search(r"\(ANCC-E2-U\)\s*<span[^>]*>\(ANCC-E2-U\)", page)


def test_upload_errors_are_listed_one_per_line(client: TestClient) -> None:
    """A bad file's problems were joined into one run-on line."""
    bad = b"jobs:\n  - {start: 2020-01-01, hours_per_week: forty}\n  - {start: nope}\n"
    page = client.post(
        "/results/upload", files={"file": ("bad.yaml", bad)}, data={"on": "2026-03-01"}
    ).text
    problems = re.search(r'<ul class="problems">(.*?)</ul>', page, re.S)
    assert problems is not None
    items = re.findall(r"<li>(.*?)</li>", problems.group(1), re.S)
    assert len(items) == 2 and "jobs[0].hours_per_week" in items[0] and "jobs[1]" in items[1]


def test_a_job_without_a_role_is_asked_about(client: TestClient) -> None:
    """A job left without a role was silently taken as not case management."""
    data = {"on": "2026-03-01", "jobs-r0-start": "2020-01-01", "jobs-r0-hours_per_week": "40"}
    page = client.post("/results", data=data)
    assert page.status_code == 422
    assert "Job 1, Role: choose one" in page.text


def test_dates_use_the_browsers_date_input(client: TestClient) -> None:
    """Dates were free-text boxes ("Format YYYY-MM-DD")."""
    page = client.post("/form/rows/jobs/add", data={}).text
    assert re.search(r'<input type="date" id="f-jobs-[a-z0-9]+-start"', page)
    assert "Format YYYY-MM-DD" not in page


def test_ce_topics_are_a_list_to_choose_from(client: TestClient) -> None:
    """The CE topic was a free-text box expecting snake_case ("nursing_case_management")."""
    page = client.post("/form/rows/ce_records/add", data={}).text
    assert re.search(r'<select id="f-ce_records-[a-z0-9]+-topic"', page)
    assert '<option value="nursing_case_management"' in page


def test_roadmap_draws_only_reachable_credentials() -> None:
    """The roadmap drew C-SWCM and C-ASWCM for an RN, who cannot hold them (GUIDE-1)."""
    profile = parse_profile(RN)
    report = service.check(profile, ON)
    gated = {g.credential for g in report.guidance if g.group == "other_profession"}
    assert {"C-SWCM", "C-ASWCM"} <= gated
    roadmap = build_roadmap(profile, report, ON)
    credentials = next(g for g in roadmap.groups if g.title == "Credentials")
    drawn = {lane.label for lane in credentials.lanes}
    assert not drawn & {"C-SWCM", "C-ASWCM"}
    thresholds = [g for g in roadmap.groups if g.title.startswith("Progress")]
    for group in thresholds:
        assert not [lane for lane in group.lanes if lane.label.startswith(("C-SWCM", "C-ASWCM"))]


def test_roadmap_legend_is_complete() -> None:
    """The legend left out the threshold-date marker, the 'met' marker and the left arrow."""
    profile = parse_profile(
        {**RN, "jobs": [{**RN["jobs"][0], "start": "2014-01-06", "hours_per_week": 20}]}  # type: ignore[dict-item]
    )
    report = service.check(profile, ON)
    roadmap = build_roadmap(profile, report, ON)
    styles = {(s.style) for g in roadmap.groups for lane in g.lanes for s in lane.segments}
    styles |= {m.style for g in roadmap.groups for lane in g.lanes for m in lane.markers}
    explained = {style for _, style, _ in drawing.LEGEND}
    # "pending" is drawn like "projected", "eligible" like "met": one entry each.
    same = {"pending": "projected", "eligible": "met"}
    assert {same.get(s, s) for s in styles} <= explained
    svg = render_svg(roadmap)
    for _, _, label in drawing.LEGEND:
        assert label in svg


def test_roadmap_scales_instead_of_scrolling() -> None:
    """The roadmap had a 46rem minimum width: a sideways scroller on a phone."""
    css = (STATIC / "casepath.css").read_text()
    rule = re.search(r"\.roadmap-figure svg \{([^}]*)\}", css)
    assert rule is not None and "min-width" not in rule.group(1)
    assert "overflow-x" not in re.search(r"\.roadmap-figure \{([^}]*)\}", css).group(1)  # type: ignore[union-attr]


def test_start_over_asks_first() -> None:
    """ "Start over" erased the whole form at one click, without asking."""
    script = (STATIC / "casepath.js").read_text()
    clear = script[script.index('matches("[data-clear-form]")') :]
    assert clear.index("window.confirm(") < clear.index("removeItem(STORE)")


def test_docs_page_is_served(client: TestClient) -> None:
    """The README promised the API documentation at /docs; it was a 404."""
    page = client.get("/docs")
    assert page.status_code == 200 and 'id="swagger-ui"' in page.text


def test_roadmap_shows_no_pending_threshold_for_an_eligible_credential() -> None:
    """An eligible ACM-RN had a threshold lane "reached on 2026-08-31" (a route not taken)."""
    profile = parse_profile(
        {
            **RN,
            "jobs": [
                {
                    "title": "Staff RN",
                    "setting": "hospital",
                    "start": "2015-09-08",
                    "end": "2024-08-31",
                    "hours_per_week": 40,
                    "role": "non_cm",
                },
                {
                    "title": "RN Case Manager",
                    "setting": "hospital",
                    "start": "2024-09-01",
                    "hours_per_week": 40,
                    "documented_hours": 3120,
                    "role": "direct_cm",
                    "paid": True,  # stated: left out it is an open question (CONV-11)
                    "supervised_by_ccm": False,
                },
            ],
        }
    )
    report = service.check(profile, ON)
    assert report.result_for("ACM").status.value == "eligible"
    roadmap = build_roadmap(profile, report, ON)
    for group in roadmap.groups:
        for lane in group.lanes:
            if lane.label.startswith("ACM-RN:"):
                assert all(m.style == "met" for m in lane.markers), lane.text
