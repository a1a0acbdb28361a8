"""End to end in headless Chromium (Debian's package, driven by Playwright), against the real
service: the worked example through the form, the same through a file, keyboard-only use, and
an axe-core accessibility check. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casepath.profile.loading import load_profile_text
from casepath.web.app import create_app

from .browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    axe_source,
    live_server,
    serious_violations,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (CI installs it: .ci/web-setup.sh)",
    ),
]

sync_api = pytest.importorskip("playwright.sync_api")

DATA = Path(__file__).parent / "data"
S16_FILE = DATA / "s16-profile.yaml"
ON = "2026-03-01"


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with live_server(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    opened.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    yield opened
    context.close()
    assert not problems, problems  # no script errors, no Content-Security-Policy violations


def shot(target: Any, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if full_page:
        target.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    else:
        target.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


# -- helpers -------------------------------------------------------------------------------------


def next_step(page: Any) -> None:
    page.locator(".step.is-current [data-step-go='next']").click()


def go_to_step(page: Any, title: str) -> None:
    page.locator("nav.stepper").get_by_role("link", name=title).click()
    page.locator(".step.is-current h2").filter(has_text=title).wait_for()


def add_row(page: Any, section: str) -> Any:
    rows = page.locator(f"#rows-{section} > [data-row]")
    before = rows.count()
    page.locator(f"[data-add-row='{section}']").click()
    rows.nth(before).wait_for()
    return rows.nth(before)


def field(row: Any, name: str) -> Any:
    return row.locator(f"[name$='-{name}']")


def fill_s16_with_the_mouse(page: Any) -> None:
    """Worked example S16, entered step by step with clicks."""
    page.goto("/form")
    page.get_by_label("Your name").fill("Sam Sixteen")
    next_step(page)

    degree = add_row(page, "degrees")
    field(degree, "level").select_option("associate")
    degree.get_by_label("Field of study").fill("nursing")
    degree.get_by_label("Date conferred").fill("2015-06-06")
    field(degree, "accredited").select_option("yes")
    field(degree, "supervised_field_experience").select_option("health")
    next_step(page)

    licence = add_row(page, "licenses")
    field(licence, "type").select_option("RN")
    licence.get_by_label("State").fill("WA")
    field(licence, "status").select_option("active")
    licence.get_by_label("Issued on").fill("2015-08-01")
    licence.get_by_label("Expires on").fill("2026-08-31")
    next_step(page)

    staff = add_row(page, "jobs")
    staff.get_by_label("Job title").fill("Staff RN")
    field(staff, "setting").select_option("hospital")
    staff.get_by_label("Start date").fill("2015-09-08")
    staff.get_by_label("End date").fill("2024-08-31")
    staff.get_by_label("Hours per week").fill("40")
    field(staff, "role").select_option("non_cm")
    manager = add_row(page, "jobs")
    manager.get_by_label("Job title").fill("RN Case Manager")
    field(manager, "setting").select_option("hospital")
    manager.get_by_label("Start date").fill("2024-09-01")
    manager.get_by_label("Hours per week").fill("40")
    manager.get_by_label("Documented hours").fill("3120")
    field(manager, "role").select_option("direct_cm")
    manager.get_by_label("Supervised by a CCM").check()
    manager.get_by_label("Supervisor holds the CCM since").fill("2025-06-01")
    page.locator("#validation-status .status-ok").wait_for()
    shot(page, "form-jobs-step", full_page=True)
    next_step(page)

    ce = add_row(page, "ce_records")
    ce.get_by_label("Hours").fill("30")
    ce.get_by_label("Topic").select_option("nursing_case_management")
    ce.get_by_label("Date completed").fill("2025-05-16")
    ce.get_by_label("Approved by").fill("ANCC")

    go_to_step(page, "Check")
    page.get_by_label("Date to judge on").fill(ON)


def read_results(page: Any) -> dict[str, tuple[str, str]]:
    """credential -> (status, earliest date shown) from the results cards."""
    found = {}
    for card in page.locator("article[data-credential]").all():
        earliest = card.locator(".earliest time")
        found[card.get_attribute("data-credential")] = (
            card.get_attribute("data-status"),
            earliest.get_attribute("datetime") if earliest.count() else "",
        )
    return found


def assert_s16_results(page: Any) -> dict[str, tuple[str, str]]:
    page.locator("h1", has_text="Your results").wait_for()
    results = read_results(page)
    assert results["CCM"] == ("not_eligible", "2026-05-31")
    assert results["ACM"][0] == "eligible"
    assert results["CMGT-BC"][0] == "eligible"
    assert page.locator("#cred-ACM h3").inner_text().startswith("ACM-RN")
    ccm = page.locator("article[data-credential='CCM']")
    assert "Not eligible yet" in ccm.locator(".card-status").inner_text()
    assert "2026-05-31" in ccm.locator(".earliest").inner_text()
    assert ccm.get_by_role("link", name="CCM-E2.1").first.get_attribute("href", timeout=2000)
    return results


# -- tests ---------------------------------------------------------------------------------------


def test_worked_example_through_the_form(page: Any) -> None:
    fill_s16_with_the_mouse(page)
    page.get_by_role("button", name="Check my eligibility").click()
    assert_s16_results(page)
    shot(page, "results", full_page=True)
    roadmap = page.locator("#roadmap")
    shot(roadmap.locator("figure"), "roadmap")
    assert "2026-05-31" in roadmap.locator("svg desc").text_content()
    assert "earliest eligibility 2026-05-31" in roadmap.locator(".roadmap-text").inner_text()


def test_file_upload_gives_the_same_result(page: Any) -> None:
    fill_s16_with_the_mouse(page)
    page.get_by_role("button", name="Check my eligibility").click()
    from_form = assert_s16_results(page)

    page.goto("/")
    page.get_by_label("Profile file (YAML or JSON)").set_input_files(str(S16_FILE))
    page.get_by_label("Date to judge on").fill(ON)
    page.get_by_role("button", name="Check this file").click()
    assert assert_s16_results(page) == from_form

    page.goto("/form")
    page.get_by_label("Profile file (YAML or JSON)").set_input_files(str(S16_FILE))
    page.locator("#import-on").fill(ON)
    page.get_by_role("button", name="Import into the form").click()
    page.locator("#import-status[data-imported]").wait_for()
    assert "2 jobs" in page.locator("#import-status").inner_text()
    go_to_step(page, "Work experience")
    assert page.locator("#rows-jobs > [data-row]").count() == 2
    go_to_step(page, "Check")
    page.get_by_role("button", name="Check my eligibility").click()
    assert assert_s16_results(page) == from_form


def test_download_gives_the_profile_back(page: Any) -> None:
    fill_s16_with_the_mouse(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download profile (YAML)").click()
    download = info.value
    assert download.suggested_filename == "sam-sixteen-profile.yaml"
    profile = load_profile_text(Path(download.path()).read_bytes())
    expected = load_profile_text(S16_FILE.read_bytes())
    assert profile.model_copy(update={"name": None}) == expected


def test_rows_are_added_and_removed_in_place(page: Any) -> None:
    page.goto("/form")
    page.evaluate("window.__samePage = true")
    go_to_step(page, "Work experience")
    for title in ("First", "Second", "Third"):
        add_row(page, "jobs").get_by_label("Job title").fill(title)
    rows = page.locator("#rows-jobs > [data-row]")
    assert rows.nth(2).locator("legend").inner_text() == "Job 3"
    rows.nth(0).get_by_role("button", name="Remove job 1").click()
    assert rows.count() == 2
    assert [r.locator("legend").inner_text() for r in rows.all()] == ["Job 1", "Job 2"]
    assert field(rows.nth(0), "title").input_value() == "Second"
    assert page.evaluate("document.activeElement.dataset.addRow") == "jobs"
    sync_api.expect(page.locator("#announcer")).to_contain_text("Job 1 removed")
    assert page.evaluate("window.__samePage") is True  # no page load happened


def test_validation_while_adding_a_row_goes_to_the_validator(page: Any) -> None:
    """Regression: htmx sends a request of a <form> to the formaction of the last submit
    button clicked, so validation hung on the form posted to /form/rows/.../add when a change
    event landed just after a click on Add (a second copy of the form appeared)."""
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    def slow_row(route: Any) -> None:  # the new row arrives after the validation fires
        time.sleep(0.6)
        route.continue_()

    page.route("**/form/rows/jobs", slow_row)
    page.goto("/form")
    go_to_step(page, "Work experience")
    for n in range(1, 4):
        row = add_row(page, "jobs")
        row.get_by_label("Job title").fill(f"Job {n}")  # change fires when Add takes focus
    page.wait_for_timeout(600)
    assert page.locator("#rows-jobs > [data-row]").count() == 3
    assert page.locator("#form-steps").count() == 1
    assert posts and all(url.endswith("/form/validate") for url in posts), posts


def test_inline_validation_messages(page: Any) -> None:
    page.goto("/form")
    go_to_step(page, "Work experience")
    job = add_row(page, "jobs")
    job.get_by_label("Start date").fill("2024-01-01")
    field(job, "role").select_option("direct_cm")
    hours = job.get_by_label("Hours per week")
    hours.fill("400")
    hours.press("Tab")
    message = page.locator(f"#e-{hours.get_attribute('id')[2:]}")
    sync_api.expect(message).to_contain_text("168")
    sync_api.expect(hours).to_have_attribute("aria-invalid", "true")
    sync_api.expect(page.locator("#validation-status")).to_contain_text("1 problem so far")
    hours.fill("40")
    hours.press("Tab")
    sync_api.expect(message).to_be_empty()
    sync_api.expect(page.locator("#validation-status")).to_contain_text("No problems")
    sync_api.expect(hours).not_to_have_attribute("aria-invalid", "true")


def test_what_was_typed_survives_a_reload_in_the_same_tab(page: Any) -> None:
    page.goto("/form")
    page.get_by_label("Your name").fill("Dana Reyes")
    go_to_step(page, "Work experience")
    add_row(page, "jobs").get_by_label("Job title").fill("Utilisation review RN")
    page.wait_for_timeout(400)  # the form is saved to sessionStorage after a short pause
    page.reload()
    sync_api.expect(page.get_by_label("Your name")).to_have_value("Dana Reyes")
    go_to_step(page, "Work experience")
    sync_api.expect(page.locator("#rows-jobs [name$='-title']")).to_have_value(
        "Utilisation review RN"
    )
    go_to_step(page, "Check")
    page.once("dialog", lambda dialog: dialog.dismiss())  # "Start over?" - no: nothing erased
    page.locator("[data-clear-form]").click()
    sync_api.expect(page.locator("#f-on")).to_be_visible()
    go_to_step(page, "About you")
    sync_api.expect(page.get_by_label("Your name")).to_have_value("Dana Reyes")
    go_to_step(page, "Check")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-clear-form]").click()
    page.wait_for_url("**/form")
    sync_api.expect(page.get_by_label("Your name")).to_have_value("")


# -- keyboard only -------------------------------------------------------------------------------

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return outline || shadow;
}"""


