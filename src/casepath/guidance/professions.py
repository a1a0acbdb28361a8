"""Who holds a profession (GUIDE-1) and where a person works (GUIDE-3), read off a profile."""

from __future__ import annotations

from datetime import date

from casepath.guidance.facts import Holder
from casepath.profile.model import Job, Profile


def holds(profile: Profile, holder: Holder) -> bool:
    """A licence of the listed types (any status) or a degree at a listed level and field."""
    if any(lic.type.value in holder.licenses for lic in profile.licenses):
        return True
    return any(
        d.level.value in holder.degree_levels and d.field in holder.degree_fields
        for d in profile.degrees
    )


def holds_any(profile: Profile, holders: list[Holder]) -> bool:
    return any(holds(profile, h) for h in holders)


def current_settings(profile: Profile, on: date) -> set[str]:
    """Settings of the jobs going on at `on`; with none, those of the job that ended last."""
    started = [j for j in profile.jobs if j.start <= on]
    ongoing = [j for j in started if j.end is None or j.end >= on]
    if not ongoing and started:
        last_end = max(j.end for j in started if j.end is not None)
        ongoing = [j for j in started if j.end == last_end]
    return {s for j in ongoing if (s := _setting(j)) is not None}


def _setting(job: Job) -> str | None:
    """The job's setting, or None where the profile leaves it out (CONV-11: not known)."""
    return job.setting.value if job.setting else None
