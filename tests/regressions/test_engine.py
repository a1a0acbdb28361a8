"""Regression tests of the engine's open-question mechanics (issue 7), one per defect."""

from __future__ import annotations

from datetime import date
from typing import Any

from casepath.profile.model import Profile
from casepath.result import CredentialResult, Status
from casepath.service import check

ON = date(2026, 3, 1)


def result(profile: dict[str, Any], credential: str, on: date = ON) -> CredentialResult:
    return check(Profile.model_validate(profile), on).result_for(credential)


MANY_QUESTIONS: dict[str, Any] = {
    "disclosures": [{"type": "criminal_conviction", "level": "felony", "year": 2012}],
    "licenses": [
        {"type": "RN", "state": "ON", "status": "active", "issued": "2015-01-01"},
        {"type": "other", "state": "MN", "status": "active", "issued": "2016-01-01"},
    ],
    "degrees": [
        {"level": "associate", "field": "liberal_arts", "conferred": "2014-05-01"},
        {"level": "master", "field": "social_work", "conferred": "2018-05-01"},
    ],
    "jobs": [
        {
            "title": "Volunteer case manager",
            "setting": "hospital",
            "start": "2019-01-01",
            "hours_per_week": 20,
            "role": "direct_cm",
            "paid": False,
            "supervised_by_ccm": True,
        }
    ],
}


def test_no_open_question_is_dropped() -> None:
    """MAX_QUESTIONS kept 8 questions and silently dropped the rest, the moral-character review
    among them: CCM came out not_eligible with no CCM-E3-U instead of indeterminate."""
    ccm = result(MANY_QUESTIONS, "CCM")
    assert ccm.status == Status.indeterminate
    assert "CCM-E3-U" in ccm.rules
    assert any("Manual review" in note for note in ccm.notes)
