"""Guidance (rules.md §8b): which credential to consider first, and why.

Ordering rules GUIDE-1 to GUIDE-5 are checked on every repository scenario and worked example,
and on small profiles built for one rule each.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casepath.catalogue import load_catalogue
from casepath.guidance.facts import ExamWindow, Guidance
from casepath.guidance.windows import first_window
from casepath.profile.model import Profile
from casepath.result import GuidanceItem, Report
from casepath.rules.loader import check_rulebook, load_rulebooks
from casepath.service import check
from scenario_check import EXAMPLES, SCENARIOS, load_scenario

SCENARIO_PATHS = sorted((SCENARIOS / "eligibility").glob("*.yaml")) + sorted(
    EXAMPLES.glob("*.yaml")
)
WHEN_ORDER = ["held", "now", "date", "undecided", "event"]
GROUP_ORDER = ["held", "option", "other_profession"]


def _report(path: Path) -> Report:
    return load_scenario(path).run()


def _rank(item: GuidanceItem) -> tuple[int, int]:
    return GROUP_ORDER.index(item.group), WHEN_ORDER.index(item.when)


@pytest.mark.parametrize("path", SCENARIO_PATHS, ids=lambda p: p.stem)
def test_guidance_order_follows_guide_1_and_2(path: Path) -> None:
    report = _report(path)
    guidance = report.guidance
    assert {g.credential for g in guidance} == {r.credential for r in report.results}
    ranks = [_rank(g) for g in guidance]
    # GUIDE-1 and GUIDE-2: held, then options (now, dated, undecided, event), then another
    # profession's credentials.
    assert ranks == sorted(ranks), [(g.credential, g.group, g.when) for g in guidance]
    dated = [g.earliest_date for g in guidance if g.group == "option" and g.when == "date"]
    assert dated == sorted(d for d in dated if d is not None)
    for item in guidance:
        result = report.result_for(item.credential)
        assert item.status == result.status
        if item.group == "option" and item.when == "now":
            assert result.status.value == "eligible"
        # every reason cites its rules
        assert all(reason.rules for reason in item.reasons)


def _rn_without_social_work(path: Path) -> bool:
    profile = load_scenario(path).profile
    is_rn = any(lic.type.value == "RN" for lic in profile.licenses)
    return is_rn and not any(d.field == "social_work" for d in profile.degrees)


RN_PATHS = [p for p in SCENARIO_PATHS if _rn_without_social_work(p)]


def test_many_scenarios_are_rns_without_a_social_work_degree() -> None:
    assert len(RN_PATHS) >= 30


@pytest.mark.parametrize("path", RN_PATHS, ids=lambda p: p.stem)
def test_an_rn_without_a_social_work_degree_never_sees_nasw_first(path: Path) -> None:
    guidance = _report(path).guidance
    order = [g.credential for g in guidance]
    reachable = [g.credential for g in guidance if g.group == "option"]
    for nasw in ("C-SWCM", "C-ASWCM"):
        item = next(g for g in guidance if g.credential == nasw)
        assert item.group == "other_profession"
        assert all(order.index(nasw) > order.index(c) for c in reachable)


@pytest.mark.parametrize("path", SCENARIO_PATHS, ids=lambda p: p.stem)
def test_the_ccm_window_is_the_first_open_on_or_after_the_earliest_date(path: Path) -> None:
    report = _report(path)
    ccm = next(g for g in report.guidance if g.credential == "CCM")
    if ccm.group != "option" or ccm.when not in ("now", "date"):
        assert ccm.apply_window is None
        return
    window = ccm.apply_window
    assert window is not None and ccm.earliest_date is not None
    assert window.apply_to >= ccm.earliest_date
    cycle = load_rulebooks()["CCM"].guidance
    assert cycle is not None
    earlier = first_window(cycle.applying.windows, ccm.earliest_date)
    assert earlier is not None and earlier.apply_from == window.apply_from


WINDOWS = [  # CCM-X3's listed cycle
    ExamWindow(
        apply_from=date(2024, 7, 15),
        apply_to=date(2024, 10, 15),
        exam=date(2024, 12, 1),
        exam_to=date(2024, 12, 31),
    ),
    ExamWindow(
        apply_from=date(2024, 11, 1),
        apply_to=date(2025, 1, 31),
        exam=date(2025, 4, 1),
        exam_to=date(2025, 4, 30),
    ),
    ExamWindow(
        apply_from=date(2025, 3, 1),
        apply_to=date(2025, 5, 31),
        exam=date(2025, 8, 1),
        exam_to=date(2025, 8, 31),
    ),
]


@pytest.mark.parametrize(
    ("ready", "apply_from", "exam", "extrapolated"),
    [
        (date(2024, 10, 15), date(2024, 7, 15), date(2024, 12, 1), False),  # last day: contains
        (date(2024, 10, 16), date(2024, 11, 1), date(2025, 4, 1), False),  # a day late: next
        (date(2025, 6, 1), date(2025, 7, 15), date(2025, 12, 1), True),  # beyond the listed cycle
        (date(2027, 2, 1), date(2027, 3, 1), date(2027, 8, 1), True),
        (date(2020, 1, 1), date(2019, 11, 1), date(2020, 4, 1), True),  # before it: contains
    ],
)
def test_first_window_contains_or_follows_the_date(
    ready: date, apply_from: date, exam: date, extrapolated: bool
) -> None:
    window = first_window(WINDOWS, ready)
    assert window is not None
    assert (window.apply_from, window.exam, window.extrapolated) == (
        apply_from,
        exam,
        extrapolated,
    )


def _profile(data: dict[str, object]) -> Profile:
    return Profile.model_validate(data)


SOCIAL_WORKER = {
    "degrees": [
        {
            "level": "bachelor",
            "field": "social_work",
            "conferred": "2018-05-15",
            "accredited": True,
            "cswe_accredited": True,
        },
    ],
    "licenses": [{"type": "LSW", "state": "MN", "status": "active", "issued": "2018-08-01"}],
    "jobs": [
        {
            "title": "Social worker",
            "setting": "hospital",
            "start": "2019-01-01",
            "hours_per_week": 40,
            "role": "direct_cm",
            "paid": True,
            "supervised_by_ccm": False,
        },
    ],
}


def test_a_social_worker_sees_nursing_credentials_as_another_profession() -> None:
    # GUIDE-1: CMGT-BC needs an RN licence; ACM is open to social workers (ACM-SW).
    guidance = check(_profile(SOCIAL_WORKER), date(2026, 12, 3)).guidance
    by_id = {g.credential: g for g in guidance}
    assert by_id["CMGT-BC"].group == "other_profession"
    assert by_id["CMGT-BC"].would_take == "an RN licence"
    assert "GUIDE-1" in by_id["CMGT-BC"].reasons[0].rules
    assert by_id["ACM"].group == "option"
    assert by_id["C-SWCM"].group == "option"
    assert by_id["C-ASWCM"].group == "other_profession"  # needs an MSW
    assert {g.credential for g in guidance[-2:]} == {"CMGT-BC", "C-ASWCM"}


def test_setting_fit_breaks_ties_and_is_always_stated() -> None:
    # GUIDE-3: two credentials reached on the same day; the one built for the person's setting
    # comes first; every option states whom it is built for.
    hospital = check(_profile(SOCIAL_WORKER), date(2026, 12, 3)).guidance
    for item in hospital:
        assert any("GUIDE-3" in r.rules for r in item.reasons)
    acm = next(g for g in hospital if g.credential == "ACM")
    assert any(r.text.startswith("Fits you:") for r in acm.reasons)
    insurer = {
        **SOCIAL_WORKER,
        "jobs": [{**SOCIAL_WORKER["jobs"][0], "setting": "disability_insurer_tpa"}],
    }  # type: ignore[dict-item]
    cdms = next(
        g for g in check(_profile(insurer), date(2026, 12, 3)).guidance if g.credential == "CDMS"
    )
    assert any(r.text.startswith("Fits you:") for r in cdms.reasons)


def test_a_held_certification_comes_first_with_its_renewal() -> None:
    data = {
        **SOCIAL_WORKER,
        "certifications": [
            {
                "name": "CCM",
                "status": "active",
                "cycle_start": "2022-06-01",
                "valid_through": "2027-05-31",
            },
        ],
    }
    guidance = check(_profile(data), date(2026, 12, 3)).guidance
    assert guidance[0].credential == "CCM"
    assert guidance[0].group == "held"
    assert "31 May 2027" in guidance[0].headline
    assert guidance[0].apply_window is None


def test_costs_and_application_pages_come_from_the_catalogue() -> None:
    # GUIDE-4 and GUIDE-5: fees where the catalogue has them, "not published" where it does not,
    # and the certifier's page as a catalogue source.
    guidance = {g.credential: g for g in check(_profile(SOCIAL_WORKER), date(2026, 12, 3)).guidance}
    assert any("$420" in c.text and "CCM-X5" in c.rules for c in guidance["CCM"].costs)
    assert any("not published" in c.text and "ACM-X4" in c.rules for c in guidance["ACM"].costs)
    page = guidance["CCM"].apply_page
    assert page is not None and page.url.startswith("https://")
    assert guidance["CMGT-BC"].apply_page is None


def test_guidance_facts_are_validated_against_the_catalogue() -> None:
    book = load_rulebooks()["CCM"]
    assert book.guidance is not None
    data = book.guidance.model_dump()
    data["costs"][0]["rules"] = ["CCM-X55"]
    data["applying"]["page"] = "CCMC-NOWHERE"
    broken = book.model_copy(update={"guidance": Guidance.model_validate(data)})
    problems = [str(p) for p in check_rulebook(broken, load_catalogue(), "ccm.yaml")]
    assert any("CCM-X55" in p for p in problems)
    assert any("CCMC-NOWHERE" in p for p in problems)


def test_the_guide_rules_are_cited_by_the_guidance() -> None:
    cited: set[str] = set()
    for path in SCENARIO_PATHS:
        for item in _report(path).guidance:
            for reason in item.reasons:
                cited.update(reason.rules)
            for fact in (*item.costs, *item.employers):
                cited.update(fact.rules)
            if item.apply_window:
                cited.update(item.apply_window.rules)
    assert {"GUIDE-1", "GUIDE-2", "GUIDE-3", "GUIDE-4", "GUIDE-5", "GUIDE-6"} <= cited


def test_the_text_report_starts_with_your_options(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casepath.interfaces.cli import app

    profile = tmp_path / "sw.yaml"
    import yaml

    profile.write_text(yaml.safe_dump(SOCIAL_WORKER), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(profile), "--on", "2026-12-03"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Your options") < out.index("Credential")
    report = check(_profile(SOCIAL_WORKER), date(2026, 12, 3))
    listed = [g for g in report.guidance if g.group != "other_profession"]
    positions = [out.index(f". {g.credential}") for g in listed]
    assert positions == sorted(positions)
    flat = " ".join(out.split())
    assert "Not for your profession: " in flat
    assert "CMGT-BC would take an RN licence" in flat
