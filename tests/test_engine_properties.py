"""Properties of check() over small random profiles (hypothesis).

(a) Monotonicity: more hours (a job's hours_per_week or documented_hours raised) or one more CE
    record dated on or before the evaluation date never makes an outcome worse, in the order
    eligible > indeterminate > not_eligible (not_applicable skipped).
(b) Earliest date: when a result reports an earliest eligibility date D after the evaluation
    date, checking again on D gives `eligible` and checking on D - 1 day does not.
(c) status_until: an `eligible` result with status_until U is still eligible on U and is not
    eligible on U + 1 day.

For (b) and (c) the profile must mean the same thing on a later day: CONV-8 projects an ongoing
job at its current pace, so ongoing jobs carry hours_per_week only (documented_hours are a total
up to the evaluation date), and CE records are dated on or before the evaluation date (no CE is
projected). CONV-8 also assumes that a licence active and unrestricted on the evaluation date is
renewed when it expires: for (b) the check on D is made with those licences renewed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casepath.profile.model import Profile
from casepath.result import Report, Status
from casepath.rules.engine import judge_version
from casepath.rules.loader import load_rulebooks
from casepath.service import check

RANK = {Status.not_eligible: 0, Status.indeterminate: 1, Status.eligible: 2}
FIRST = date(2010, 1, 1)
LAST = date(2030, 12, 31)
SETTINGS = [
    "hospital",
    "health_system_clinic",
    "home_health",
    "health_plan_payer",
    "self_employed",
    "disability_insurer_tpa",
    "county_social_services",
]
TOPICS = ["nursing_case_management", "social_work_case_management", "case_management", "other"]
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Profiles with many open questions take longer to check: fewer examples.
OPEN_PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def days_around(on: date, before: int, after: int) -> st.SearchStrategy[date]:
    """Dates from `before` days before `on` to `after` days after it, within 2010-2030."""
    low = max(FIRST, on - timedelta(days=before))
    high = min(LAST, on + timedelta(days=after))
    return st.dates(min_value=min(low, high), max_value=high)


@st.composite
def licences(draw: st.DrawFn, on: date, nurse: bool) -> dict[str, Any]:
    issued = draw(days_around(on, 12 * 365, 90))
    kinds = ["RN", "RN", "RN", "LPN"] if nurse else ["LSW", "LMSW", "LCSW", "LICSW"]
    return {
        "type": draw(st.sampled_from(kinds)),
        "state": "MN",
        "status": draw(st.sampled_from(["active"] * 5 + ["expired"])),
        "restricted": draw(st.sampled_from([False] * 5 + [True])),
        "issued": issued,
        "expires": issued + timedelta(days=draw(st.integers(300, 6000))),
    }


@st.composite
def degrees(draw: st.DrawFn, on: date, nurse: bool) -> dict[str, Any]:
    fields = ["nursing", "nursing", "psychology"] if nurse else ["social_work"] * 3 + ["psychology"]
    return {
        "level": draw(st.sampled_from(["bachelor", "bachelor", "master", "associate"])),
        "field": draw(st.sampled_from(fields)),
        "accredited": True,
        "cswe_accredited": draw(st.sampled_from([True] * 5 + [False])),
        "conferred": draw(days_around(on, 12 * 365, 90)),
        "supervised_field_experience": "health",
    }


@st.composite
def jobs(draw: st.DrawFn, on: date, nurse: bool, documented_when_ongoing: bool) -> dict[str, Any]:
    start = draw(days_around(on, 5 * 365, 60))
    ongoing = draw(st.booleans())
    end = None if ongoing else start + timedelta(days=draw(st.integers(0, 2000)))
    settings_ = SETTINGS[:5] if nurse else [*SETTINGS[4:], "hospital"]
    job: dict[str, Any] = {
        "start": start,
        "end": end,
        "setting": draw(st.sampled_from(settings_)),
        "role": draw(st.sampled_from(["direct_cm"] * 4 + ["supervisor_of_cm", "non_cm"])),
        "hours_per_week": draw(st.sampled_from([10, 20, 30, 35, 40, 40, 40])),
        "paid": draw(st.sampled_from([True] * 6 + [False])),
        "supervised_by_ccm": draw(st.booleans()),
        "cdms_domains_attested": draw(st.integers(0, 4)),
    }
    if job["supervised_by_ccm"] and draw(st.booleans()):
        job["supervisor_ccm_since"] = draw(days_around(on, 6 * 365, 365))
    if (end is not None or documented_when_ongoing) and draw(st.booleans()):
        job["documented_hours"] = draw(st.integers(0, 5000))
    return job


@st.composite
def ce_records(draw: st.DrawFn, on: date, nurse: bool | None = None) -> dict[str, Any]:
    topics = TOPICS if nurse is None else [TOPICS[0] if nurse else TOPICS[1]] * 3 + TOPICS[2:]
    return {
        "hours": draw(st.integers(1, 30)),
        "topic": draw(st.sampled_from(topics)),
        "date": draw(days_around(on, 4 * 365, 0)),
    }


@st.composite
def cases(draw: st.DrawFn, documented_when_ongoing: bool = True) -> tuple[dict[str, Any], date]:
    """A nurse or a social worker with a licence, maybe degrees, 1-3 jobs and some CE."""
    on = draw(st.dates(min_value=FIRST, max_value=LAST))
    nurse = draw(st.booleans())
    profile: dict[str, Any] = {
        "licenses": draw(st.lists(licences(on, nurse), min_size=1, max_size=2)),
        "degrees": draw(st.lists(degrees(on, nurse), max_size=2)),
        "jobs": draw(st.lists(jobs(on, nurse, documented_when_ongoing), min_size=1, max_size=3)),
        "ce_records": draw(st.lists(ce_records(on, nurse), max_size=3)),
    }
    if not nurse and draw(st.booleans()):
        exam = draw(st.sampled_from(["ASWB_bachelors", "ASWB_masters"]))
        profile["exams_passed"] = [{"name": exam, "date": draw(days_around(on, 10 * 365, 90))}]
    if any(j["setting"] == "self_employed" for j in profile["jobs"]) and draw(st.booleans()):
        profile["self_employed"] = True
        profile["purchasing_companies"] = [
            {"name": n, "start": FIRST, "end": None, "billable_hours_per_month": 10}
            for n in "ABC"[: draw(st.integers(0, 3))]
        ]
    return profile, on


def run(profile: dict[str, Any], on: date) -> Report:
    return check(Profile.model_validate(profile), on)


def worse(before: Report, after: Report) -> list[str]:
    out = []
    for old in before.results:
        new = after.result_for(old.credential)
        if Status.not_applicable in (old.status, new.status):
            continue
        if RANK[new.status] < RANK[old.status]:
            out.append(f"{old.credential}: {old.status.value} -> {new.status.value}")
    return out


# ---------------------------------------------------------------------------- (a) monotonicity


@PROPERTY
@given(cases(), st.data())
def test_more_hours_never_make_an_outcome_worse(case: Any, data: st.DataObject) -> None:
    profile, on = case
    if not profile["jobs"]:
        return
    index = data.draw(st.integers(0, len(profile["jobs"]) - 1))
    raised = [dict(j) for j in profile["jobs"]]
    job = raised[index]
    if "documented_hours" in job and data.draw(st.booleans()):
        job["documented_hours"] += data.draw(st.integers(1, 3000))
    else:
        job["hours_per_week"] = min(168, job["hours_per_week"] + data.draw(st.integers(1, 40)))
    problems = worse(run(profile, on), run(profile | {"jobs": raised}, on))
    assert not problems, f"raising job {index}: {problems}"


@PROPERTY
@given(cases(), st.data())
def test_more_ce_never_makes_an_outcome_worse(case: Any, data: st.DataObject) -> None:
    profile, on = case
    extra = data.draw(ce_records(on))
    problems = worse(
        run(profile, on), run(profile | {"ce_records": [*profile["ce_records"], extra]}, on)
    )
    assert not problems, f"adding CE {extra}: {problems}"


# ---------------------------------------------------------------------------- (b) earliest date


@PROPERTY
@given(cases(documented_when_ongoing=False))
def test_earliest_date_is_the_first_eligible_day(case: Any) -> None:
    profile, on = case
    report = run(profile, on)
    for result in report.results:
        earliest = result.earliest_eligibility_date
        if earliest is None or earliest <= on:
            continue
        later = renewed(profile, on)
        then = run(later, earliest).result_for(result.credential)
        before = run(later, earliest - timedelta(days=1)).result_for(result.credential)
        assert then.status == Status.eligible, (
            f"{result.credential}: earliest {earliest} but {then.status.value} on that day"
        )
        assert before.status != Status.eligible, (
            f"{result.credential}: earliest {earliest} but already eligible the day before"
        )


def renewed(profile: dict[str, Any], on: date) -> dict[str, Any]:
    """The profile with every licence active and unrestricted on `on` renewed for good (the
    routine renewal CONV-8 assumes for the projection)."""
    licences = [
        {**lic, "expires": date(2199, 12, 31)}
        if lic["status"] == "active"
        and not lic["restricted"]
        and lic["issued"] <= on <= lic["expires"]
        else lic
        for lic in profile["licenses"]
    ]
    return {**profile, "licenses": licences}


# ---------------------------------------------------------------------------- (c) status_until


@PROPERTY
@given(cases(documented_when_ongoing=False))
def test_eligible_until_status_until(case: Any) -> None:
    profile, on = case
    report = run(profile, on)
    for result in report.results:
        until = result.status_until
        if result.status != Status.eligible or until is None:
            continue
        last = run(profile, until).result_for(result.credential)
        after = run(profile, until + timedelta(days=1)).result_for(result.credential)
        assert last.status == Status.eligible, (
            f"{result.credential}: status_until {until} but {last.status.value} on that day"
        )
        assert after.status != Status.eligible, (
            f"{result.credential}: status_until {until} but still eligible the day after"
        )


# ---------------------------------------------------------------------------- (d) open questions
# (d) check() never raises on them; an open question whose readings all give the same outcome
#     never changes a verdict; a verdict is indeterminate only where alternatives disagree (or a
#     review is forced, or the rules in force are unknown).
#
# Profiles that raise many open questions at once: job fields left out (CONV-11), unpaid and
# part-time work, a foreign or open-type licence, degrees of open levels and fields with facts
# left out, moral-character disclosures.

JOB_FACT_FIELDS = ["role", "paid", "setting", "supervised_by_ccm"]


@st.composite
def open_jobs(draw: st.DrawFn, on: date) -> dict[str, Any]:
    job = draw(jobs(on, draw(st.booleans()), documented_when_ongoing=True))
    job["hours_per_week"] = draw(st.sampled_from([20, 32, 40]))
    for field in draw(st.lists(st.sampled_from(JOB_FACT_FIELDS), max_size=2, unique=True)):
        job.pop(field, None)
    return job


@st.composite
def open_cases(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
    profile, on = draw(cases())
    profile["jobs"] = draw(st.lists(open_jobs(on), min_size=1, max_size=3))
    if draw(st.booleans()):
        profile["licenses"] = [
            *profile["licenses"],
            {
                "type": draw(st.sampled_from(["RN", "other", "LSW"])),
                "state": draw(st.sampled_from(["ON", "MN"])),
                "status": "active",
                "restricted": draw(st.booleans()),
                "issued": draw(days_around(on, 8 * 365, 30)),
            },
        ]
    if draw(st.booleans()):
        degree: dict[str, Any] = {
            "level": draw(st.sampled_from(["associate", "bachelor", "master"])),
            "field": draw(st.sampled_from(["liberal_arts", "psychology", "social_work"])),
            "conferred": draw(days_around(on, 12 * 365, 30)),
        }
        profile["degrees"] = [*profile["degrees"], degree]
    if draw(st.booleans()):
        profile["disclosures"] = [{"type": "criminal_conviction", "level": "felony"}]
    return profile, on


def readings_disagree(profile: dict[str, Any], on: date, credential: str) -> bool:
    """Whether the combinations of readings (defaults kept) give different outcomes: where
    questions matter only together, no single question's readings disagree."""
    book = load_rulebooks()[credential]
    outcomes = [
        o.holds
        for version in book.versions_on(on)
        for o in judge_version(version, Profile.model_validate(profile), on).defaults()
    ]
    return len(set(outcomes)) > 1


