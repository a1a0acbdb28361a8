"""The CE ledger: every CE record as one certifier counts it for one renewal period.

Each record is counted at most once per renewal period: a record dated before the period was
used in the previous one, a record dated after the evaluation date is not completed yet, a
record after the valid-through date belongs to no part of this period, and an exact duplicate
of an earlier record is counted once. A counted record is classified per certifier (ethics,
case-management specific, in the specialty, general), its approver is checked where the
catalogue lists the accepted sponsors (ACM-R6), and caps are applied (ACM-R4: at most 10 non-
case-management hours). Every record that does not count, fully or partly, says why.

An unknown topic is never dropped: it counts as general CE, with a note.
"""

from __future__ import annotations

import operator
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date

from casepath.profile.model import CERecord
from casepath.result import CategoryProgress, LedgerEntry

ETHICS = frozenset({"ethics", "ethics_code_of_professional_conduct"})
CASE_MANAGEMENT = frozenset(
    {
        "case_management",
        "nursing_case_management",
        "social_work_case_management",
        "health_care_delivery_system_case_management",
        "case_management_leadership",
    }
)
# The vocabulary of spec/profile-format.md (ce_records.topic).
KNOWN_TOPICS = CASE_MANAGEMENT | ETHICS | {"disability_management", "general_healthcare", "other"}


def is_known_topic(topic: str) -> bool:
    return (
        topic in KNOWN_TOPICS
        or topic.startswith("general_healthcare_")
        or topic.endswith("_clinical")
    )


@dataclass(frozen=True)
class Scheme:
    """How one certifier classifies and counts CE (figures and rule IDs from spec/rules.md)."""

    name: str
    # Category -> (label, topics in it). A record may be in several (ethics is part of the total).
    categories: dict[str, tuple[str, frozenset[str]]]
    # Accepted approvers (None: the catalogue lists none, every approver counts).
    approvers: frozenset[str] | None = None
    approver_rule: str = ""
    # Hours of the `capped` category that count at most (ACM-R4), and the rule.
    capped: str | None = None
    cap: float | None = None
    cap_rule: str = ""
    # Approvers whose CE needs no post-approval (CCM-R6: others are post-approved, $15 each).
    preapproved: frozenset[str] | None = None
    post_approval_note: str = ""
    specialty_label: str = ""


def _scheme_ccm() -> Scheme:
    return Scheme(
        name="ccm",
        categories={"ethics": ("ethics-related CE (CCM-R3)", ETHICS)},
        preapproved=frozenset({"CCMC", "CCMC_preapproved", "CCMC_PACE"}),
        post_approval_note="not pre-approved by CCMC: post-approval costs $15 per item (CCM-R6)",
    )


def _scheme_acm() -> Scheme:
    return Scheme(
        name="acm",
        categories={
            "cm_specific": (
                "health care delivery system case management (ACM-R3)",
                CASE_MANAGEMENT,
            ),
            "general": ("other healthcare CE, at most 10 hours (ACM-R4)", frozenset()),
        },
        approvers=frozenset(
            {
                "ACMA",
                "ANCC",
                "NASW",
                "ASWB_ACE",
                "state_board_of_nursing",
                "CCMC",
                "CCMC_preapproved",
                "CCMC_postapproved",
                "CCMC_PACE",
            }
        ),
        approver_rule="ACM-R6",
        capped="general",
        cap=10.0,
        cap_rule="ACM-R4",
    )


def _scheme_ancc() -> Scheme:
    return Scheme(
        name="ancc",
        categories={
            "specialty": (
                "CE in the certification specialty, nursing case management (ANCC-R4)",
                frozenset(
                    {
                        "nursing_case_management",
                        "case_management",
                        "health_care_delivery_system_case_management",
                        "case_management_leadership",
                    }
                ),
            )
        },
        specialty_label="nursing case management (the certification specialty, ANCC-R4)",
    )


def _scheme_ethics_total(name: str, rule: str) -> Scheme:
    return Scheme(name=name, categories={"ethics": (f"ethics CE ({rule})", ETHICS)})


SCHEMES: dict[str, Scheme] = {
    "ccm": _scheme_ccm(),
    "acm": _scheme_acm(),
    "ancc": _scheme_ancc(),
    "cdms": _scheme_ethics_total("cdms", "CDMS-R1"),
    "crc": _scheme_ethics_total("crc", "CRC-R1"),
    "nasw": Scheme(name="nasw", categories={}),
}


@dataclass
class Ledger:
    entries: list[LedgerEntry]
    totals: dict[str, float]  # "total" and each category, counted hours
    notes: list[str] = field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None

    def hours(self, category: str = "total") -> float:
        return self.totals.get(category, 0.0)


def _topic_words(topic: str) -> str:
    return topic.replace("_", " ")


# Recent ledgers by what decides them: one check asks for the same ledger once per CE
# category, per reading and for the plan; a ledger of 10,000 records is built once.
_RECENT: OrderedDict[tuple[object, ...], Ledger] = OrderedDict()
_RECENT_SIZE = 4
_RECENT_LOCK = threading.Lock()  # the web app checks in several threads
_LEDGER_FIELDS = operator.attrgetter("date", "hours", "topic", "approver")


def forget_ledgers() -> None:
    """Empty the cache of recent ledgers (benchmarks measure a check from cold)."""
    with _RECENT_LOCK:
        _RECENT.clear()


