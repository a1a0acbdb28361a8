"""The finished pages in headless Chromium (issue 12): a what-if toggle changes the date shown,
nothing overflows at 390 px, the print view fits on paper, the kind of case manager proposes
the setting, and screenshots of the results page (desktop and phone) for people to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

sync_api = pytest.importorskip("playwright.sync_api")

DATA = Path(__file__).parent / "data"
S16_FILE = DATA / "s16-profile.yaml"
ON = "2026-03-01"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

NO_SIDEWAYS_SCROLL = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > root.clientWidth + 1;
  }).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                (el.className && el.className.baseVal === undefined ? '.' + el.className : ''));
  return {scroll: root.scrollWidth, width: root.clientWidth, wide: wide.slice(0, 5)};
}"""


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


def open_page(browser: Any, base_url: str, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    return page, problems


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    opened, problems = open_page(browser, base_url, DESKTOP)
    yield opened
    opened.context.close()
    assert not problems, problems  # no script errors, no Content-Security-Policy violations


@pytest.fixture
def phone(browser: Any, base_url: str) -> Iterator[Any]:
    opened, problems = open_page(browser, base_url, PHONE)
    yield opened
    opened.context.close()
    assert not problems, problems


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def s16_results(page: Any) -> None:
    page.goto("/")
    page.get_by_label("Profile file (YAML or JSON)").set_input_files(str(S16_FILE))
    page.get_by_label("Date to judge on").fill(ON)
    page.get_by_role("button", name="Check this file").click()
    page.locator("h1", has_text="Your results").wait_for()


def assert_no_sideways_scroll(page: Any, where: str) -> None:
    found = page.evaluate(NO_SIDEWAYS_SCROLL)
    assert found["scroll"] <= found["width"], f"{where}: {found}"
    assert not found["wide"], f"{where}: {found}"


# -- what if -------------------------------------------------------------------------------------


def test_a_what_if_toggle_changes_the_date_shown(page: Any) -> None:
    s16_results(page)
    page.evaluate("window.__samePage = true")
    ccm = page.locator("#whatif-result tr[data-whatif='CCM']")
    assert not ccm.count()
    page.get_by_label("If my supervisor is a CCM").check()
    ccm.wait_for()
    now, after = ccm.locator("td").all_inner_texts()
    assert "2026-05-31" in now
    assert after == "Eligible now"
    assert "changed" in ccm.locator("th").inner_text()
    assert page.evaluate("window.__samePage") is True  # recomputed in place, no page load
    sync_api.expect(page.locator("#announcer")).to_have_text("1 credential changes: CCM.")
    # Untick: nothing left to compare, and the cards never changed.
    page.get_by_label("If my supervisor is a CCM").uncheck()
    sync_api.expect(page.locator("#whatif-result")).to_contain_text("Tick at least one change")
    sync_api.expect(page.locator("article[data-credential='CCM'] .earliest time")).to_have_text(
        "2026-05-31"
    )


def test_ce_hours_what_if_by_keyboard(page: Any) -> None:
    s16_results(page)
    page.locator("#wi-ce-hours").fill("12")
    page.locator("#wi-ce-topic").select_option("nursing_case_management")
    page.get_by_label("If I add CE hours").focus()
    page.keyboard.press("Space")
    sync_api.expect(page.locator("#whatif-result")).to_contain_text(
        "12 more CE hours (nursing case management)"
    )


# -- 390 px --------------------------------------------------------------------------------------


def test_nothing_overflows_at_390_px(phone: Any) -> None:
    phone.goto("/form")
    assert_no_sideways_scroll(phone, "form, step 1")
    phone.locator("nav.stepper").get_by_role("link", name="Work experience").click()
    phone.locator("[data-add-row='jobs']").click()
    phone.locator("#rows-jobs > [data-row]").first.wait_for()
    assert_no_sideways_scroll(phone, "form, a job")
    for path in ("/", "/credentials", "/about", "/docs"):
        phone.goto(path)
        assert_no_sideways_scroll(phone, path)
    for credential in ("CCM", "ACM", "CMGT-BC", "C-SWCM", "C-ASWCM", "CDMS"):
        phone.goto(f"/credentials/{credential}/requirements")
        assert_no_sideways_scroll(phone, f"{credential} requirements")
    s16_results(phone)
    for details in phone.locator("main details").all():
        details.evaluate("d => d.open = true")
    phone.get_by_label("If my supervisor is a CCM").check()
    phone.locator("#whatif-result tr[data-whatif='CCM']").wait_for()
    assert_no_sideways_scroll(phone, "results")
    svg = phone.locator("#roadmap svg").bounding_box()
    assert svg is not None and svg["width"] <= PHONE["width"]
    shot(phone, "results-phone")


def test_results_page_on_a_desktop(page: Any) -> None:
    s16_results(page)
    page.get_by_label("If my supervisor is a CCM").check()
    page.locator("#whatif-result tr[data-whatif='CCM']").wait_for()
    shot(page, "results-desktop")


# -- print ---------------------------------------------------------------------------------------


def test_the_print_view_fits_on_paper(page: Any) -> None:
    s16_results(page)
    pdf = page.pdf(format="Letter", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 1 <= pages <= 5, f"{pages} pages"
    (SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "results-print.pdf").write_bytes(pdf)
    page.emulate_media(media="print")
    text = page.locator("body").inner_text()
    for wanted in ("Your options", "At a glance", "CCM", "2026-05-31", "Roadmap"):
        assert wanted in text
    for screen_only in ("What if", "Show what changes", "Download profile", "Why, rule by rule"):
        assert screen_only not in text
    page.set_viewport_size({"width": 816, "height": 1056})
    shot(page, "results-print-view")


# -- the form ------------------------------------------------------------------------------------


def test_the_kind_of_case_manager_proposes_the_setting(page: Any) -> None:
    page.goto("/form")
    page.locator("nav.stepper").get_by_role("link", name="Work experience").click()
    page.locator("[data-add-row='jobs']").click()
    job = page.locator("#rows-jobs > [data-row]").first
    setting = job.locator("[name$='-setting']")
    job.get_by_label("Kind of case management").select_option("workers_comp")
    sync_api.expect(setting).to_have_value("workers_comp_vocational")
    job.get_by_label("Kind of case management").select_option("geriatric")
    sync_api.expect(setting).to_have_value("")
    sync_api.expect(job.locator("[id^='h-'][id$='-setting']")).to_contain_text(
        "Skilled nursing / long-term care"
    )
    sync_api.expect(page.locator("#announcer")).to_contain_text("several settings")


# -- accessibility of the new parts ---------------------------------------------------------------


def test_axe_finds_no_serious_violation_in_the_new_parts(browser: Any, base_url: str) -> None:
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is not installed: run .ci/web-setup.sh (npm install axe-core)")
    # axe is injected as an inline script, which the app's Content-Security-Policy forbids.
    context = browser.new_context(base_url=base_url, bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()

    def run() -> list[str]:
        page.add_script_tag(content=source)
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        return serious_violations(result)

    found: dict[str, list[str]] = {}
    try:
        s16_results(page)
        page.get_by_label("If my supervisor is a CCM").check()
        page.locator("#whatif-result tr[data-whatif='CCM']").wait_for()
        found["results with a what-if"] = run()
        page.goto("/form")
        page.locator("nav.stepper").get_by_role("link", name="Work experience").click()
        page.locator("[data-add-row='jobs']").click()
        page.locator("#rows-jobs > [data-row]").first.get_by_label(
            "Kind of case management"
        ).select_option("geriatric")
        found["form, a job with a kind"] = run()
        page.goto("/docs")
        page.locator("#swagger-ui .opblock").first.wait_for()
        found["/docs"] = run()
    finally:
        context.close()
    assert not {k: v for k, v in found.items() if v}, found