def future_job(on: date) -> dict[str, Any]:
    """A job starting after the ten-year horizon whose role and pay are left out: it raises open
    questions whose every reading gives the same outcome."""
    return {"title": "future", "start": on + timedelta(days=3700), "setting": "hospital"}


@OPEN_PROPERTY
@given(open_cases())
def test_an_irrelevant_open_question_never_changes_a_verdict(case: Any) -> None:
    profile, on = case
    before = run(profile, on)
    after = run(profile | {"jobs": [*profile["jobs"], future_job(on)]}, on)
    for old in before.results:
        new = after.result_for(old.credential)
        assert new.status == old.status, f"{old.credential}: {old.status} -> {new.status}"
        assert new.alternatives == old.alternatives, old.credential
        assert new.earliest_eligibility_date == old.earliest_eligibility_date, old.credential


@OPEN_PROPERTY
@given(open_cases())
def test_every_verdict_is_explained_by_its_alternatives(case: Any) -> None:
    """Indeterminate only where readings disagree, a review is forced or the rules in force are
    unknown; every question listed changes the outcome; a disclosure always sends CCM to
    review (unless CCM is held or the date predates it)."""
    profile, on = case
    report = run(profile, on)
    for result in report.results:
        if result.status == Status.not_applicable:
            continue
        review = any(note.startswith("Manual review") for note in result.notes)
        # The rules in force on the date are not in the catalogue (CONV-9): nothing to judge by.
        unknown_rules = result.rules == ["CONV-9"]
        if result.status == Status.indeterminate:
            disagree = len(set(result.alternatives.values())) > 1
            assert (
                review
                or disagree
                or unknown_rules
                or readings_disagree(profile, on, result.credential)
            ), result.credential
        for question in result.questions:
            outcomes = {answer.outcome for answer in question.answers}
            assert len(outcomes) > 1 or (question.kind == "policy" and review), question.id
            for answer in question.answers:
                assert result.alternatives.get(answer.reading, answer.outcome) == answer.outcome
    ccm = report.result_for("CCM")
    if profile.get("disclosures") and ccm.rules != ["CONV-9"]:
        assert ccm.status in (Status.indeterminate, Status.not_applicable)
        assert ccm.status == Status.not_applicable or "CCM-E3-U" in ccm.rules
