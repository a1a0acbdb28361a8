"""The "What if" panel of the results page: htmx swaps the comparison in; without JavaScript
the form posts and the whole page comes back with it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from casepath.profile.loading import dump_profile_json, load_profile_text
from casepath.whatif import AddCE, SupervisorCCM

from .fakes import WHAT_IF_CCM_DATE, FakeBackend

HTMX = {"HX-Request": "true"}


def fields(s16_yaml: bytes, **extra: str) -> dict[str, str]:
    profile = load_profile_text(s16_yaml, source="s16")
    return {"profile_json": dump_profile_json(profile), "on": "2026-03-01", **extra}


def test_results_page_offers_the_changes(client: TestClient, s16_yaml: bytes) -> None:
    part_time = s16_yaml.replace(
        b"hours_per_week: 40\n  documented_hours: 3120", b"hours_per_week: 20"
    )
    assert part_time != s16_yaml
    page = client.post(
        "/results/upload", files={"file": ("s16.yaml", part_time)}, data={"on": "2026-03-01"}
    )
    assert page.status_code == 200
    for control in ('id="wi-ft"', 'id="wi-ce"', 'id="wi-sup"', 'type="date" id="wi-ft-start"'):
        assert control in page.text
    assert 'hx-post="/results/what-if"' in page.text


def test_htmx_gets_the_comparison_only(
    client: TestClient, backend: FakeBackend, s16_yaml: bytes
) -> None:
    answer = client.post(
        "/results/what-if", data=fields(s16_yaml, sup="yes", sup_job="0"), headers=HTMX
    )
    assert answer.status_code == 200
    assert "<h1" not in answer.text
    assert f'datetime="{WHAT_IF_CCM_DATE}"' in answer.text
    assert 'class="is-changed" data-whatif="CCM"' in answer.text
    assert backend.what_ifs[0][1] == [SupervisorCCM(job=0)]


def test_without_javascript_the_whole_page_comes_back(
    client: TestClient, backend: FakeBackend, s16_yaml: bytes
) -> None:
    data = fields(s16_yaml, sup="yes", sup_job="1")
    answer = client.post("/results/what-if", data=data)
    assert answer.status_code == 200
    assert "<h1>Your results" in answer.text
    assert 'id="wi-sup" name="sup" value="yes" checked' in answer.text
    assert '<option value="1" selected>' in answer.text
    assert f'datetime="{WHAT_IF_CCM_DATE}"' in answer.text
    assert backend.what_ifs[0][1] == [SupervisorCCM(job=1)]


def test_nothing_ticked_says_so(client: TestClient, s16_yaml: bytes) -> None:
    answer = client.post("/results/what-if", data=fields(s16_yaml), headers=HTMX)
    assert "Tick at least one change" in answer.text


def test_bad_hours_are_named(client: TestClient, backend: FakeBackend, s16_yaml: bytes) -> None:
    answer = client.post(
        "/results/what-if", data=fields(s16_yaml, ce="yes", ce_hours="lots"), headers=HTMX
    )
    assert "CE hours: expected a number above 0 and at most 1000, got &#39;lots&#39;" in answer.text
    assert not backend.what_ifs


def test_a_job_that_is_not_there_is_explained(client: TestClient, s16_yaml: bytes) -> None:
    data = fields(s16_yaml, ft="yes", ft_start="2026-04-01", ft_job="9")
    answer = client.post("/results/what-if", data=data, headers=HTMX)
    assert answer.status_code == 200
    assert "Job to make full-time: choose one of your jobs" in answer.text


def test_an_unreadable_profile_is_a_422(client: TestClient) -> None:
    answer = client.post("/results/what-if", data={"profile_json": "{", "sup": "yes"})
    assert answer.status_code == 422


def test_a_change_that_does_not_fit_is_explained(client: TestClient, s16_yaml: bytes) -> None:
    data = fields(s16_yaml, ft="yes", ft_start="2026-04-01", ft_job="0")  # job 1 has ended
    answer = client.post("/results/what-if", data=data, headers=HTMX)
    assert answer.status_code == 200
    assert "Job 1 (Staff RN) ended on 2024-08-31, before 2026-04-01" in answer.text


def test_full_time_is_not_offered_for_a_full_time_job(client: TestClient, s16_yaml: bytes) -> None:
    page = client.post(
        "/results/upload", files={"file": ("s16.yaml", s16_yaml)}, data={"on": "2026-03-01"}
    )
    assert 'id="wi-ft"' not in page.text and 'id="wi-sup"' in page.text


def test_ce_hours_with_topic_and_approver(
    client: TestClient, backend: FakeBackend, s16_yaml: bytes
) -> None:
    data = fields(s16_yaml, ce="yes", ce_hours="7.5", ce_topic="ethics", ce_approver="CCMC")
    answer = client.post("/results/what-if", data=data, headers=HTMX)
    assert answer.status_code == 200
    assert backend.what_ifs[0][1] == [AddCE(hours=7.5, topic="ethics", approver="CCMC")]
