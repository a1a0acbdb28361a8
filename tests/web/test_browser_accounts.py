"""Accounts end to end in headless Chromium: sign up, fill the guided form, save, sign out, sign
in again and find the profile; add a CE record and see the renewal progress move; subscribe to
the calendar address. At 390 px wide, with an axe-core check of the account pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

from casepath.store import Database, migrate, open_database
from casepath.store import accounts as store_accounts
from casepath.store.orgs import OrgScope, Role
from casepath.store.orgs import create as create_org
from casepath.web.app import create_app

from .browser_support import CHROMIUM, CHROMIUM_ARGS, axe_source, live_server
from .test_browser import assert_s16_results, fill_s16_with_the_mouse, run_axe, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (CI installs it: .ci/web-setup.sh)",
    ),
]

sync_api = pytest.importorskip("playwright.sync_api")

PASSWORD = "violet river lamp stone"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    found = open_database(f"sqlite:///{tmp_path_factory.mktemp('db') / 'browser.sqlite3'}")
    migrate.upgrade(found)
    yield found
    found.dispose()


@pytest.fixture(scope="module")
def base_url(database: Database) -> Iterator[str]:
    app = create_app()
    app.state.database = database
    with live_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _page(browser: Any, base_url: str, width: int) -> Any:
    # bypass_csp: axe-core is injected as an inline script, which the app's policy forbids.
    context = browser.new_context(
        base_url=base_url, bypass_csp=True, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def sign_up(page: Any, email: str) -> None:
    page.goto("/account/sign-up")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.locator("h1", has_text="Your account").wait_for()


def check_accessibility(page: Any, name: str) -> None:
    source = axe_source()
    if source is None:
        return  # the form's own browser test reports the missing axe-core
    assert run_axe(page, source) == [], name


def no_sideways_scrolling(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_sign_up_fill_the_form_sign_out_sign_in_and_find_the_profile(
    browser: Any, base_url: str
) -> None:
    page = _page(browser, base_url, 1280)
    sign_up(page, "sam@example.org")
    assert page.locator("#own-empty").is_visible()
    check_accessibility(page, "account page, empty")

    fill_s16_with_the_mouse(page)
    page.get_by_role("button", name="Check my eligibility").click()
    assert_s16_results(page)
    page.get_by_role("button", name="Save to my account").click()
    page.locator("[role=status]", has_text="Your profile is saved.").wait_for()

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.locator("h1", has_text="Sign in").wait_for()
    check_accessibility(page, "sign-in page")
    page.get_by_label("E-mail address").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")  # the keyboard alone submits the form
    page.locator("h1", has_text="Your account").wait_for()
    assert "Version 1" in page.locator("#own-profile-h + p").inner_text()
    assert "Sam Sixteen" in page.locator("#own-profile-h + p").inner_text()
    ccm = page.locator("#own-results tr", has_text="CCM")
    # Judged today, not on the form's date: any verdict, but a verdict in words.
    assert re.search(r"Eligible|Not eligible|Undecided|Not applicable", ccm.inner_text())
    shot(page, "account-with-profile", full_page=True)
    check_accessibility(page, "account page with a profile")
    page.context.close()


def _renewing_profile(path: Path) -> Path:
    today = date.today()
    path.write_text(
        yaml.safe_dump(
            {
                "name": "Rae Renewing",
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
    )
    return path


def test_on_a_phone_add_a_ce_record_and_subscribe_to_the_calendar(
    browser: Any, base_url: str, tmp_path: Path
) -> None:
    page = _page(browser, base_url, 390)
    sign_up(page, "rae@example.org")
    no_sideways_scrolling(page)
    page.get_by_label("Upload a profile file (YAML or JSON)").set_input_files(
        str(_renewing_profile(tmp_path / "rae.yaml"))
    )
    page.get_by_role("button", name="Save this file as my profile").click()
    progress = page.locator("#progress-ccm")
    before = progress.inner_text()
    assert re.search(r": 10 of \d+ hours", before)

    page.get_by_label("Date completed").fill((date.today() - timedelta(days=2)).isoformat())
    page.get_by_label("Contact hours").fill("15")
    page.get_by_label("Topic").select_option("case_management")
    page.get_by_label("Approved by").select_option("CCMC_preapproved")
    page.get_by_role("button", name="Add the record").click()
    page.locator("[role=status]", has_text="The CE record is added").wait_for()
    after = page.locator("#progress-ccm").inner_text()
    assert re.search(r": 25 of \d+ hours", after), after
    no_sideways_scrolling(page)
    shot(page, "account-phone", full_page=True)
    check_accessibility(page, "account page on a phone")

    page.get_by_role("button", name="Make my calendar address").click()
    url = page.get_by_label("Calendar address").input_value()
    assert re.fullmatch(re.escape(base_url) + r"/account/calendar/[A-Za-z0-9_-]+\.ics", url)
    feed = page.context.request.get(url)  # what a calendar app fetches
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.body())
    summaries = [str(event.get("summary")) for event in calendar.walk("VEVENT")]
    assert any("CCM" in summary for summary in summaries), json.dumps(summaries)
    page.context.close()


def test_organisation_pages_on_a_phone(browser: Any, base_url: str, database: Database) -> None:
    with database.transaction() as session:
        owner = store_accounts.create(session, "lee@example.org", PASSWORD)
        org = create_org(session, "Mercy Hospital CM", owner)
        OrgScope(session, org, Role.owner).add_member("kim@example.org", "viewer", ["ICU"])
        org_id = org.id
    page = _page(browser, base_url, 390)
    page.goto("/account/sign-in")
    page.get_by_label("E-mail address").fill("lee@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("h1", has_text="Your account").wait_for()
    page.get_by_role("link", name="Your organisations").click()
    page.get_by_role("link", name="Mercy Hospital CM").click()
    page.locator("h1", has_text="Mercy Hospital CM").wait_for()
    assert page.url.endswith(f"/orgs/{org_id}")
    page.get_by_label("Name of the system using it").fill("Workday")
    page.get_by_role("button", name="Make a token").click()
    token = page.get_by_label("API token", exact=True).input_value()
    assert token.startswith("cpt_")
    shot(page, "organisation-phone", full_page=True)
    no_sideways_scrolling(page)
    check_accessibility(page, "organisation page")
    page.get_by_role("link", name="Audit log").click()
    page.locator("#audit").wait_for()
    assert "token created" in page.locator("#audit").inner_text()
    check_accessibility(page, "audit log")
    page.context.close()