class Keyboard:
    """Drives the page with the keyboard only, checking focus is visible at every stop."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.stops = 0

    def tab_to(self, selector: str, limit: int = 120) -> None:
        if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert self.page.evaluate(FOCUS_VISIBLE), f"focus not visible on {selector}"
            return
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            self.stops += 1
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                assert self.page.evaluate(FOCUS_VISIBLE), f"focus not visible on {selector}"
                return
        raise AssertionError(f"Tab never reached {selector}")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def type_date(self, selector: str, iso: str) -> None:
        """A date typed into the browser's date input, field by field (en-US: mm dd yyyy)."""
        self.tab_to(selector)
        year, month, day = iso.split("-")
        self.page.keyboard.type(month + day + year)
        assert self.page.evaluate("() => document.activeElement.value") == iso

    def choose(self, selector: str, text: str, value: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)
        assert self.page.evaluate("() => document.activeElement.value") == value

    def press(self, selector: str, key: str = "Enter") -> None:
        self.tab_to(selector)
        self.page.keyboard.press(key)

    def next_step(self) -> None:
        self.press(".step.is-current [data-step-go='next']")

    def add_row(self, section: str) -> str:
        """Adds a row; focus lands in its first field. Returns the row's CSS selector."""
        self.press(f"[data-add-row='{section}']")
        self.page.wait_for_function(
            "(s) => document.activeElement.closest(`#rows-${s} > [data-row]`) !== null",
            arg=section,
        )
        key = self.page.evaluate("() => document.activeElement.closest('[data-row]').dataset.key")
        return f"#row-{section}-{key}"


