"""The roadmap SVG: well formed, accessible, and saying what the report says."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from casepath import service
from casepath.profile.loading import load_profile_text, parse_profile
from casepath.result import Report
from casepath.web.presenters import figures_text, progress_of, relative, status_view
from casepath.web.roadmap import build_roadmap, roadmap_svg

from .fakes import s16_report

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 3, 1)


def test_svg_is_well_formed_with_title_and_desc(s16_yaml: bytes) -> None:
    svg = roadmap_svg(load_profile_text(s16_yaml), s16_report(), TODAY)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "roadmap-title roadmap-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "roadmap-title"
    assert desc is not None and desc.text
    assert "CCM: not eligible yet; earliest eligibility 2026-05-31" in desc.text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "today 2026-03-01" in texts
    assert "2026-05-31" in texts
    assert "RN Case Manager" in texts


def test_lanes_follow_the_report(s16_yaml: bytes) -> None:
    roadmap = build_roadmap(load_profile_text(s16_yaml), s16_report(), TODAY)
    groups = {g.title: g for g in roadmap.groups}
    assert [lane.label for lane in groups["Jobs"].lanes] == ["Staff RN", "RN Case Manager"]
    ongoing = groups["Jobs"].lanes[1]
    assert [s.style for s in ongoing.segments] == ["cm", "projected"]
    thresholds = groups["Progress toward thresholds"].lanes
    first = thresholds[0]
    assert first.label == "CCM: 12 months of CM supervised by a CCM"
    assert first.progress == 0.75
    assert first.markers[0].on == date(2026, 5, 31)
    assert thresholds[-1].markers[0].label == "met"  # met thresholds come last
    credentials = {lane.label: lane for lane in groups["Credentials"].lanes}
    assert credentials["ACM-RN"].markers[0].label == "eligible now"
    assert credentials["C-SWCM"].note == "no date: depends on an event"
    assert roadmap.start <= date(2020, 1, 1) and roadmap.end >= date(2027, 1, 1)
    sentences = [text for _, text in roadmap.sentences()]
    assert any("reached on 2026-05-31 if the current jobs continue" in s for s in sentences)


def test_empty_profile_and_empty_report_still_draw() -> None:
    report = Report(evaluated_on=TODAY, rules_version="x", results=[])
    svg = roadmap_svg(parse_profile({}), report, TODAY)
    ET.fromstring(svg)
    assert "today 2026-03-01" in svg


def test_text_is_escaped() -> None:
    profile = parse_profile({"jobs": [{"title": "<script>&", "start": "2020-01-01"}]})
    report = Report(evaluated_on=TODAY, rules_version="x", results=[])
    svg = roadmap_svg(profile, report, TODAY)
    ET.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;&amp;" in svg


def test_old_jobs_run_in_from_the_left_edge() -> None:
    profile = parse_profile({"jobs": [{"start": "1990-01-01", "end": "2000-01-01"}]})
    report = Report(evaluated_on=TODAY, rules_version="x", results=[])
    roadmap = build_roadmap(profile, report, TODAY)
    assert roadmap.start == date(2020, 1, 1)
    svg = roadmap_svg(profile, report, TODAY)
    assert "from 1990-01-01 to 2000-01-01" in svg


def test_far_goals_are_capped() -> None:
    report = s16_report()
    report.results[0].earliest_eligibility_date = date(2090, 1, 1)
    roadmap = build_roadmap(parse_profile({}), report, TODAY)
    assert roadmap.end <= date(2042, 1, 1)


def test_figures_in_words() -> None:
    assert figures_text({"value": 1520.0, "threshold": 2080, "unit": "hours"}) == (
        "1,520 of 2,080 hours (73%)"
    )
    engine_style = {
        "has": 9.03,
        "need": 12.0,
        "short": 2.97,
        "unit": "months",
        "periods": ["2025-06-01..2026-03-01"],
        "has_text": "9 months 1 day",
    }
    assert figures_text(engine_style) == (
        "9 months 1 day of 12 months (75%), 3 months to go; periods: 2025-06-01..2026-03-01"
    )
    assert figures_text({"credential": "RN", "held": ["RN"], "not_counted": []}) == (
        "credential: RN; held: RN"
    )
    assert progress_of({"has": True, "need": 1}) is None
    assert progress_of({"has": 1, "need": 0}) is None


def test_status_words_and_relative_dates() -> None:
    assert status_view("indeterminate").words == "Undecided"
    assert status_view("not_eligible", renewal=True).words == "Renewal at risk"
    assert status_view("strange").words == "Strange"
    assert relative(date(2026, 5, 31), TODAY) == "in 91 days"
    assert relative(TODAY, TODAY) == "today"
    assert relative(date(2026, 2, 1), TODAY) == "28 days ago"


RN = {
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
ON = TODAY


def test_roadmap_dates_agree_with_the_cards() -> None:
    """Each credential lane shows the card's date: now, the earliest date, or none."""
    profile = parse_profile(RN)
    report = service.check(profile, ON)
    roadmap = build_roadmap(profile, report, ON)
    lanes = {
        lane.label: lane for g in roadmap.groups if g.title == "Credentials" for lane in g.lanes
    }
    for result in report.results:
        lane = lanes.get(result.variant or result.credential)
        if lane is None:
            continue
        dates = {m.on for m in lane.markers}
        if result.status.value == "eligible":
            assert dates == {ON}
        elif result.earliest_eligibility_date is None:
            assert not dates
        else:
            assert dates == {result.earliest_eligibility_date}
