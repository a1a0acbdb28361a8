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


def test_review_note_comes_from_the_rulebook_question() -> None:
    """The generic engine named CCM-E3-U in its earliest-date note for any review question; the
    note now belongs to the question in the rulebook, and another review question gets its own."""
    from casepath.catalogue import load_catalogue
    from casepath.rules.engine import judge_credential
    from casepath.rules.loader import load_rulebooks

    ccm = load_rulebooks()["CCM"]
    version = ccm.versions[-1]
    question = next(q for q in version.questions if q.forces_review)
    other = question.model_copy(update={"review_note": "", "label": "The board's review (X-1)"})
    book = ccm.model_copy(
        update={
            "versions": [
                version.model_copy(
                    update={"questions": [other if q is question else q for q in version.questions]}
                )
            ]
        }
    )
    profile = Profile.model_validate(MANY_QUESTIONS)
    judged = judge_credential(book, profile, ON, load_catalogue())
    assert judged.status == Status.indeterminate
    assert "CCM-E3-U" not in judged.earliest_note
    assert "The board's review (X-1)" in judged.earliest_note
    assert "CCM-E3-U" in result(MANY_QUESTIONS, "CCM").earliest_note


ROLE_LEFT_OUT: dict[str, Any] = {
    "licenses": [{"type": "RN", "state": "MN", "status": "active", "issued": "2012-06-01"}],
    "jobs": [
        {
            "title": "Hospital RN",
            "setting": "hospital",
            "start": "2022-01-03",
            "hours_per_week": 40,
            "paid": True,
            "supervised_by_ccm": False,
        }
    ],
}


def test_a_job_field_left_out_is_not_false() -> None:
    """CONV-11: a job without `role` was silently non_cm (and without `paid`, paid), so the work
    was not counted (or counted) without a word; it is an open question without default."""
    ccm = result(ROLE_LEFT_OUT, "CCM")
    assert ccm.status == Status.indeterminate
    assert ccm.alternatives["jobs[0].role=direct_cm"] == "eligible"
    assert ccm.alternatives["jobs[0].role=non_cm"] == "not_eligible"
    assert "CONV-11" in ccm.rules
    unpaid_unknown = {**ROLE_LEFT_OUT, "jobs": [{**ROLE_LEFT_OUT["jobs"][0], "role": "direct_cm"}]}
    del unpaid_unknown["jobs"][0]["paid"]
    acm = result(unpaid_unknown, "ACM")
    assert acm.status == Status.indeterminate
    assert acm.alternatives == {"jobs[0].paid=yes": "eligible", "jobs[0].paid=no": "not_eligible"}


def test_an_answered_fact_question_is_a_fact() -> None:
    """Answers to fact questions were not read; an answer now settles the question (no
    alternative, no indeterminate), and each result lists the questions that matter."""
    asked = result(ROLE_LEFT_OUT, "CCM")
    assert [q.id for q in asked.questions] == ["input:jobs[0].role"]
    question = asked.questions[0]
    assert question.kind == "fact"
    assert {a.id: a.outcome for a in question.answers} == {
        "direct_cm": "eligible",
        "supervisor_of_cm": "eligible",
        "non_cm": "not_eligible",
    }
    answered = result({**ROLE_LEFT_OUT, "answers": {question.id: "non_cm"}}, "CCM")
    assert answered.status == Status.not_eligible
    assert answered.alternatives == {}
    assert answered.questions == []


def test_answers_that_cannot_be_taken_are_refused() -> None:
    """An answer to a policy question, to an unknown question or with an unknown answer id is
    refused with a message naming the field, the value and what was expected."""
    import pytest

    from casepath.profile.loading import ProfileError

    answers = {
        "ccm_part_time_rule": "pro_rata_40h",
        "input:jobs[0].rol": "direct_cm",
        "input:jobs[0].role": "case_manager",
    }
    with pytest.raises(ProfileError) as caught:
        check(Profile.model_validate({**ROLE_LEFT_OUT, "answers": answers}), ON)
    messages = {issue.path: issue.message for issue in caught.value.issues}
    assert "certifier" in messages["answers.ccm_part_time_rule"]
    assert 'did you mean "input:jobs[0].role"' in messages["answers.input:jobs[0].rol"]
    assert "direct_cm, supervisor_of_cm, non_cm" in messages["answers.input:jobs[0].role"]
    assert "'case_manager'" in messages["answers.input:jobs[0].role"]


def _job(setting: str, start: str, end: str | None, role: str, **more: Any) -> dict[str, Any]:
    return {
        "title": f"{role} ({setting})",
        "setting": setting,
        "start": start,
        "end": end,
        "hours_per_week": 40,
        "role": role,
        "paid": True,
        "supervised_by_ccm": False,
        **more,
    }


RN = {"type": "RN", "state": "MN", "status": "active", "issued": "2012-06-01"}


def test_a_default_that_decides_lists_the_other_reading() -> None:
    """ACM-E-U2's default (a health plan is not a health delivery system) decided ACM with no
    alternative: the default was a fixed exclusion, not a reading; `alternatives` now says so."""
    acm = result(
        {"licenses": [RN], "jobs": [_job("health_plan_payer", "2020-01-06", None, "direct_cm")]},
        "ACM",
    )
    assert acm.status == Status.not_eligible
    assert acm.alternatives == {
        "payer_firm_not_hds": "not_eligible",
        "payer_firm_counts": "eligible",
    }


def test_category_mixing_is_a_reading_with_a_default() -> None:
    """CCM-E2-U3's default (no cross-category mixing) decided CCM with no alternative; 8 months
    of CCM-supervised CM and 6 months supervising case managers combine under the other one."""
    jobs = [
        _job(
            "hospital",
            "2024-01-01",
            "2024-08-31",
            "direct_cm",
            supervised_by_ccm=True,
            supervisor_ccm_since="2010-01-01",
        ),
        _job("hospital", "2024-09-01", "2025-02-28", "supervisor_of_cm"),
    ]
    ccm = result({"licenses": [RN], "jobs": jobs}, "CCM")
    assert ccm.status == Status.not_eligible
    assert ccm.alternatives == {
        "no_category_mixing": "not_eligible",
        "categories_combined": "eligible",
    }
    assert "CCM-E2-U3" in ccm.rules


def test_a_stated_default_survives_saving_and_downloading() -> None:
    """A job's stated `paid: true` was left out of YAML/JSON downloads and stored documents
    (it equals the model default), so it read back as left out: an open question (CONV-11)
    that changed the verdict of a stored profile."""
    from casepath.profile.loading import dump_profile_json, dump_profile_yaml, load_profile_text

    profile = Profile.model_validate(
        {"jobs": [{"title": "CM", "start": "2020-01-01", "paid": True, "role": "direct_cm"}]}
    )
    for text in (dump_profile_yaml(profile), dump_profile_json(profile)):
        again = load_profile_text(text)
        assert "paid" in again.jobs[0].model_fields_set
        assert "supervised_by_ccm" not in again.jobs[0].model_fields_set