def test_keyboard_only_completion_of_the_form(page: Any) -> None:
    page.goto("/form")
    kb = Keyboard(page)
    kb.press("a.skip-link")
    assert page.evaluate("document.activeElement.id") == "main"
    kb.type_into("[name='p-name']", "Kay Board")
    kb.next_step()
    assert page.evaluate("document.activeElement.id") == "step-degrees-h"

    row = kb.add_row("degrees")
    kb.choose(f"{row} [name$='-level']", "Associate", "associate")
    kb.type_into(f"{row} [name$='-field']", "nursing")
    kb.type_date(f"{row} [name$='-conferred']", "2015-06-06")
    kb.choose(f"{row} [name$='-accredited']", "Yes", "yes")
    kb.choose(f"{row} [name$='-supervised_field_experience']", "Health", "health")
    kb.next_step()

    row = kb.add_row("licenses")
    kb.choose(f"{row} [name$='-type']", "RN", "RN")
    kb.type_into(f"{row} [name$='-state']", "WA")
    kb.choose(f"{row} [name$='-status']", "Active", "active")
    kb.type_date(f"{row} [name$='-expires']", "2026-08-31")
    kb.next_step()

    row = kb.add_row("jobs")
    kb.type_into(f"{row} [name$='-title']", "Staff RN")
    kb.choose(f"{row} [name$='-setting']", "Hospital", "hospital")
    kb.type_date(f"{row} [name$='-start']", "2015-09-08")
    kb.type_date(f"{row} [name$='-end']", "2024-08-31")
    kb.type_into(f"{row} [name$='-hours_per_week']", "40")
    # A role left out is not known (CONV-11): S16's staff RN job is stated not to be CM.
    kb.choose(f"{row} [name$='-role']", "Not", "non_cm")
    row = kb.add_row("jobs")
    kb.type_into(f"{row} [name$='-title']", "RN Case Manager")
    kb.choose(f"{row} [name$='-setting']", "Hospital", "hospital")
    kb.type_date(f"{row} [name$='-start']", "2024-09-01")
    kb.type_into(f"{row} [name$='-hours_per_week']", "40")
    kb.type_into(f"{row} [name$='-documented_hours']", "3120")
    kb.choose(f"{row} [name$='-role']", "Case", "direct_cm")
    kb.press(f"{row} [name$='-supervised_by_ccm']", "Space")
    assert page.evaluate("document.activeElement.checked") is True
    kb.type_date(f"{row} [name$='-supervisor_ccm_since']", "2025-06-01")
    # Enter in the middle of the form moves on instead of submitting it.
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "step-ce-h"

    row = kb.add_row("ce_records")
    kb.type_into(f"{row} [name$='-hours']", "30")
    kb.choose(f"{row} [name$='-topic']", "Nursing", "nursing_case_management")
    kb.type_date(f"{row} [name$='-date']", "2025-05-16")
    for _ in range(4):
        kb.next_step()
    assert page.evaluate("document.activeElement.id") == "step-check-h"
    kb.type_date("#f-on", ON)
    kb.press("#check-button")
    results = assert_s16_results(page)
    assert results["CCM"] == ("not_eligible", "2026-05-31")
    assert kb.stops < 200


