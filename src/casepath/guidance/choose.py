"""Order the credentials for one person and say why (rules.md §8b, GUIDE-1 to GUIDE-5).

Groups: what the person holds (renewal comes first), then the credentials open to their
profession ordered by reachability (GUIDE-2: eligible now, then by earliest date, then
undecided, then those needing an event) with setting fit breaking ties (GUIDE-3), and last the
credentials of another profession (GUIDE-1). Guidance never changes a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from casepath.catalogue import Catalogue
from casepath.guidance.facts import Applying, Fit, Guidance
from casepath.guidance.professions import current_settings, holds_any
from casepath.guidance.windows import first_window
from casepath.profile.model import CertificationStatus, Profile
from casepath.result import (
    ApplyWindow,
    CredentialResult,
    GuidanceFact,
    GuidanceItem,
    Reason,
    RenewalResult,
    Status,
)
from casepath.rules.language import Rulebook

_WHEN_ORDER = {"held": 0, "now": 1, "date": 2, "undecided": 3, "event": 4}
_GROUP_ORDER = {"held": 0, "option": 1, "other_profession": 2}
# "(CCM-E2-U2)" and the like: rule IDs belong in the reasons' `rules`, not in plain words.
_RULE_REF = re.compile(r"\s*\((?:[A-Z]+-[A-Za-z0-9.\-]+(?:,\s*)?)+\)")


@dataclass(frozen=True)
class _Ranked:
    item: GuidanceItem
    fit_strength: int
    position: int

    def key(self) -> tuple[int, int, date, int, int]:
        return (
            _GROUP_ORDER[self.item.group],
            _WHEN_ORDER[self.item.when],
            self.item.earliest_date or date.max,
            -self.fit_strength,
            self.position,
        )


def order_options(
    profile: Profile,
    on: date,
    results: Sequence[CredentialResult],
    renewals: Sequence[RenewalResult],
    rulebooks: Mapping[str, Rulebook],
    catalogue: Catalogue,
) -> list[GuidanceItem]:
    """One item per credential with guidance facts, in the order the person should read them."""
    ranked: list[_Ranked] = []
    settings = current_settings(profile, on)
    for position, result in enumerate(results):
        book = rulebooks[result.credential]
        if book.guidance is None:
            continue
        fits = [f for f in book.guidance.fit if _fits(f, profile, settings)]
        item = _item(profile, on, result, renewals, book, book.guidance, fits, catalogue)
        ranked.append(_Ranked(item, max((f.strength for f in fits), default=0), position))
    return [r.item for r in sorted(ranked, key=_Ranked.key)]


def _fits(fit: Fit, profile: Profile, settings: set[str]) -> bool:
    if fit.everyone:
        return True
    if fit.settings:
        return bool(settings & set(fit.settings))
    return holds_any(profile, fit.holders)


def _item(
    profile: Profile,
    on: date,
    result: CredentialResult,
    renewals: Sequence[RenewalResult],
    book: Rulebook,
    guidance: Guidance,
    fits: list[Fit],
    catalogue: Catalogue,
) -> GuidanceItem:
    gate = guidance.profession
    held = _held_renewal(profile, result.credential, renewals)
    other_profession = gate is not None and not holds_any(profile, gate.holders)
    if result.status == Status.not_applicable and held is not None:
        group, when = "held", "held"
        headline = _held_headline(result.credential, held)
    elif other_profession and gate is not None:
        group, when = "other_profession", "event"
        headline = f"Not for your profession: it would take {gate.would_take}."
    else:
        group = "option"
        when, headline = _when(result, on)
    reasons = _reasons(result, guidance, fits, group, when)
    item = GuidanceItem(
        credential=result.credential,
        issuer=book.issuer,
        title=book.title,
        variant=result.variant,
        group=group,
        when=when,
        status=result.status,
        headline=headline,
        earliest_date=on if when == "now" else result.earliest_eligibility_date,
        reasons=reasons,
        would_take=gate.would_take if group == "other_profession" and gate else None,
        costs=[GuidanceFact(label=f.label, text=f.text, rules=f.rules) for f in guidance.costs],
        employers=[
            GuidanceFact(label=f.label, text=f.text, rules=f.rules) for f in guidance.employers
        ],
        apply_page=catalogue.citation(guidance.applying.page) if guidance.applying.page else None,
    )
    if group == "option":
        ready = item.earliest_date if when in ("now", "date") else None
        item.apply_window, item.apply_when = _apply(guidance.applying, ready)
    return item


def _held_renewal(
    profile: Profile, credential: str, renewals: Sequence[RenewalResult]
) -> RenewalResult | None:
    held = {c.name.value for c in profile.certifications if c.status == CertificationStatus.active}
    names = {credential} | ({"ACM-RN", "ACM-SW"} if credential == "ACM" else set())
    for renewal in renewals:
        if renewal.credential in names and renewal.credential in held:
            return renewal
    return None


def _held_headline(credential: str, renewal: RenewalResult) -> str:
    due = f" by {plain_date(renewal.deadline)}" if renewal.deadline else ""
    if renewal.status == Status.eligible:
        return f"You hold {renewal.credential}. Your renewal{due} is on track."
    if renewal.status == Status.not_eligible and renewal.missing:
        return (
            f"You hold {renewal.credential}. To renew{due}, you still need: "
            + "; ".join(renewal.missing)
            + "."
        )
    return f"You hold {renewal.credential}. Renewal{due}: see your renewal plan."


def _when(result: CredentialResult, on: date) -> tuple[str, str]:
    if result.status == Status.eligible:
        return "now", "You can apply now."
    if result.earliest_eligibility_date is not None:
        day = plain_date(result.earliest_eligibility_date)
        if result.status == Status.indeterminate:
            return "date", f"Eligible by {day} whatever the open questions' answers."
        return "date", f"You can apply from {day} if your current work continues."
    if result.status == Status.indeterminate:
        questions = [_plain(m) for m in result.missing] or [
            _plain(n.removeprefix("Manual review: ")) for n in result.notes if "review" in n
        ]
        if questions:
            return "undecided", "Not settled yet: it depends on " + "; ".join(questions) + "."
        return "undecided", "Not settled yet: the certifier's rules leave a point open."
    event = _event(result.earliest_note)
    return "event", f"Needs {event}." if event else "Not reachable from time alone."


def _event(note: str) -> str:
    marker = "Depends on an event, not on time: "
    if marker in note:
        return note.split(marker, 1)[1].split(". ", 1)[0].rstrip(".")
    return ""


def _plain(text: str) -> str:
    return _RULE_REF.sub("", text).strip()


def _reasons(
    result: CredentialResult, guidance: Guidance, fits: list[Fit], group: str, when: str
) -> list[Reason]:
    reasons: list[Reason] = []
    if group == "other_profession" and guidance.profession:
        reasons.append(
            Reason(
                text=f"It needs {guidance.profession.would_take}, which your record does not show.",
                rules=["GUIDE-1", *guidance.profession.rules],
            )
        )
    elif group == "option":
        reasons.append(Reason(text=_reachability(when), rules=["GUIDE-2", "CONV-8"]))
    for fit in guidance.fit:
        matched = fit in fits
        prefix = "Fits you: " if matched and not fit.everyone else ""
        reasons.append(Reason(text=prefix + fit.text, rules=["GUIDE-3", *fit.rules]))
    return reasons


def _reachability(when: str) -> str:
    return {
        "now": "Listed first among your options because you meet every requirement today.",
        "date": "Placed by the date you will qualify: the sooner, the higher.",
        "undecided": "Placed after the dated options: an open point decides it.",
        "event": "Placed last among your options: time alone will not bring it.",
    }[when]


def _apply(applying: Applying, ready: date | None) -> tuple[ApplyWindow | None, str]:
    if ready is None:
        return None, f"Once you qualify: {applying.text}"
    if applying.year_round:
        return None, f"From {plain_date(ready)}: {applying.text}"
    window = first_window(list(applying.windows), ready)
    if window is None:
        return None, applying.text
    placed = ApplyWindow(
        apply_from=window.apply_from,
        apply_to=window.apply_to,
        exam_from=window.exam,
        exam_to=window.exam_to,
        extrapolated=window.extrapolated,
        rules=["GUIDE-5", *applying.rules],
    )
    text = (
        f"Between {plain_date(window.apply_from)} and {plain_date(window.apply_to)}, "
        f"for the exam of {window.exam.strftime('%B %Y')}"
    )
    if window.extrapolated:
        text += " (expected dates, from the certifier's yearly pattern: confirm them)"
    return placed, text + "."


def plain_date(day: date) -> str:
    """4 January 2027: unambiguous in every English-speaking country."""
    return f"{day.day} {day.strftime('%B %Y')}"
