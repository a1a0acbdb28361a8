"""A per-certification renewal plan: what to complete by when, days left, and a warning when
the deadline is close. Pure functions over a RenewalResult."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from casepath.result import RenewalResult, Status

WARNING_DAYS = 90


class PlanItem(BaseModel):
    what: str
    by: date | None = None
    days_left: int | None = None
    done: bool = False


class RenewalPlan(BaseModel):
    credential: str
    issuer: str = ""
    status: Status
    deadline: date | None = None
    days_left: int | None = None
    warning: str | None = None
    items: list[PlanItem] = Field(default_factory=list)
    renewal: RenewalResult


def _days(by: date | None, on: date) -> int | None:
    return (by - on).days if by is not None else None


def _closed(renewal: RenewalResult, on: date) -> bool:
    """Nothing to plan: no renewal applies, or every window has closed (the way back is the
    event in `earliest_note`)."""
    if renewal.status == Status.not_applicable:
        return True
    deadline, closes = renewal.deadline, renewal.late_window_closes
    return (
        renewal.status == Status.not_eligible
        and not renewal.missing
        and deadline is not None
        and on > (closes or deadline)
    )


def plan_for(renewal: RenewalResult, on: date) -> RenewalPlan:
    deadline = renewal.deadline
    items: list[PlanItem] = []
    covered: set[str] = set()
    late = deadline is not None and on > deadline
    submit_by = renewal.late_window_closes if late else deadline
    closed = _closed(renewal, on)
    if not closed:
        for progress in renewal.progress:
            if progress.required > 0:
                covered.add(progress.category)
                remaining = progress.remaining
                what = (
                    f"{progress.label}: done ({progress.counted:g} of {progress.required:g})"
                    if remaining <= 0
                    else f"{progress.label}: {remaining:g} more ({progress.counted:g} of "
                    f"{progress.required:g})"
                )
                items.append(
                    PlanItem(
                        what=what, by=deadline, days_left=_days(deadline, on), done=remaining <= 0
                    )
                )
        for missing in renewal.missing:
            if "CE" in missing or "contact hour" in missing or "activity" in missing:
                continue  # already a progress line
            items.append(
                PlanItem(
                    what=missing[0].upper() + missing[1:],
                    by=submit_by,
                    days_left=_days(submit_by, on),
                )
            )
        if deadline is not None and not late:
            opens = renewal.window_opens
            window = (
                f" (window {opens.isoformat()}..{deadline.isoformat()})"
                if opens is not None and opens > (renewal.period_start or opens)
                else ""
            )
            items.append(
                PlanItem(
                    what=f"Submit the renewal{window}", by=deadline, days_left=_days(deadline, on)
                )
            )
        elif late and renewal.late_window_closes is not None:
            fee = f", late fee {renewal.late_fee}" if renewal.late_fee else ""
            items.append(
                PlanItem(
                    what=f"Submit a formal late renewal request with a documented reason{fee}",
                    by=renewal.late_window_closes,
                    days_left=_days(renewal.late_window_closes, on),
                )
            )
    else:
        items.append(PlanItem(what=renewal.earliest_note or "Renewal does not apply."))
    warning = None
    left = _days(deadline, on)
    if left is not None and 0 <= left <= WARNING_DAYS and renewal.status != Status.eligible:
        warning = f"Deadline in {left} days ({deadline}) and the renewal is not complete."
    elif left is not None and 0 <= left <= WARNING_DAYS:
        warning = f"Deadline in {left} days ({deadline}): submit the renewal."
    elif left is not None and left < 0 and not closed:
        closes = renewal.late_window_closes
        warning = f"The deadline {deadline} has passed" + (
            f"; the late window closes on {closes} ({(closes - on).days} days left)."
            if closes is not None and closes >= on
            else "."
        )
    return RenewalPlan(
        credential=renewal.credential,
        issuer=renewal.issuer,
        status=renewal.status,
        deadline=deadline,
        days_left=left,
        warning=warning,
        items=items,
        renewal=renewal,
    )


def plans_for(renewals: list[RenewalResult], on: date) -> list[RenewalPlan]:
    return [plan_for(r, on) for r in renewals]
