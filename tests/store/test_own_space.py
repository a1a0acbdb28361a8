"""A person's own space: her profile saved from the results page or a file, CE records that move
her renewal progress, her secret calendar feed, downloading everything, deleting everything."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import func, select

from casepath.store import Database
from casepath.store.models import Account, ProfileVersion, StoredProfile, WebSession

from .web_support import PASSWORD, browser, csrf_of, post_form, sign_in, sign_out, sign_up

EMAIL = "dana.reyes@example.org"
EXAMPLE = Path(__file__).resolve().parents[2] / "src/casepath/examples/dana-reyes.yaml"
_PROGRESS = re.compile(r'<ul class="renewal-progress" id="progress-ccm">(.*?)</ul>', re.S)


def renewing_profile() -> str:
    """A CCM holder mid-cycle today (dates follow today, so the renewal is always current)."""
    today = date.today()
    return yaml.safe_dump(
        {
            "name": "Dana Reyes",
            "licenses": [
                {
                    "type": "RN",
                    "state": "NJ",
                    "status": "active",
                    "restricted": False,
                    "issued": date(2005, 7, 1),
                    "expires": today + timedelta(days=700),
                }
            ],
            "certifications": [
                {
                    "name": "CCM",
                    "status": "active",
                    "cycle_start": today - timedelta(days=700),
                    "valid_through": today + timedelta(days=1100),
                }
            ],
            "ce_records": [
                {
                    "hours": 10,
                    "topic": "case_management",
                    "date": today - timedelta(days=100),
                    "approver": "CCMC_preapproved",
                }
            ],
        }
    )


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    with browser(database) as found:
        sign_up(found, EMAIL)
        yield found


def upload(client: TestClient, content: str) -> None:
    page = client.get("/account").text
    response = client.post(
        "/account/profile/upload",
        data={"csrf_token": csrf_of(page)},
        files={"file": ("profile.yaml", content.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/account?done=saved")


def test_the_results_page_saves_to_her_account(client: TestClient) -> None:
    with open(EXAMPLE, "rb") as handle:
        results = client.post("/results/upload", files={"file": ("d.yaml", handle)}, data={})
    assert 'id="results-save"' in results.text
    token = re.search(r'action="/account/profile/save">\s*<input[^>]*value="([^"]+)"', results.text)
    profile_json = re.search(r'name="profile_json" value="([^"]+)"', results.text)
    assert token and profile_json
    saved = client.post(
        "/account/profile/save",
        data={"csrf_token": token.group(1), "profile_json": html.unescape(profile_json.group(1))},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get("/account").text
    assert "Version 1, saved" in page and "for Dana Reyes" in page
    assert 'id="own-results"' in page


def test_the_results_page_offers_no_save_button_to_visitors_not_signed_in(
    database: Database,
) -> None:
    with browser(database) as anonymous, open(EXAMPLE, "rb") as handle:
        results = anonymous.post("/results/upload", files={"file": ("d.yaml", handle)}, data={})
    assert results.status_code == 200
    assert 'id="results-save"' not in results.text


def test_adding_a_ce_record_is_a_new_version_and_moves_the_renewal_progress(
    client: TestClient, database: Database
) -> None:
    upload(client, renewing_profile())
    before = _PROGRESS.search(client.get("/account").text)
    assert before and re.search(r": 10 of \d+ hours", before.group(1))
    page = client.get("/account").text
    response = client.post(
        "/account/profile/ce",
        data={
            "csrf_token": csrf_of(page),
            "date": (date.today() - timedelta(days=3)).isoformat(),
            "hours": "12.5",
            "topic": "case_management",
            "approver": "CCMC_preapproved",
            "title": "Care transitions workshop",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    after_page = client.get("/account").text
    after = _PROGRESS.search(after_page)
    assert after and re.search(r": 22.5 of \d+ hours", after.group(1))
    assert "Version 2, saved" in after_page and "2 CE records" in after_page
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(ProfileVersion)) == 2


def test_a_bad_ce_record_is_refused_and_nothing_is_saved(
    client: TestClient, database: Database
) -> None:
    upload(client, renewing_profile())
    response = client.post(
        "/account/profile/ce",
        data={
            "csrf_token": csrf_of(client.get("/account").text),
            "date": "yesterday",
            "hours": "-2",
            "topic": "ethics",
        },
    )
    assert response.status_code == 422
    assert "hours" in response.text and "date" in response.text
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(ProfileVersion)) == 1


def _feed_url(client: TestClient) -> str:
    page = post_form(client, "/account", "/account/calendar")
    found = re.search(r'id="feed-url" readonly value="http://testserver([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def test_the_calendar_feed_is_a_valid_calendar_of_her_deadlines(client: TestClient) -> None:
    upload(client, renewing_profile())
    url = _feed_url(client)
    with TestClient(client.app) as calendar_app:  # no cookies: just the URL
        feed = calendar_app.get(url)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    summaries = [str(event.get("summary")) for event in calendar.walk("VEVENT")]
    deadline = (date.today() + timedelta(days=1100)).isoformat().replace("-", "")
    assert any("CCM" in summary for summary in summaries)
    assert deadline in feed.text


def test_a_new_calendar_address_revokes_the_old_one_and_off_means_off(
    client: TestClient,
) -> None:
    upload(client, renewing_profile())
    first = _feed_url(client)
    second = _feed_url(client)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    page = client.get("/account").text
    client.post("/account/calendar", data={"csrf_token": csrf_of(page), "action": "stop"})
    assert client.get(second).status_code == 404


def test_download_everything_as_yaml(client: TestClient) -> None:
    upload(client, renewing_profile())
    upload(client, Path(EXAMPLE).read_text())
    response = client.get("/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    data = yaml.safe_load(response.text)
    assert data["account"]["email"] == EMAIL
    assert [v["version"] for v in data["profile_versions"]] == [1, 2]
    assert data["profile_versions"][1]["profile"]["name"] == "Dana Reyes"
    assert "argon2id$" not in response.text


def test_deleting_the_account_needs_the_password_and_removes_everything(
    client: TestClient, database: Database
) -> None:
    upload(client, renewing_profile())
    wrong = post_form(client, "/account/delete", "/account/delete", password="not my password")
    assert wrong.status_code == 422
    done = post_form(client, "/account/delete", "/account/delete", password=PASSWORD)
    assert (done.status_code, done.headers["location"]) == (303, "/account/sign-in?deleted=1")
    with database.reading() as session:
        for table in (Account, StoredProfile, ProfileVersion, WebSession):
            assert session.scalar(select(func.count()).select_from(table)) == 0, table
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert sign_in(client, EMAIL).status_code == 401


def test_one_person_never_sees_anothers_profile(database: Database) -> None:
    with browser(database) as dana, browser(database) as kim:
        sign_up(dana, EMAIL)
        upload(dana, renewing_profile())
        sign_up(kim, "kim@example.org")
        page = kim.get("/account").text
        assert "own-empty" in page and "Dana Reyes" not in page
        assert "Dana" not in kim.get("/account/export").text
        sign_out(dana)
