"""The "What if" form of the results page: its choices, and its fields read into changes.

Pure functions: the route (casepath.web.pages) reads the form, this module says which changes
it asks for, and `casepath.whatif` applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from casepath.profile.model import Profile
from casepath.web.formspec import CE_APPROVERS, CE_TOPICS, humanise
from casepath.web.schemas import ON_DATE
from casepath.whatif import (
    FULL_TIME_WEEK_HOURS,
    AddCE,
    Change,
    FullTimeFrom,
    SupervisorCCM,
    WhatIfReport,
)


@dataclass(frozen=True)
class JobChoice:
    index: int
    label: str


@dataclass
class WhatIfForm:
    """What the form shows: the choices for this profile and the values last sent."""

    ongoing: list[JobChoice]
    jobs: list[JobChoice]
    topics: tuple[tuple[str, str], ...]
    approvers: tuple[tuple[str, str], ...]
    values: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    report: WhatIfReport | None = None

    def checked(self, name: str) -> bool:
        return self.values.get(name) == "yes"


def _label(profile: Profile, index: int) -> str:
    job = profile.jobs[index]
    title = job.title or "untitled job"
    end = "now" if job.end is None else job.end.isoformat()
    return f"Job {index + 1}: {title} ({job.start.isoformat()} to {end})"


def form_for(profile: Profile, day: date, values: Mapping[str, str] | None = None) -> WhatIfForm:
    """The form for `profile` judged on `day`, with sensible starting values."""
    # "If I go full-time" is offered for the ongoing jobs that are not full-time already.
    ongoing = [
        JobChoice(i, _label(profile, i))
        for i, job in enumerate(profile.jobs)
        if (job.end is None or job.end >= day)
        and (job.hours_per_week is None or job.hours_per_week < FULL_TIME_WEEK_HOURS)
    ]
    jobs = [JobChoice(i, _label(profile, i)) for i in range(len(profile.jobs))]
    start = {
        "ft_start": day.isoformat(),
        "ft_job": str(ongoing[0].index) if ongoing else "",
        "ce_hours": "",
        "ce_topic": "case_management",
        "ce_approver": "other",
        "sup_job": "all",
    }
    start.update(values or {})
    topics = tuple((t, humanise(t)) for t in CE_TOPICS)
    approvers = tuple((a, humanise(a)) for a in CE_APPROVERS)
    return WhatIfForm(ongoing=ongoing, jobs=jobs, topics=topics, approvers=approvers, values=start)


def _date(text: str, label: str, problems: list[str]) -> date | None:
    try:
        return ON_DATE.validate_python(text.strip())
    except ValidationError:
        problems.append(f"{label}: expected a date YYYY-MM-DD, got {text.strip()[:40]!r}")
        return None


def _job(text: str, label: str, count: int, problems: list[str]) -> int | None:
    if text.isdigit() and int(text) < count:
        return int(text)
    problems.append(f"{label}: choose one of your jobs")
    return None


def read_changes(form: WhatIfForm, job_count: int) -> list[Change]:
    """The changes ticked in `form.values`; each problem goes to `form.problems`."""
    values, problems = form.values, form.problems
    changes: list[Change] = []
    if form.checked("ft"):
        start = _date(values.get("ft_start", ""), "Full-time from", problems)
        job = _job(values.get("ft_job", ""), "Job to make full-time", job_count, problems)
        if start is not None and job is not None:
            changes.append(FullTimeFrom(start=start, job=job))
    if form.checked("ce"):
        text = values.get("ce_hours", "").strip()
        try:
            hours = float(text)
        except ValueError:
            hours = -1.0
        if not 0 < hours <= 1000:
            problems.append(f"CE hours: expected a number above 0 and at most 1000, got {text!r}")
        else:
            topic = values.get("ce_topic", "")
            if topic not in CE_TOPICS:
                topic = "case_management"
            approver = values.get("ce_approver", "")
            if approver not in CE_APPROVERS:
                approver = "other"
            changes.append(AddCE(hours=hours, topic=topic, approver=approver))
    if form.checked("sup"):
        which = values.get("sup_job", "all")
        if which == "all":
            changes.append(SupervisorCCM())
        else:
            job = _job(which, "Job of the supervisor", job_count, problems)
            if job is not None:
                changes.append(SupervisorCCM(job=job))
    return changes
