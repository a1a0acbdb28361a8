"""Renewal tracking (issue 3): renewal rulebooks, the CE ledger, calendars, renewal results,
scenario coverage of every renewal rule ID of the catalogue."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from casepath.catalogue import load_catalogue
from casepath.profile.loading import ProfileError, load_profile_text
from casepath.profile.model import CERecord, Certification, CertificationName, Profile
from casepath.renewal.ledger import SCHEMES, build_ledger
from casepath.renewal.periods import calendar_for
from casepath.renewal.rulebooks import (
    RENEWAL_FILES,
    check_renewal_book,
    load_renewal_rulebooks,
    parse_renewal_book,
    renewal_text,
    validate_renewal_rulebooks,
)
from casepath.result import Report, Status
from casepath.rules.loader import RulebookError
from casepath.service import check
from scenario_check import SCENARIOS, Scenario, load_scenario

RENEWAL_SCENARIOS = sorted((SCENARIOS / "renewal").glob("*.yaml"))

# ------------------------------------------------------------------------------ coverage


def renewal_rule_ids() -> list[str]:
    """Every renewal rule of the catalogue: CCM-R*, ACM-R*, ANCC-R*, CDMS-R*, CRC-R1, NASW-R-U
    and NASW-GEN-3 (renewal every 2 years)."""
    pattern = re.compile(r"^(CCM|ACM|ANCC|CDMS|CRC)-R|^NASW-R-U$|^NASW-GEN-3$")
    return [rule for rule in load_catalogue().rules if pattern.match(rule)]


@cache
def _run(path: Path) -> tuple[Scenario, Report]:
    scenario = load_scenario(path)
    return scenario, scenario.run()


def _cites(text: str, rule: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(rule)}(?![\w-])", text) is not None


def test_catalogue_has_the_renewal_rules() -> None:
    ids = renewal_rule_ids()
    assert {"CCM-R1", "CCM-R10-b", "ACM-R6", "ANCC-R-hist", "CDMS-R3", "CRC-R1"} <= set(ids)
    assert {"NASW-R-U", "NASW-GEN-3"} <= set(ids)
    assert len(ids) >= 36


@pytest.mark.parametrize("rule", renewal_rule_ids())
def test_renewal_rule_is_covered_by_a_scenario(rule: str) -> None:
    """A scenario lists the rule under `covers` and its report cites it in a renewal's rules
    or notes."""
    listed = [p for p in RENEWAL_SCENARIOS if rule in _run(p)[0].covers]
    assert listed, f"no renewal scenario covers {rule}"
    for path in listed:
        _, report = _run(path)
        for renewal in report.renewals:
            if rule in renewal.rules or any(_cites(note, rule) for note in renewal.notes):
                return
    pytest.fail(f"{rule}: scenarios {[p.stem for p in listed]} list it but no report cites it")


def test_every_renewal_scenario_states_a_renewal() -> None:
    assert len(RENEWAL_SCENARIOS) >= 30
    for path in RENEWAL_SCENARIOS:
        scenario = load_scenario(path)
        assert "renewal" in scenario.expected or "renewals" in scenario.expected, path.stem
        assert scenario.covers, path.stem


# ------------------------------------------------------------------------------ rulebooks


def test_renewal_rulebooks_load_and_validate() -> None:
    books = load_renewal_rulebooks()
    assert list(books) == ["CCM", "ACM", "CMGT-BC", "CDMS", "CRC", "NASW"]
    assert validate_renewal_rulebooks() == []
    for book in books.values():
        assert book.rulebook.versions, book.key


def test_unknown_rule_id_in_a_renewal_rulebook_is_reported() -> None:
    text = renewal_text(RENEWAL_FILES["CRC"]).replace("[CRC-R1]", "[CRC-R9]", 1)
    book = parse_renewal_book("CRC", text, "crc.yaml")
    problems = check_renewal_book(book, load_catalogue(), "crc.yaml")
    assert any("CRC-R9" in str(p) for p in problems)


def test_renewal_rulebook_without_schedule_is_refused() -> None:
    text = renewal_text(RENEWAL_FILES["CRC"]).split("schedule:")[0] + "versions: []\n"
    with pytest.raises(RulebookError, match="schedule"):
        parse_renewal_book("CRC", text, "crc.yaml")


# ------------------------------------------------------------------------------ calendars


def _calendar(name: str, end: date, start: date | None = None):  # type: ignore[no-untyped-def]
    books = load_renewal_rulebooks()
    cert = Certification(
        name=CertificationName(name), status="active", cycle_start=start, valid_through=end
    )
    book = next(b for b in books.values() if cert.name in b.schedule.certifications)
    calendar = calendar_for(cert, book.schedule)
    assert calendar is not None
    return calendar


@pytest.mark.parametrize(
    ("end", "opens"),
    [(date(2026, 5, 31), date(2026, 3, 1)), (date(2025, 11, 30), date(2025, 9, 1))],
)
def test_ccm_window_opens_about_three_months_before(end: date, opens: date) -> None:
    """CCM-R7: May 31 -> Mar 1; Nov 30 -> Sep 1."""
    assert _calendar("CCM", end).window_opens == opens


def test_ccm_late_window_day_30() -> None:
    """CCM-R9-count: valid through 2025-11-30 -> day 30 = 2025-12-30."""
    calendar = _calendar("CCM", date(2025, 11, 30))
    assert calendar.late_closes == date(2025, 12, 30)
    assert calendar.late_day_number(date(2025, 12, 30)) == 30
    assert calendar.late_day_number(date(2025, 12, 31)) == 31


@pytest.mark.parametrize(
    ("end", "opens"),
    [
        (date(2026, 3, 31), date(2026, 2, 1)),
        (date(2026, 9, 30), date(2026, 8, 1)),
        (date(2026, 12, 31), date(2026, 11, 1)),
    ],
)
def test_cdms_windows(end: date, opens: date) -> None:
    """CDMS-R2: Feb 1-Mar 31, Aug 1-Sep 30, Nov 1-Dec 31; CDMS-R3: 90 days late."""
    calendar = _calendar("CDMS", end)
    assert calendar.window_opens == opens
    assert calendar.late_closes is not None and (calendar.late_closes - end).days == 90
    assert not calendar.unpublished_cycle


def test_ancc_has_no_grace_period_and_derived_cycle_start() -> None:
    calendar = _calendar("CMGT-BC", date(2026, 9, 30))
    assert calendar.late_closes is None and calendar.last_submission_day == date(2026, 9, 30)
    assert calendar.period_start == date(2021, 10, 1) and calendar.derived_start
    assert calendar.window_opens == date(2025, 10, 1)  # ANCC-R8: up to 1 year before


def test_acm_cycle_is_four_years_and_late_rule_unknown() -> None:
    calendar = _calendar("ACM-RN", date(2026, 6, 30))
    assert calendar.period_start == date(2022, 7, 1)
    assert calendar.last_submission_day is None


# ------------------------------------------------------------------------------ the ledger


def _records(*rows: tuple[float, str, str, str]) -> list[CERecord]:
    return [
        CERecord(hours=h, topic=t, date=date.fromisoformat(d), approver=a) for h, t, d, a in rows
    ]


def test_ledger_counts_each_record_once_and_says_why_not() -> None:
    records = _records(
        (10, "ethics", "2021-05-31", "CCMC"),  # the day before the period
        (10, "ethics", "2021-06-01", "CCMC"),  # first day of the period
        (10, "ethics", "2021-06-01", "CCMC"),  # exact duplicate
        (5, "case_management", "2026-05-01", "CCMC"),  # after the evaluation date
        (3, "weaving", "2024-01-01", "AHA"),  # unknown topic, not pre-approved
    )
    ledger = build_ledger(
        records, SCHEMES["ccm"], date(2021, 6, 1), date(2026, 5, 31), date(2026, 4, 15)
    )
    entries = ledger.entries
    assert [e.counted_hours for e in entries] == [0, 10, 0, 0, 3]
    assert "used in the previous period" in entries[0].reason
    assert entries[1].reason == ""
    assert "counted once" in entries[2].reason
    assert "not yet completed" in entries[3].reason
    assert "unknown topic" in entries[4].reason and "general" in entries[4].categories
    assert "$15" in entries[4].reason  # CCM-R6 post-approval
    assert ledger.hours("ethics") == 10 and ledger.hours() == 13
    assert any("weaving" in note for note in ledger.notes)


def test_acm_ledger_caps_non_cm_hours_and_checks_sponsors() -> None:
    records = _records(
        (8, "general_healthcare", "2023-01-01", "ANCC"),
        (4, "ethics", "2023-02-01", "ACMA"),
        (20, "case_management", "2023-03-01", "AHA"),
        (30, "nursing_case_management", "2023-04-01", "CCMC_PACE"),
    )
    ledger = build_ledger(
        records, SCHEMES["acm"], date(2022, 7, 1), date(2026, 6, 30), date(2026, 5, 1)
    )
    entries = ledger.entries
    assert entries[0].counted_hours == 8
    assert entries[1].counted_hours == 2 and "ACM-R4" in entries[1].reason
    assert entries[2].counted_hours == 0 and "ACM-R6" in entries[2].reason
    assert ledger.hours("cm_specific") == 30 and ledger.hours("general") == 10
    assert ledger.hours() == 40


def test_record_after_valid_through_is_not_in_the_period() -> None:
    records = _records((5, "ethics", "2026-06-01", "CCMC"))
    ledger = build_ledger(
        records, SCHEMES["ccm"], date(2021, 6, 1), date(2026, 5, 31), date(2026, 6, 10)
    )
    assert ledger.entries[0].counted_hours == 0
    assert "valid-through" in ledger.entries[0].reason


# ------------------------------------------------------------------------------ bad CE records


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ("{hours: -3, topic: ethics, date: 2024-01-01}", "ce_records[0].hours"),
        ("{hours: 3, topic: ethics, date: 2024-02-30}", "ce_records[0].date"),
        ("{hours: 3, topic: ethics}", "ce_records[0].date"),
    ],
)
def test_bad_ce_records_are_refused_with_the_field(record: str, field: str) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile_text(f"ce_records:\n  - {record}\n")
    assert field in str(caught.value)


def test_unknown_topic_and_future_record_get_notes_in_the_report() -> None:
    profile = Profile.model_validate(
        {
            "licenses": [{"type": "RN", "status": "active", "expires": "2028-01-01"}],
            "certifications": [
                {
                    "name": "CCM",
                    "status": "active",
                    "cycle_start": "2021-06-01",
                    "valid_through": "2026-05-31",
                }
            ],
            "ce_records": [
                {"hours": 2, "topic": "basket_weaving", "date": "2024-01-10"},
                {"hours": 5, "topic": "ethics", "date": "2026-05-01"},
            ],
        }
    )
    renewal = check(profile, date(2026, 4, 15)).renewals[0]
    notes = " ".join(renewal.notes)
    assert 'unknown topic "basket_weaving"' in notes
    assert "2026-05-01, after the evaluation date 2026-04-15" in notes
    assert renewal.ledger[0].counted_hours == 2  # never silently dropped


# ------------------------------------------------------------------------------ results


def test_one_renewal_per_certification_held() -> None:
    profile = Profile.model_validate(
        {
            "certifications": [
                {"name": "CCM", "status": "active", "valid_through": "2026-05-31"},
                {"name": "other", "status": "active", "valid_through": "2026-05-31"},
                {"name": "CDMS", "status": "active"},
            ]
        }
    )
    renewals = check(profile, date(2026, 4, 15)).renewals
    assert [r.credential for r in renewals] == ["CCM", "other", "CDMS"]
    assert renewals[1].status == Status.not_applicable
    assert renewals[2].status == Status.indeterminate
    assert "valid_through" in renewals[2].missing[0]
    ccm = renewals[0]
    assert ccm.period_start == date(2021, 6, 1)  # derived: 5 years before valid-through
    assert ccm.late_fee and "$175" in ccm.late_fee
    assert ccm.window_opens == date(2026, 3, 1) and ccm.late_window_closes == date(2026, 6, 30)
    assert {p.category for p in ccm.progress} == {"total", "ethics"}


def test_renewal_json_has_the_documented_keys() -> None:
    scenario = load_scenario(SCENARIOS / "renewal" / "ccm-r3-ethics-7-hours.yaml")
    data = scenario.run().model_dump(mode="json")["renewals"][0]
    for key in (
        "credential",
        "status",
        "missing",
        "rules",
        "deadline",
        "earliest_eligibility_date",
    ):
        assert key in data
    assert data["deadline"] == "2026-05-31"
