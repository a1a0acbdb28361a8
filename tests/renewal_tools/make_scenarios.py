"""Generate scenarios/renewal/*.yaml (run once; the YAML files are the tests' source of truth).

Every expectation below was worked out by hand from spec/rules.md, not copied from a run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).resolve().parents[2] / "scenarios" / "renewal"

RN = {
    "type": "RN",
    "state": "NJ",
    "status": "active",
    "issued": "2005-07-01",
    "expires": "2028-05-31",
}


def ce(hours: float, topic: str, day: str, approver: str = "CCMC_preapproved") -> dict[str, Any]:
    return {"hours": hours, "topic": topic, "date": day, "approver": approver}


def cert(name: str, start: str | None, end: str, status: str = "active") -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "status": status, "valid_through": end}
    if start:
        out["cycle_start"] = start
    return out


SCENARIOS: list[dict[str, Any]] = []


def add(
    sid: str,
    description: str,
    on: str,
    profile: dict[str, Any],
    renewal: dict[str, Any],
    covers: list[str],
) -> None:
    SCENARIOS.append(
        {
            "id": sid,
            "description": description,
            "evaluation_date": on,
            "profile": profile,
            "expected": {"renewal": renewal},
            "covers": covers,
        }
    )


CCM = cert("CCM", "2021-06-01", "2026-05-31")


def ccm_profile(records: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "licenses": [RN],
        "certifications": [extra.pop("cert", CCM)],
        "ce_records": records,
        **extra,
    }


# ---------------------------------------------------------------- CCM
add(
    "ccm-r3-ethics-7-hours",
    "CCM renewal: 80 h total but 7 ethics hours (one short)",
    "2026-04-15",
    ccm_profile([ce(73, "case_management", "2023-01-10"), ce(7, "ethics", "2024-02-02")]),
    {
        "credential": "CCM",
        "status": "not_eligible",
        "deadline": "2026-05-31",
        "missing": [
            "at least 1 more ethics-related CE hour (7 of 8), completed and submitted by 2026-05-31"
        ],
        "rules": ["CCM-R3", "CCM-R7"],
        "earliest_eligibility_date": None,
    },
    ["CCM-R3", "CCM-R1", "CCM-R7", "CCM-R8"],
)
add(
    "ccm-r3-ethics-8-hours",
    "CCM renewal: 80 h total with exactly 8 ethics hours",
    "2026-04-15",
    ccm_profile(
        [
            ce(72, "case_management", "2023-01-10"),
            ce(8, "ethics_code_of_professional_conduct", "2024-02-02"),
        ]
    ),
    {
        "credential": "CCM",
        "status": "eligible",
        "missing": [],
        "deadline": "2026-05-31",
        "rules": ["CCM-R2", "CCM-R3", "CCM-R7"],
        "earliest_eligibility_date": "2026-04-15",
    },
    ["CCM-R3", "CCM-R2", "CCM-R7", "CCM-R1"],
)
add(
    "ccm-r2-total-79-hours",
    "CCM renewal: 79 CE hours (8 ethics): one hour short",
    "2026-04-15",
    ccm_profile([ce(71, "nursing_case_management", "2022-03-01"), ce(8, "ethics", "2025-01-20")]),
    {
        "credential": "CCM",
        "status": "not_eligible",
        "missing": [
            "at least 1 more CE hour in the 5-year period (79 of 80), "
            "completed and submitted by 2026-05-31"
        ],
        "rules": ["CCM-R2"],
        "earliest_eligibility_date": None,
    },
    ["CCM-R2"],
)
add(
    "ccm-r6-post-approved-ce-counts",
    "CCM renewal: CE not pre-approved by CCMC counts (post-approval, $15 per item)",
    "2026-04-15",
    ccm_profile(
        [
            ce(72, "general_healthcare", "2022-03-01", "AHA"),
            ce(8, "ethics", "2025-01-20", "CCMC_postapproved"),
        ]
    ),
    {"credential": "CCM", "status": "eligible", "missing": [], "rules": ["CCM-R2", "CCM-R6"]},
    ["CCM-R6", "CCM-R2"],
)
add(
    "ccm-r7-day-before-window",
    "CCM renewal: requirements met, the day before the window opens (Mar 1 for May 31)",
    "2026-02-28",
    ccm_profile([ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2024-02-02")]),
    {
        "credential": "CCM",
        "status": "not_eligible",
        "rules": ["CCM-R7"],
        "missing": ["the online renewal window, open 2026-03-01..2026-05-31"],
        "earliest_eligibility_date": "2026-03-01",
        "deadline": "2026-05-31",
    },
    ["CCM-R7"],
)
add(
    "ccm-r7-window-opens-day",
    "CCM renewal: requirements met, the day the window opens",
    "2026-03-01",
    ccm_profile([ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2024-02-02")]),
    {
        "credential": "CCM",
        "status": "eligible",
        "rules": ["CCM-R7"],
        "earliest_eligibility_date": "2026-03-01",
    },
    ["CCM-R7"],
)
CCM_NOV = cert("CCM", "2020-12-01", "2025-11-30")
REASON = [
    {
        "type": "late_renewal_reason",
        "documented": True,
        "note": "hospitalised 2025-11-20..2025-12-20",
    }
]
add(
    "ccm-r9-day-30-late-request",
    "CCM late request on day 30 after valid-through 2025-11-30 (2025-12-30): reviewed",
    "2025-12-30",
    ccm_profile(
        [ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2024-02-02")],
        cert=CCM_NOV,
        disclosures=REASON,
    ),
    {
        "credential": "CCM",
        "status": "indeterminate",
        "deadline": "2025-11-30",
        "alternatives": {"reason_accepted": "eligible", "reason_refused": "not_eligible"},
        "rules": ["CCM-R9"],
        "late_window_closes": "2025-12-30",
    },
    ["CCM-R9", "CCM-R9-count"],
)
add(
    "ccm-r9-day-31-too-late",
    "CCM late request on day 31 (2025-12-31): denied without review",
    "2025-12-31",
    ccm_profile(
        [ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2024-02-02")],
        cert=CCM_NOV,
        disclosures=REASON,
    ),
    {
        "credential": "CCM",
        "status": "not_eligible",
        "missing": [],
        "earliest_eligibility_date": None,
        "rules": ["CCM-R9", "CCM-R9-count", "CCM-R4"],
    },
    ["CCM-R9", "CCM-R9-count", "CCM-R4"],
)
add(
    "ccm-r9-late-without-reason",
    "CCM late request on day 10 without a documented reason",
    "2025-12-10",
    ccm_profile(
        [ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2024-02-02")], cert=CCM_NOV
    ),
    {
        "credential": "CCM",
        "status": "not_eligible",
        "rules": ["CCM-R9"],
        "missing": ["a clear, compelling, documented reason for missing the deadline"],
    },
    ["CCM-R9"],
)
add(
    "ccm-r4-re-examination-route",
    "CCM renewal by passing the exam again (only 20 CE hours)",
    "2026-04-15",
    ccm_profile(
        [ce(20, "case_management", "2023-01-10")],
        exams_passed=[{"name": "CCM", "date": "2025-12-10"}],
    ),
    {"credential": "CCM", "status": "eligible", "missing": [], "rules": ["CCM-R4", "CCM-R8"]},
    ["CCM-R4", "CCM-R8"],
)
add(
    "ccm-r5-licence-expired",
    "CCM renewal: CE complete but the only licence expired",
    "2026-04-15",
    {
        "licenses": [{**RN, "status": "expired", "expires": "2025-05-31"}],
        "certifications": [CCM],
        "ce_records": [ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2024-02-02")],
    },
    {
        "credential": "CCM",
        "status": "not_eligible",
        "rules": ["CCM-R5"],
        "missing": ["a copy of a current, active licence"],
    },
    ["CCM-R5"],
)
add(
    "ccm-r-u-record-from-previous-period",
    "CCM renewal: an ethics record dated before the cycle start (used in the previous period)",
    "2026-04-15",
    ccm_profile(
        [
            ce(74, "case_management", "2023-01-10"),
            ce(4, "ethics", "2021-05-20"),
            ce(4, "ethics", "2022-02-02"),
        ]
    ),
    {
        "credential": "CCM",
        "status": "not_eligible",
        "rules": ["CCM-R3", "CCM-R-U"],
        "missing": [
            "at least 4 more ethics-related CE hours (4 of 8), "
            "completed and submitted by 2026-05-31",
            "at least 2 more CE hours in the 5-year period (78 of 80)",
        ],
    },
    ["CCM-R-U", "CCM-R2"],
)
add(
    "ccm-r10-return-from-retirement",
    "CCM-R holder returns to full CCM within 5 years of expiry",
    "2026-04-15",
    {
        "licenses": [RN],
        "certifications": [cert("CCM", "2019-06-01", "2024-05-31", "retired")],
        "ce_records": [ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2025-02-02")],
        "still_practicing_case_management": False,
    },
    {"credential": "CCM", "status": "eligible", "rules": ["CCM-R10", "CCM-R10-b"]},
    ["CCM-R10", "CCM-R10-b"],
)
add(
    "ccm-r10-retirement-designation-note",
    "Active CCM no longer practising: CCM-R is offered up to 9 months after expiry",
    "2026-04-15",
    ccm_profile(
        [ce(72, "case_management", "2023-01-10"), ce(8, "ethics", "2024-02-02")],
        still_practicing_case_management=False,
    ),
    {"credential": "CCM", "status": "eligible", "rules": ["CCM-R10"]},
    ["CCM-R10"],
)

# ---------------------------------------------------------------- ACM
ACM = cert("ACM-RN", "2022-07-01", "2026-06-30")


def acm_profile(
    records: list[dict[str, Any]], certification: dict[str, Any] = ACM
) -> dict[str, Any]:
    return {"licenses": [RN], "certifications": [certification], "ce_records": records}


add(
    "acm-r3-29-cm-hours",
    "ACM renewal: 29 case-management hours, 11 other (only 10 count)",
    "2026-05-01",
    acm_profile(
        [
            ce(29, "health_care_delivery_system_case_management", "2024-03-01", "ACMA"),
            ce(11, "general_healthcare", "2025-01-01", "ANCC"),
        ]
    ),
    {
        "credential": "ACM-RN",
        "status": "not_eligible",
        "rules": ["ACM-R3", "ACM-R2"],
        "missing": [
            "at least 1 more case-management-specific CE hour (29 of 30)",
            "at least 1 more CE hour counted towards the 40 (39 of 40)",
        ],
    },
    ["ACM-R3", "ACM-R4", "ACM-R2"],
)
add(
    "acm-r3-30-cm-hours",
    "ACM renewal: 30 case-management hours and 10 other: 40",
    "2026-05-01",
    acm_profile(
        [
            ce(30, "case_management", "2024-03-01", "CCMC_PACE"),
            ce(10, "ethics", "2025-01-01", "state_board_of_nursing"),
        ]
    ),
    {
        "credential": "ACM-RN",
        "status": "eligible",
        "missing": [],
        "deadline": "2026-06-30",
        "rules": ["ACM-R2", "ACM-R3", "ACM-R5", "ACM-R6"],
    },
    ["ACM-R3", "ACM-R2", "ACM-R1", "ACM-R5", "ACM-R6"],
)
add(
    "acm-r6-sponsor-not-accepted",
    "ACM renewal: 5 case-management hours from a sponsor ACMA does not list",
    "2026-05-01",
    acm_profile(
        [
            ce(25, "case_management", "2024-03-01", "ACMA"),
            ce(5, "case_management", "2024-04-01", "AHA"),
            ce(10, "general_healthcare", "2025-01-01", "ACMA"),
        ]
    ),
    {
        "credential": "ACM-RN",
        "status": "not_eligible",
        "rules": ["ACM-R6", "ACM-R3"],
        "missing": ["at least 5 more case-management-specific CE hours (25 of 30)"],
    },
    ["ACM-R6"],
)
add(
    "acm-r-u-after-term-end",
    "ACM renewal after the term ended: late renewal is UNKNOWN",
    "2026-07-15",
    acm_profile(
        [
            ce(30, "case_management", "2024-03-01", "ACMA"),
            ce(10, "general_healthcare", "2025-01-01", "ACMA"),
        ]
    ),
    {
        "credential": "ACM-RN",
        "status": "indeterminate",
        "rules": ["ACM-R-U"],
        "alternatives": {"late_renewal_possible": "eligible", "no_late_renewal": "not_eligible"},
    },
    ["ACM-R-U", "ACM-R1"],
)

# ---------------------------------------------------------------- CMGT-BC
ANCC = cert("CMGT-BC", "2021-10-01", "2026-09-30")
PRESENTATION = [{"category": "presentation", "date": "2024-05-01", "amount": 1}]


def ancc_profile(
    records: list[dict[str, Any]],
    pd: list[dict[str, Any]] = PRESENTATION,
    licences: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "licenses": licences or [RN],
        "certifications": [ANCC],
        "ce_records": records,
        "other_professional_development": pd,
    }


add(
    "ancc-r4-74-contact-hours",
    "CMGT-BC renewal: 74 contact hours in the specialty",
    "2026-06-01",
    ancc_profile([ce(74, "nursing_case_management", "2024-01-15", "ANCC")]),
    {
        "credential": "CMGT-BC",
        "status": "not_eligible",
        "rules": ["ANCC-R4"],
        "missing": ["at least 1 more contact hour of CE in nursing case management (74 of 75)"],
    },
    ["ANCC-R4", "ANCC-R-hist"],
)
add(
    "ancc-r4-75-contact-hours",
    "CMGT-BC renewal: 75 contact hours and a presentation",
    "2026-06-01",
    ancc_profile([ce(75, "nursing_case_management", "2024-01-15", "ANCC")]),
    {
        "credential": "CMGT-BC",
        "status": "eligible",
        "missing": [],
        "rules": ["ANCC-R2", "ANCC-R4", "ANCC-R5", "ANCC-R8"],
    },
    ["ANCC-R4", "ANCC-R5", "ANCC-R2", "ANCC-R8", "ANCC-R1", "ANCC-R6", "ANCC-R7", "ANCC-R-hist"],
)
add(
    "ancc-r5-no-activity",
    "CMGT-BC renewal: 80 contact hours but no activity of categories 2-8",
    "2026-06-01",
    ancc_profile([ce(80, "case_management", "2024-01-15", "ANCC")], pd=[]),
    {
        "credential": "CMGT-BC",
        "status": "not_eligible",
        "rules": ["ANCC-R5"],
        "missing": ["one professional-development activity of categories 2-8"],
    },
    ["ANCC-R5"],
)
add(
    "ancc-r5-det-academic-credits-short",
    "CMGT-BC renewal: 3 semester credits (5 needed for category 2)",
    "2026-06-01",
    ancc_profile(
        [ce(80, "case_management", "2024-01-15", "ANCC")],
        pd=[{"category": "academic_credits", "date": "2024-05-01", "amount": 3}],
    ),
    {
        "credential": "CMGT-BC",
        "status": "not_eligible",
        "rules": ["ANCC-R5-det"],
        "missing": [
            "one professional-development activity of categories 2-8; "
            "not counted: academic credits: 3 credits of 5"
        ],
    },
    ["ANCC-R5-det"],
)
add(
    "ancc-r5-det-preceptor-threshold-unknown",
    "CMGT-BC renewal: only preceptor hours, whose threshold is UNKNOWN",
    "2026-06-01",
    ancc_profile(
        [ce(80, "case_management", "2024-01-15", "ANCC")],
        pd=[{"category": "preceptor_hours", "date": "2024-05-01", "amount": 40}],
    ),
    {
        "credential": "CMGT-BC",
        "status": "indeterminate",
        "rules": ["ANCC-R5-det"],
        "alternatives": {"threshold_met": "eligible", "threshold_not_met": "not_eligible"},
    },
    ["ANCC-R5-det"],
)
add(
    "ancc-r3-day-after-expiry",
    "CMGT-BC the day after expiry: no grace period",
    "2026-10-01",
    ancc_profile([ce(80, "case_management", "2024-01-15", "ANCC")]),
    {"credential": "CMGT-BC", "status": "not_eligible", "rules": ["ANCC-R3"], "missing": []},
    ["ANCC-R3"],
)
add(
    "ancc-r3-expiry-day",
    "CMGT-BC on the expiry date itself: still on time",
    "2026-09-30",
    ancc_profile([ce(80, "case_management", "2024-01-15", "ANCC")]),
    {"credential": "CMGT-BC", "status": "eligible"},
    ["ANCC-R3", "ANCC-R8"],
)
add(
    "ancc-r8-more-than-a-year-early",
    "CMGT-BC: requirements met 1 year and 1 day before expiry",
    "2025-09-29",
    ancc_profile([ce(80, "case_management", "2024-01-15", "ANCC")]),
    {
        "credential": "CMGT-BC",
        "status": "not_eligible",
        "rules": ["ANCC-R8"],
        "earliest_eligibility_date": "2025-10-01",
    },
    ["ANCC-R8"],
)
add(
    "ancc-r2-licence-lapsed",
    "CMGT-BC renewal with a lapsed RN licence",
    "2026-06-01",
    ancc_profile(
        [ce(80, "case_management", "2024-01-15", "ANCC")], licences=[{**RN, "status": "lapsed"}]
    ),
    {
        "credential": "CMGT-BC",
        "status": "not_eligible",
        "rules": ["ANCC-R2"],
        "missing": ["a current, active RN licence"],
    },
    ["ANCC-R2"],
)

# ---------------------------------------------------------------- CDMS
CDMS = cert("CDMS", "2021-04-01", "2026-03-31")


def cdms_profile(
    records: list[dict[str, Any]], certification: dict[str, Any] = CDMS, **extra: Any
) -> dict[str, Any]:
    return {"licenses": [RN], "certifications": [certification], "ce_records": records, **extra}


add(
    "cdms-r1-ethics-3-hours",
    "CDMS renewal: 80 h with only 3 ethics hours",
    "2026-02-15",
    cdms_profile(
        [
            ce(77, "disability_management", "2023-05-01", "CDMS_preapproved"),
            ce(3, "ethics", "2024-05-01", "CDMS_preapproved"),
        ]
    ),
    {
        "credential": "CDMS",
        "status": "not_eligible",
        "rules": ["CDMS-R1"],
        "missing": ["at least 1 more ethics CE hour (3 of 4)"],
    },
    ["CDMS-R1", "CDMS-R2"],
)
add(
    "cdms-r1-ethics-4-hours",
    "CDMS renewal: 80 h with 4 ethics hours, in the Feb 1-Mar 31 window",
    "2026-02-15",
    cdms_profile(
        [
            ce(76, "disability_management", "2023-05-01", "CDMS_preapproved"),
            ce(4, "ethics", "2024-05-01", "CDMS_preapproved"),
        ]
    ),
    {"credential": "CDMS", "status": "eligible", "rules": ["CDMS-R1", "CDMS-R2"], "missing": []},
    ["CDMS-R1", "CDMS-R2"],
)
add(
    "cdms-r1-approval-unknown",
    "CDMS renewal relying on CE from another approver: whether it is 'approved' is UNKNOWN",
    "2026-02-15",
    cdms_profile(
        [
            ce(76, "disability_management", "2023-05-01", "AHA"),
            ce(4, "ethics", "2024-05-01", "CDMS_preapproved"),
        ]
    ),
    {
        "credential": "CDMS",
        "status": "indeterminate",
        "rules": ["CDMS-R1"],
        "alternatives": {"any_approver_accepted": "eligible", "preapproved_only": "not_eligible"},
    },
    ["CDMS-R1"],
)
add(
    "cdms-r2-day-before-window",
    "CDMS valid through Sep 30: the day before the Aug 1 window",
    "2026-07-31",
    cdms_profile(
        [
            ce(76, "disability_management", "2023-05-01", "CDMS_preapproved"),
            ce(4, "ethics", "2024-05-01", "CDMS_preapproved"),
        ],
        certification=cert("CDMS", "2021-10-01", "2026-09-30"),
    ),
    {
        "credential": "CDMS",
        "status": "not_eligible",
        "rules": ["CDMS-R2"],
        "earliest_eligibility_date": "2026-08-01",
    },
    ["CDMS-R2"],
)
CDMS_DEC = cert("CDMS", "2021-01-01", "2025-12-31")
add(
    "cdms-r3-day-90-late-request",
    "CDMS late request on day 90 after 2025-12-31 (2026-03-31)",
    "2026-03-31",
    cdms_profile(
        [
            ce(76, "disability_management", "2023-05-01", "CDMS_preapproved"),
            ce(4, "ethics", "2024-05-01", "CDMS_preapproved"),
        ],
        certification=CDMS_DEC,
        disclosures=REASON,
    ),
    {
        "credential": "CDMS",
        "status": "indeterminate",
        "rules": ["CDMS-R3"],
        "late_window_closes": "2026-03-31",
        "alternatives": {"reason_accepted": "eligible", "reason_refused": "not_eligible"},
    },
    ["CDMS-R3"],
)
add(
    "cdms-r3-day-91-too-late",
    "CDMS late request on day 91 (2026-04-01): the late window has closed",
    "2026-04-01",
    cdms_profile(
        [
            ce(76, "disability_management", "2023-05-01", "CDMS_preapproved"),
            ce(4, "ethics", "2024-05-01", "CDMS_preapproved"),
        ],
        certification=CDMS_DEC,
        disclosures=REASON,
    ),
    {"credential": "CDMS", "status": "not_eligible", "rules": ["CDMS-R3"], "missing": []},
    ["CDMS-R3"],
)

# ---------------------------------------------------------------- CRC
CRC = cert("CRC", "2021-08-01", "2026-07-31")
add(
    "crc-r1-ethics-9-hours",
    "CRC renewal: 100 CE hours with 9 ethics",
    "2026-05-01",
    {
        "certifications": [CRC],
        "ce_records": [
            ce(91, "case_management", "2023-01-01", "other"),
            ce(9, "ethics", "2024-01-01", "other"),
        ],
    },
    {
        "credential": "CRC",
        "status": "not_eligible",
        "rules": ["CRC-R1"],
        "missing": ["at least 1 more ethics CE hour (9 of 10)"],
    },
    ["CRC-R1"],
)
add(
    "crc-r1-ethics-10-hours",
    "CRC renewal: 100 CE hours with 10 ethics",
    "2026-05-01",
    {
        "certifications": [CRC],
        "ce_records": [
            ce(90, "case_management", "2023-01-01", "other"),
            ce(10, "ethics", "2024-01-01", "other"),
        ],
    },
    {"credential": "CRC", "status": "eligible", "rules": ["CRC-R1"], "missing": []},
    ["CRC-R1"],
)

# ---------------------------------------------------------------- NASW
add(
    "nasw-r-u-ce-amount-unknown",
    "C-SWCM renewal: the CE hours needed are UNKNOWN",
    "2026-05-01",
    {
        "certifications": [cert("C-SWCM", None, "2026-08-31")],
        "ce_records": [
            ce(30, "social_work_case_management", "2025-06-01", "NASW"),
            ce(3, "ethics", "2025-07-01", "NASW"),
        ],
    },
    {
        "credential": "C-SWCM",
        "status": "indeterminate",
        "rules": ["NASW-R-U"],
        "deadline": "2026-08-31",
        "alternatives": {"recorded_ce_suffices": "eligible", "more_ce_needed": "not_eligible"},
    },
    ["NASW-R-U", "NASW-GEN-3"],
)
add(
    "nasw-gen-3-two-year-cycle",
    "C-ASWCM renewal: 2-year cycle derived from valid-through; CE recorded before it not counted",
    "2026-05-01",
    {
        "certifications": [cert("C-ASWCM", None, "2027-02-28")],
        "ce_records": [
            ce(10, "social_work_case_management", "2025-02-28", "NASW"),
            ce(12, "ethics", "2025-03-01", "NASW"),
        ],
    },
    {"credential": "C-ASWCM", "status": "indeterminate", "rules": ["NASW-GEN-3"]},
    ["NASW-GEN-3", "NASW-R-U"],
)

# ---------------------------------------------------------------- ledger messages
add(
    "ledger-unknown-topic-and-future-record",
    "An unknown topic counts as general CE (with a note); "
    "a record dated after the evaluation date does not count",
    "2026-04-15",
    ccm_profile(
        [
            ce(70, "case_management", "2023-01-10"),
            ce(2, "basket_weaving", "2024-01-10", "other"),
            ce(8, "ethics", "2024-02-02"),
            ce(5, "ethics", "2026-05-01"),
        ]
    ),
    {"credential": "CCM", "status": "eligible", "missing": []},
    ["CCM-R2", "CCM-R6"],
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for scenario in SCENARIOS:
        path = OUT / f"{scenario['id']}.yaml"
        text = "# Renewal scenario (issue 3). Rule IDs refer to spec/rules.md.\n" + yaml.safe_dump(
            scenario, sort_keys=False, allow_unicode=True, width=100
        )
        path.write_text(text, encoding="utf-8")
    print(f"{len(SCENARIOS)} scenarios written to {OUT}")


if __name__ == "__main__":
    main()