def build_ledger(
    records: list[CERecord],
    scheme: Scheme,
    period_start: date,
    period_end: date,
    on: date,
    *,
    approved_only: frozenset[str] | None = None,
) -> Ledger:
    """Classify and count every record for the period [period_start, period_end] as of `on`.

    `approved_only`: where an open question restricts the approvers (CDMS-R1 "approved CE"),
    the approvers that count under that reading; records of others are not counted.
    O(n log n) in records.
    """
    # The ledger depends only on these fields of the records, in order, and the arguments.
    content = tuple(map(_LEDGER_FIELDS, records))
    key = (content, scheme.name, period_start, period_end, on, approved_only)
    with _RECENT_LOCK:
        ledger = _RECENT.get(key)
        if ledger is not None:
            _RECENT.move_to_end(key)
    if ledger is None:
        ledger = _build_ledger(records, scheme, period_start, period_end, on, approved_only)
        with _RECENT_LOCK:
            _RECENT[key] = ledger
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
    # Callers get their own lists (entries themselves are never changed after building).
    return replace(
        ledger, entries=list(ledger.entries), totals=dict(ledger.totals), notes=list(ledger.notes)
    )


def _build_ledger(
    records: list[CERecord],
    scheme: Scheme,
    period_start: date,
    period_end: date,
    on: date,
    approved_only: frozenset[str] | None,
) -> Ledger:
    entries: list[LedgerEntry] = []
    totals: dict[str, float] = {"total": 0.0, **{c: 0.0 for c in scheme.categories}}
    notes: list[str] = []
    seen: dict[tuple[date, float, str, str], int] = {}
    capped_used = 0.0
    order = sorted(range(len(records)), key=lambda i: (records[i].date, i))
    by_index: dict[int, LedgerEntry] = {}
    classes: dict[str, tuple[set[str], str]] = {}  # topics recur: classify each once
    for index in order:
        record = records[index]
        if record.topic not in classes:
            classes[record.topic] = _classify(record.topic, scheme)
        categories, topic_note = classes[record.topic]
        reason = ""
        counted = 0.0
        key = (record.date, record.hours, record.topic, record.approver)
        if record.date < period_start:
            reason = (
                f"dated before this renewal period ({period_start.isoformat()}.."
                f"{period_end.isoformat()}): used in the previous period"
            )
        elif record.date > on:
            reason = (
                f"dated {record.date.isoformat()}, after the evaluation date {on.isoformat()}: "
                "not yet completed"
            )
        elif record.date > period_end:
            reason = (
                f"dated after the valid-through date {period_end.isoformat()}: CE must be "
                "completed within the renewal period"
            )
        elif key in seen:
            reason = f"same date, hours, topic and approver as record {seen[key]}: counted once"
        elif (scheme.approvers is not None and record.approver not in scheme.approvers) or (
            approved_only is not None and record.approver not in approved_only
        ):
            rule = f" ({scheme.approver_rule})" if scheme.approver_rule else ""
            reason = f"approver {record.approver} is not an accepted sponsor{rule}"
        else:
            seen[key] = index
            counted = record.hours
            if scheme.capped is not None and scheme.capped in categories and scheme.cap is not None:
                room = max(0.0, scheme.cap - capped_used)
                counted = min(record.hours, room)
                capped_used += counted
                if counted < record.hours:
                    reason = (
                        f"only {scheme.cap:g} non-case-management hours count ({scheme.cap_rule}); "
                        f"{record.hours - counted:g} h of this record not counted"
                    )
            totals["total"] += counted
            for category in categories:
                totals[category] = totals.get(category, 0.0) + counted
        info = [topic_note] if topic_note else []
        if counted and scheme.preapproved is not None and record.approver not in scheme.preapproved:
            info.append(scheme.post_approval_note)
        if counted and scheme.specialty_label and not categories & set(scheme.categories):
            info.append(f"not in {scheme.specialty_label}: counted in the total only")
        entry = LedgerEntry(
            index=index,
            date=record.date,
            hours=record.hours,
            topic=record.topic,
            approver=record.approver,
            counted_hours=counted,
            categories=sorted(categories),
            reason="; ".join([reason, *info] if reason else info),
        )
        by_index[index] = entry
        if topic_note:
            notes.append(f"CE record {index} ({record.date.isoformat()}): {topic_note}")
    entries = [by_index[i] for i in range(len(records))]
    return Ledger(
        entries, {k: round(v, 2) for k, v in totals.items()}, notes, period_start, period_end
    )


def _classify(topic: str, scheme: Scheme) -> tuple[set[str], str]:
    """The categories of `topic` for `scheme`, and a note when the topic is unknown."""
    found = {name for name, (_, topics) in scheme.categories.items() if topic in topics}
    note = ""
    if not is_known_topic(topic):
        note = f'unknown topic "{topic}": counted as general CE'
    if "general" in scheme.categories and not found:
        found.add("general")
    found.add(topic_class(topic))
    return found, note


def topic_class(topic: str) -> str:
    """The plain class of a topic: ethics, case_management, disability_management,
    general_healthcare, or general (other and unknown topics)."""
    if topic in ETHICS:
        return "ethics"
    if topic in CASE_MANAGEMENT:
        return "case_management"
    if topic == "disability_management":
        return "disability_management"
    if topic.startswith("general_healthcare") or topic.endswith("_clinical"):
        return "general_healthcare"
    return "general"


def progress_of(ledger: Ledger, required: dict[str, tuple[str, float]]) -> list[CategoryProgress]:
    """Counted and remaining hours per required category (category -> (label, hours))."""
    items: list[CategoryProgress] = []
    for category, (label, need) in required.items():
        counted = ledger.hours(category)
        items.append(
            CategoryProgress(
                category=category,
                label=label,
                required=need,
                counted=counted,
                remaining=round(max(0.0, need - counted), 2),
            )
        )
    return items
