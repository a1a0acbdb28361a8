"""What if: judge the profile again after a named change, without editing the profile.

Each change is applied to a copy of the profile, then `service.check` judges both; every
interface (CLI, API, pages) shares this module, so a "what if" means the same thing everywhere.
No I/O here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from casepath import service
from casepath.profile.model import (
    FIRST_PLAUSIBLE_DATE,
    LAST_PLAUSIBLE_DATE,
    CERecord,
    Job,
    Profile,
)
from casepath.result import Report, Status
from casepath.rules.work import FULL_TIME_WEEK_HOURS

_T = TypeVar("_T")

# The dates a profile accepts (a change cannot bring in a date the profile would refuse).
ChangeDate = Annotated[date, Field(ge=FIRST_PLAUSIBLE_DATE, le=LAST_PLAUSIBLE_DATE)]


class WhatIfError(ValueError):
    """A change that cannot be applied to this profile; the message is for the person.

    `field` names the field of the change at fault, `index` the change in the list.
    """

    def __init__(self, field: str, message: str, index: int | None = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.index = index


class _Change(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FullTimeFrom(_Change):
    """One job becomes full-time from a date (the part before it stays as it was)."""

    change: Literal["full_time_from"] = "full_time_from"
    start: ChangeDate = Field(description="First day of full-time work (YYYY-MM-DD).")
    job: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="Index of the job in `jobs` (0 = the first). Default: the first ongoing job.",
    )


class AddCE(_Change):
    """CE hours added as one record."""

    change: Literal["add_ce"] = "add_ce"
    hours: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = Field(
        description="Contact hours of 60 minutes."
    )
    topic: str = Field(default="case_management", min_length=1, max_length=200)
    approver: str = Field(default="other", min_length=1, max_length=100)
    date: ChangeDate | None = Field(
        default=None, description="Date completed. Default: the evaluation date."
    )


class SupervisorCCM(_Change):
    """The supervisor of one job (or of every job) holds the CCM."""

    change: Literal["supervisor_ccm"] = "supervisor_ccm"
    job: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Index of the job in `jobs`. Default: every job."
    )
    since: ChangeDate | None = Field(
        default=None,
        description="Date the supervisor earned the CCM. Default: held it for the whole job.",
    )


Change = Annotated[FullTimeFrom | AddCE | SupervisorCCM, Field(discriminator="change")]


class Outcome(BaseModel):
    """One credential's status and date, as the comparison shows them."""

    status: Status
    earliest_eligibility_date: date | None = None


class Difference(BaseModel):
    """One credential (or renewal) before and after the changes."""

    credential: str
    variant: str | None = None
    renewal: bool = False
    before: Outcome
    after: Outcome
    changed: bool


class WhatIfReport(BaseModel):
    evaluated_on: date
    changes: list[str] = Field(description="Each change applied, in plain words.")
    differences: list[Difference] = Field(
        description="Every credential and renewal, before and after; `changed` marks those "
        "whose status or date moved."
    )
    after: Report = Field(description="The whole report of the changed profile.")


def _job_name(profile: Profile, index: int) -> str:
    job = profile.jobs[index]
    return f"job {index + 1}" + (f" ({job.title})" if job.title else "")


def _pick_job(profile: Profile, index: int | None, day: date) -> int:
    if index is not None:
        if index >= len(profile.jobs):
            raise WhatIfError(
                "job", f"there is no job {index + 1}; the profile has {len(profile.jobs)} job(s)"
            )
        return index
    for i, job in enumerate(profile.jobs):
        if job.end is None or job.end >= day:
            return i
    raise WhatIfError("job", "the profile has no ongoing job to make full-time; add the job first")


def _full_time(profile: Profile, change: FullTimeFrom, day: date) -> tuple[Profile, str]:
    index = _pick_job(profile, change.job, day)
    job = profile.jobs[index]
    if job.end is not None and change.start > job.end:
        raise WhatIfError(
            "start",
            f"{_job_name(profile, index)} ended on {job.end}, before {change.start}; "
            "expected a date within the job",
        )
    full = {"hours_per_week": FULL_TIME_WEEK_HOURS, "documented_hours": None}
    if change.start <= job.start:
        jobs = [job.model_copy(update=full)]
    else:
        # The job splits in two: as it was up to the day before, full-time from the day.
        before = job.model_copy(update={"end": change.start - timedelta(days=1)})
        after = job.model_copy(update={**full, "start": change.start})
        jobs = [before, after]
    new_jobs = [*profile.jobs[:index], *jobs, *profile.jobs[index + 1 :]]
    words = (
        f"{_job_name(profile, index)} full-time ({FULL_TIME_WEEK_HOURS:g} hours a week) "
        f"from {max(change.start, job.start)}"
    )
    return profile.model_copy(update={"jobs": new_jobs}), words


def _add_ce(profile: Profile, change: AddCE, day: date) -> tuple[Profile, str]:
    when = change.date or day
    record = CERecord(
        hours=change.hours,
        topic=change.topic,
        date=when,
        approver=change.approver,
        note="what-if",
    )
    topic = change.topic.replace("_", " ")
    words = f"{change.hours:g} more CE hours ({topic}) completed on {when}"
    return profile.model_copy(update={"ce_records": [*profile.ce_records, record]}), words


