"""Server-rendered pages, driven without a browser (htmx requests are sent by hand)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml
from fastapi.testclient import TestClient

from casepath.profile.loading import load_profile_text
from casepath.web.app import create_app

from .fakes import FakeBackend, renewal_report

HX = {"HX-Request": "true"}


class Controls(HTMLParser):
    """Collects form controls, labels and ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        hidden = a.get("type") in ("hidden", "submit", "button") or "hidden" in a
        if tag in ("input", "select", "textarea") and not hidden:
            self.controls.append(a)


def parse(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


def assert_labelled(html: str) -> None:
    page = parse(html)
    assert page.controls
    for control in page.controls:
        assert control.get("id") in page.label_for or control.get("aria-label"), control
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates


def form_pairs(**extra: str) -> dict[str, str]:
    data = {
        "on": "2026-03-01",
        "p-name": "Dana Reyes",
        "degrees-r0-level": "associate",
        "degrees-r0-field": "nursing",
        "degrees-r0-conferred": "2015-06-06",
        "licenses-r0-type": "RN",
        "licenses-r0-status": "active",
        "jobs-r0-title": "RN Case Manager",
        "jobs-r0-start": "2024-09-01",
        "jobs-r0-hours_per_week": "40",
        "jobs-r0-role": "direct_cm",
        "jobs-r0-paid": "yes",
        "jobs-r0-supervised_by_ccm": "true",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "path", ["/", "/form", "/about", "/credentials", "/credentials/CCM/requirements"]
)
def test_pages_render_with_labelled_controls_and_unique_ids(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="en"' in html
    assert 'href="#main"' in html  # skip link
    assert "cdn" not in html.lower() and "https://unpkg" not in html
    if "<input" in html or "<select" in html:
        assert_labelled(html)


def test_form_has_every_step_and_the_vendored_htmx(client: TestClient) -> None:
    html = client.get("/form").text
    for n, title in enumerate(["About you", "Education", "Licences", "Work experience"], 1):
        assert f"Step {n} of 9: {title}" in html
    assert '<script src="/static/htmx.min.js' in html
    assert client.get("/static/htmx.min.js").status_code == 200
    assert 'hx-post="/form/validate"' in html


def test_new_row_fragment(client: TestClient) -> None:
    response = client.get("/form/rows/jobs", params={"n": 2}, headers=HX)
    assert response.status_code == 200
    html = response.text
    assert "<fieldset" in html and 'Job <span class="row-num">2</span>' in html
    key = re.search(r'name="jobs-([a-z0-9]+)-start"', html)
    assert key
    assert f'id="e-jobs-{key.group(1)}-start"' in html
    assert client.get("/form/rows/nothing").status_code == 404


def test_rows_added_and_removed_without_javascript(client: TestClient) -> None:
    added = client.post("/form/rows/jobs/add", data=form_pairs())
    assert added.status_code == 200
    assert added.text.count('data-section="jobs"') == 2
    removed = client.post("/form/rows/jobs/remove/r0", data=form_pairs())
    assert removed.text.count('data-section="jobs"') == 0
    assert 'value="Dana Reyes"' in removed.text  # the rest of the form is kept


def test_inline_validation_fills_and_clears_every_message(client: TestClient) -> None:
    bad = client.post(
        "/form/validate", data=form_pairs(**{"jobs-r0-hours_per_week": "400"}), headers=HX
    )
    assert bad.status_code == 200
    html = bad.text
    assert "1 problem so far" in html
    assert re.search(r'id="e-jobs-r0-hours_per_week" hx-swap-oob="true">[^<]*168', html)
    assert 'href="#f-jobs-r0-hours_per_week"' in html
    good = client.post("/form/validate", data=form_pairs(), headers=HX)
    assert "No problems found so far." in good.text
    assert 'id="e-jobs-r0-hours_per_week" hx-swap-oob="true"></span>' in good.text


def test_results_from_the_form(client: TestClient) -> None:
    response = client.post("/results", data=form_pairs())
    assert response.status_code == 200
    html = response.text
    assert "Your results for Dana Reyes" in html
    assert 'data-credential="CCM" data-status="not_eligible"' in html
    assert 'data-credential="ACM" data-status="eligible"' in html
    assert '<time datetime="2026-05-31">2026-05-31</time> (in 91 days)' in html
    assert "Not eligible yet" in html and "Eligible" in html
    # rule IDs link to their sources
    assert 'href="https://ccmcertification.org/get-certified/ccm-at-a-glance"' in html
    # the alternatives of an open question
    assert "Supervisor ccm at application" in html
    # the roadmap, with its text alternative
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img" aria-labelledby="roadmap-title roadmap-desc"' in html
    assert "Text version of the roadmap" in html
    assert response.headers["cache-control"] == "no-store"


def test_results_page_shows_renewals_and_warnings() -> None:
    with TestClient(create_app(FakeBackend(renewal_report()))) as client:
        html = client.post("/results", data=form_pairs()).text
    assert "CCM renewal" in html and "Renewal at risk" in html
    assert "1 more ethics hour (7 of 8)" in html
    assert "Ethics: 7 of 8 hours, 1 to go" in html
    assert "Licence RN (WA) expires on 2026-08-31." in html
    # renewal rules are not on the requirements page: named, not linked to nowhere
    assert '<span class="rule-id" title="CCM-R2: rule of the catalogue (spec/rules.md)">' in html
    assert "#rule-CCM-R2" not in html


def test_results_with_problems_show_the_form_again(
    client: TestClient, backend: FakeBackend
) -> None:
    response = client.post("/results", data=form_pairs(**{"jobs-r0-start": "soon"}))
    assert response.status_code == 422
    html = response.text
    assert "There is a problem with your profile" in html
    assert 'href="#f-jobs-r0-start"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="soon"' in html  # what was typed is kept
    assert backend.checked == []


def test_export_downloads_yaml_that_reads_back(client: TestClient) -> None:
    response = client.post("/form/export", data=form_pairs())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/yaml")
    assert 'filename="dana-reyes-profile.yaml"' in response.headers["content-disposition"]
    profile = load_profile_text(response.content)
    assert profile.name == "Dana Reyes"
    assert profile.jobs[0].supervised_by_ccm is True


def test_export_with_problems_shows_them(client: TestClient) -> None:
    response = client.post("/form/export", data=form_pairs(**{"degrees-r0-level": "phd"}))
    assert response.status_code == 422
    assert "doctorate" in response.text


def test_import_with_htmx_fills_the_steps(client: TestClient, s16_yaml: bytes) -> None:
    response = client.post(
        "/form/import",
        files={"file": ("s16.yaml", s16_yaml, "application/yaml")},
        data={"on": "2026-03-01"},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<div id="form-steps" data-filled="true">')
    assert 'value="RN Case Manager"' in html
    assert 'value="2026-03-01"' in html
    assert "Imported s16.yaml: 1 degrees, 1 licences, 2 jobs, 1 continuing education" in html


def test_import_error_names_the_problem_and_retargets(client: TestClient) -> None:
    bad = b"jobs:\n  - start: 2024-01-01\n    hours_per_wek: 3\n"
    response = client.post(
        "/form/import", files={"file": ("mine.yaml", bad, "application/yaml")}, headers=HX
    )
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert response.headers["HX-Retarget"] == "#import-status"
    assert "Could not import mine.yaml" in response.text
    assert "jobs[0].hours_per_wek" in response.text and "hours_per_week" in response.text


def test_import_without_javascript(client: TestClient, s16_yaml: bytes) -> None:
    response = client.post("/form/import", files={"file": ("s16.yaml", s16_yaml)})
    assert response.status_code == 200
    assert 'value="Staff RN"' in response.text
    missing = client.post("/form/import", data={"on": ""})
    assert missing.status_code == 422 and "choose a file first" in missing.text


def test_upload_goes_straight_to_results(client: TestClient, s16_yaml: bytes) -> None:
    response = client.post(
        "/results/upload", files={"file": ("s16.yaml", s16_yaml)}, data={"on": "2026-03-01"}
    )
    assert response.status_code == 200
    assert '<time datetime="2026-05-31">2026-05-31</time>' in response.text


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x00\x01binary", "not a text file"),
        (b"name: [unclosed", "not valid YAML"),
        (b"", "choose a profile file"),
    ],
)
def test_upload_problems_are_shown(client: TestClient, content: bytes, words: str) -> None:
    files = {"file": ("p.yaml", content)} if content else {"file": ("", b"")}
    response = client.post("/results/upload", files=files, data={"on": "2026-03-01"})
    assert response.status_code == 422
    assert words.lower() in response.text.lower()


def test_upload_over_one_megabyte_is_413_html(client: TestClient) -> None:
    response = client.post("/results/upload", files={"file": ("p.yaml", b"#" * 1_100_000)})
    assert response.status_code == 413
    assert "File too large" in response.text


def test_results_page_round_trips_the_profile(client: TestClient) -> None:
    html = client.post("/results", data=form_pairs()).text
    match = re.search(r'name="profile_json" value="([^"]*)"', html)
    assert match
    import html as html_module

    profile_json = html_module.unescape(match.group(1))
    download = client.post("/profile/download", data={"profile_json": profile_json})
    assert download.status_code == 200
    assert yaml.safe_load(download.text)["name"] == "Dana Reyes"
    edit = client.post("/form/fill", data={"profile_json": profile_json, "on": "2026-03-01"})
    assert edit.status_code == 200
    assert 'value="RN Case Manager"' in edit.text and 'data-filled="true"' in edit.text


def test_restore_rebuilds_steps_from_kept_fields(client: TestClient) -> None:
    response = client.post("/form/restore", data=form_pairs(**{"jobs-r0-hours_per_week": "x"}))
    assert response.status_code == 200
    assert 'value="x"' in response.text  # even an invalid value is given back


def test_requirements_page(client: TestClient) -> None:
    html = client.get("/credentials/CCM/requirements").text
    assert "CCM: Certified Case Manager" in html
    assert 'id="rule-CCM-E2.1"' in html
    assert 'href="https://ccmcertification.org/get-certified/ccm-at-a-glance"' in html
    assert "Must the supervisor have held the CCM" in html
    assert "Yes (engine default)" in html
    assert client.get("/credentials/NOPE/requirements").status_code == 404
    assert client.get("/credentials/CCM/requirements?on=soon").status_code == 422


def test_errors_are_pages_not_tracebacks() -> None:
    from .fakes import BrokenBackend

    with TestClient(create_app(BrokenBackend()), raise_server_exceptions=False) as client:
        response = client.post("/results", data=form_pairs())
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "Traceback" not in response.text and "boom" not in response.text


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_user_text_is_escaped_on_the_results_page() -> None:
    """Names, job titles and CE topics reach the page (and its SVG) as text, never as markup."""
    hostile = "<script>alert(1)</script>"
    profile = (
        f'name: "{hostile}"\n'
        "degrees: [{level: bachelor, field: nursing, conferred: 2010-05-01}]\n"
        f'jobs: [{{title: "<img src=x onerror=alert(2)>", start: 2012-01-01, '
        "hours_per_week: 40, role: direct_cm}]\n"
        "certifications: [{name: CCM, status: active, cycle_start: 2021-06-01, "
        "valid_through: 2026-05-31}]\n"
        'ce_records: [{hours: 2, topic: "<b>ethics</b>", date: 2025-09-12}]\n'
    )
    with TestClient(create_app()) as real:
        response = real.post(
            "/results/upload",
            files={"file": ("p.yaml", profile.encode())},
            data={"on": "2026-03-01"},
        )
    assert response.status_code == 200
    page = response.text
    assert hostile not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "<b>ethics</b>" not in page
