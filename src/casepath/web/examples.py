"""Example payloads for the OpenAPI document (worked example S16 of the rule catalogue)."""

from __future__ import annotations

from typing import Any

S16_PROFILE: dict[str, Any] = {
    "degrees": [
        {
            "level": "associate",
            "field": "nursing",
            "accredited": True,
            "conferred": "2015-06-06",
            "supervised_field_experience": "health",
        }
    ],
    "licenses": [
        {
            "type": "RN",
            "state": "WA",
            "status": "active",
            "restricted": False,
            "issued": "2015-08-01",
            "expires": "2026-08-31",
        }
    ],
    "jobs": [
        {
            "title": "Staff RN",
            "setting": "hospital",
            "start": "2015-09-08",
            "end": "2024-08-31",
            "hours_per_week": 40,
            "role": "non_cm",
            "paid": True,
            "supervised_by_ccm": False,
        },
        {
            "title": "RN Case Manager",
            "setting": "hospital",
            "start": "2024-09-01",
            "end": None,
            "hours_per_week": 40,
            "documented_hours": 3120,
            "role": "direct_cm",
            "paid": True,
            "supervised_by_ccm": True,
            "supervisor_ccm_since": "2025-06-01",
        },
    ],
    "ce_records": [
        {
            "hours": 30,
            "topic": "nursing_case_management",
            "date": "2025-05-16",
            "approver": "ANCC",
        }
    ],
}

CHECK_REQUEST: dict[str, Any] = {"profile": S16_PROFILE, "on": "2026-03-01"}

S16_CCM_RESULT: dict[str, Any] = {
    "credential": "CCM",
    "issuer": "CCMC",
    "variant": None,
    "status": "not_eligible",
    "path": "Option A (RN) + Category 1",
    "missing": [
        "12 months supervised while the supervisor held the CCM (has 9: 2025-06-01..2026-03-01)",
        "or 24 months of CM (has 18)",
    ],
    "rules": ["CCM-E2.1", "CCM-E2.2", "CCM-E2-U4"],
    "earliest_eligibility_date": "2026-05-31",
    "earliest_note": "Category 1 under the engine's default (strict) reading.",
    "status_until": None,
    "alternatives": {
        "strict_supervision_period": "not_eligible",
        "supervisor_ccm_at_application": "eligible",
    },
    "notes": [],
    "rule_version": "2026.1",
    "trace": {
        "id": "ccm",
        "label": "CCM eligibility",
        "kind": "all",
        "outcome": False,
        "rules": ["CCM-GEN-2"],
        "citations": [],
        "figures": {},
        "detail": "",
        "first_true": "2026-05-31",
        "children": [
            {
                "id": "ccm.cat1",
                "label": "12 months of full-time case management supervised by a CCM",
                "kind": "test",
                "outcome": False,
                "rules": ["CCM-E2.1"],
                "citations": [
                    {
                        "key": "CCMC-GLANCE",
                        "url": "https://ccmcertification.org/get-certified/ccm-at-a-glance",
                        "date": "",
                    }
                ],
                "figures": {"value": 9, "threshold": 12, "unit": "months"},
                "detail": "",
                "first_true": "2026-05-31",
                "children": [],
            }
        ],
    },
}

EXPLAINED_REPORT_EXAMPLE: dict[str, Any] = {
    "evaluated_on": "2026-03-01",
    "rules_version": "2026.1",
    "results": [S16_CCM_RESULT],
    "renewals": [],
    "warnings": [],
}

REPORT_EXAMPLE: dict[str, Any] = {
    **EXPLAINED_REPORT_EXAMPLE,
    "results": [{k: v for k, v in S16_CCM_RESULT.items() if k != "trace"}],
}
"""The compact answer (without `explain`): no `trace`, no `ledger`."""

CREDENTIALS_EXAMPLE: list[dict[str, Any]] = [
    {
        "id": "CCM",
        "issuer": "CCMC",
        "title": "Certified Case Manager",
        "summary": "Licence or degree, 12-24 months of case management, good moral character.",
    }
]