# -- accessibility -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe() -> str:
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is not installed: run .ci/web-setup.sh (npm install axe-core)")
    return source


def run_axe(page: Any, source: str) -> list[str]:
    page.add_script_tag(content=source)
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return serious_violations(result)


def test_accessibility_with_axe(browser: Any, base_url: str, axe: str) -> None:
    # axe is injected as an inline script, which the app's Content-Security-Policy forbids.
    context = browser.new_context(
        base_url=base_url, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for path in ("/", "/about", "/credentials", "/credentials/CCM/requirements"):
            page.goto(path)
            found[path] = run_axe(page, axe)

        page.goto("/form")
        found["/form step 1"] = run_axe(page, axe)
        go_to_step(page, "Work experience")
        job = add_row(page, "jobs")
        job.get_by_label("Hours per week").fill("400")
        job.get_by_label("Hours per week").press("Tab")
        page.locator("#validation-status .status-problem").wait_for()
        found["/form jobs with an error"] = run_axe(page, axe)

        page.goto("/")
        page.get_by_label("Profile file (YAML or JSON)").set_input_files(str(S16_FILE))
        page.get_by_label("Date to judge on").fill(ON)
        page.get_by_role("button", name="Check this file").click()
        page.locator("h1", has_text="Your results").wait_for()
        for details in page.locator("details").all():
            details.evaluate("d => d.open = true")
        found["results"] = run_axe(page, axe)
    finally:
        context.close()
    assert not {k: v for k, v in found.items() if v}, found