def _supervisor(profile: Profile, change: SupervisorCCM, day: date) -> tuple[Profile, str]:
    if not profile.jobs:
        raise WhatIfError("job", "the profile has no job whose supervisor could be a CCM")
    indexes = (
        [_pick_job(profile, change.job, day)]
        if change.job is not None
        else range(len(profile.jobs))
    )
    jobs: list[Job] = list(profile.jobs)
    for i in indexes:
        job = jobs[i]
        since = change.since if change.since is not None else job.start
        jobs[i] = job.model_copy(update={"supervised_by_ccm": True, "supervisor_ccm_since": since})
    where = _job_name(profile, indexes[0]) if change.job is not None else "every job"
    when = f"since {change.since}" if change.since else "for the whole job"
    words = f"your supervisor in {where} held the CCM {when}"
    return profile.model_copy(update={"jobs": jobs}), words


def _at(index: int, apply: Callable[..., _T], *args: Any) -> _T:
    """`apply(*args)`, with the index of the change put on any WhatIfError."""
    try:
        return apply(*args)
    except WhatIfError as exc:
        raise WhatIfError(exc.field, exc.message, index) from None
    except ValidationError as exc:
        raise WhatIfError("change", _first_message(exc), index) from None


def _first_message(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])


def apply_changes(
    profile: Profile, changes: list[FullTimeFrom | AddCE | SupervisorCCM], day: date
) -> tuple[Profile, list[str]]:
    """A copy of `profile` with every change applied, and each change in words.

    Jobs are named by their index in the original profile. Raises WhatIfError naming the
    field when a change does not fit the profile.
    """
    # A full-time change splits its job in two, shifting the indexes after it: resolve every
    # index first, then split the last job first.
    splits: dict[int, tuple[int, FullTimeFrom]] = {}
    for n, change in enumerate(changes):
        if isinstance(change, FullTimeFrom):
            index = _at(n, _pick_job, profile, change.job, day)
            if index in splits:
                raise WhatIfError("job", f"{_job_name(profile, index)} is made full-time twice", n)
            splits[index] = (n, change.model_copy(update={"job": index}))
    changed = profile
    words: list[str] = []
    for n, change in enumerate(changes):
        if isinstance(change, AddCE):
            changed, text = _at(n, _add_ce, changed, change, day)
            words.append(text)
        elif isinstance(change, SupervisorCCM):
            changed, text = _at(n, _supervisor, changed, change, day)
            words.append(text)
    split_words: dict[int, str] = {}
    for index in sorted(splits, reverse=True):
        n, split = splits[index]
        changed, split_words[index] = _at(n, _full_time, changed, split, day)
    words = [split_words[i] for i in sorted(split_words)] + words
    # The copy is validated like a profile file: a change cannot make an invalid profile.
    try:
        return Profile.model_validate(changed.model_dump()), words
    except ValidationError as exc:
        raise WhatIfError("changes", _first_message(exc)) from None


def _outcomes(report: Report) -> dict[tuple[str, bool], tuple[str | None, Outcome]]:
    found: dict[tuple[str, bool], tuple[str | None, Outcome]] = {}
    for r in report.results:
        found[(r.credential, False)] = (
            r.variant,
            Outcome(status=r.status, earliest_eligibility_date=r.earliest_eligibility_date),
        )
    for n in report.renewals:
        found[(n.credential, True)] = (
            None,
            Outcome(status=n.status, earliest_eligibility_date=n.earliest_eligibility_date),
        )
    return found


def compare(before: Report, after: Report) -> list[Difference]:
    """Every credential and renewal of `before`, with its outcome in `after`."""
    old, new = _outcomes(before), _outcomes(after)
    differences = []
    for key, (variant, was) in old.items():
        now_variant, now = new.get(key, (variant, was))
        differences.append(
            Difference(
                credential=key[0],
                variant=now_variant or variant,
                renewal=key[1],
                before=was,
                after=now,
                changed=was != now,
            )
        )
    return differences


def what_if(
    profile: Profile,
    changes: list[FullTimeFrom | AddCE | SupervisorCCM],
    on: date | None = None,
    *,
    explain: bool = False,
) -> WhatIfReport:
    """Judge `profile` as it is and with `changes`, on `on` (default today)."""
    if not changes:
        raise WhatIfError("changes", "expected at least one change")
    day = on or date.today()
    changed, words = apply_changes(profile, changes, day)
    before = service.check(profile, day, explain=False)
    after = service.check(changed, day, explain=explain)
    return WhatIfReport(
        evaluated_on=day, changes=words, differences=compare(before, after), after=after
    )


__all__ = [
    "FULL_TIME_WEEK_HOURS",
    "AddCE",
    "Change",
    "Difference",
    "FullTimeFrom",
    "Outcome",
    "SupervisorCCM",
    "WhatIfError",
    "WhatIfReport",
    "apply_changes",
    "compare",
    "what_if",
]
