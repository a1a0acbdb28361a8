"""Which jobs (and which part of each) a rule counts as experience.

One filter serves every experience rule: role, setting, paid, supervised, CCM supervision,
licensure, degree and domain conditions. Where the catalogue leaves a condition open, the filter
asks the open question only for the jobs it concerns.
"""

from __future__ import annotations

from datetime import date

from casepath.profile.model import DegreeLevel, Job, LicenseType, Role, Setting
from casepath.rules.context import EvalContext
from casepath.rules.facts import Choices
from casepath.rules.language import Node, Version
from casepath.rules.measures.registry import CountedIf, Params, lookup
from casepath.rules.work import Span, job_span


class SettingsIf(CountedIf):
    """Settings that count only under one reading of an open question: a catalogue default
    that excludes them is a reading too, so its alternative is reported (ACM-E-U2)."""

    settings: list[Setting]


class AfterDegree(Params):
    levels: list[DegreeLevel]
    field: str


class JobFilter(Params):
    roles: list[Role] = [Role.direct_cm]
    # A role the catalogue leaves open (ACM-E-U4, NASW-U2): counted only under one reading.
    open_role: Role | None = None
    open_role_question: str | None = None
    open_role_counts_when: str = "counts"
    settings: list[Setting] | None = None  # None: every setting counts
    # Settings the catalogue leaves open (ACM-E-U2 home health, SNF, ...).
    open_settings: list[Setting] = []
    open_settings_question: str | None = None
    open_settings_counts_when: str = "counts"
    settings_if: list[SettingsIf] = []
    paid_only: bool = True
    unpaid: CountedIf | None = None  # unpaid work counted under one reading (CCM-E2-U5)
    supervised_only: bool = False
    ccm_supervised: bool = False
    supervisor_timing_question: str | None = None  # CCM-E2-U4
    # The reading under which only months after the supervisor became a CCM count.
    supervisor_timing_strict_when: str = ""
    min_domains: int = 0  # CDMS-E3: domains of disability management attested
    while_licensed: list[LicenseType] | None = None
    after_degree: AfterDegree | None = None


# Per rule version (kept with its version, so an id is never reused while its entry exists).
_CLASSES: dict[int, tuple[Version, Choices]] = {}


def setting_classes(version: Version) -> Choices:
    """Settings that every job filter of the version treats alike, grouped: a setting left out
    of a job is asked once per group, not once per setting (13 readings per job would multiply
    across jobs)."""
    entry = _CLASSES.get(id(version))
    if entry is None or entry[0] is not version:
        filters = [f for node in _nodes(version.requirement) for f in _filters_of(node)]
        groups: dict[tuple[object, ...], list[str]] = {}
        for setting in Setting:
            key = (setting == Setting.self_employed, *(_setting_class(f, setting) for f in filters))
            groups.setdefault(key, []).append(setting.value)
        entry = _CLASSES[id(version)] = (version, tuple(tuple(g) for g in groups.values()))
    return entry[1]


def _nodes(node: Node) -> list[Node]:
    return [node, *(n for child in node.children for n in _nodes(child))]


def _filters_of(node: Node) -> list[JobFilter]:
    name = node.test or node.advisory
    if name is None:
        return []
    return _filters_in(lookup(name).params.model_validate(node.params))


def _filters_in(value: object) -> list[JobFilter]:
    if isinstance(value, JobFilter):
        return [value]
    if isinstance(value, Params):
        return [f for _, item in value for f in _filters_in(item)]
    if isinstance(value, list):
        return [f for item in value for f in _filters_in(item)]
    return []


def _setting_class(rules: JobFilter, setting: Setting) -> int:
    if rules.settings is None or setting in rules.settings:
        return 0
    if setting in rules.open_settings:
        return 1
    for position, group in enumerate(rules.settings_if):
        if setting in group.settings:
            return 2 + position
    return -1


def is_supervised(job: Job) -> bool:
    """Employees have supervisors; self-employed work is unsupervised unless said otherwise."""
    if job.supervised is not None:
        return job.supervised
    if job.supervisor is not None and job.supervisor.strip().lower() in {"none", "no", "n/a"}:
        return False
    return job.setting != Setting.self_employed


def counted_spans(ctx: EvalContext, rules: JobFilter) -> list[Span]:
    """The spans of the profile's jobs that `rules` counts, each clipped to where it counts."""
    spans: list[Span] = []
    for index, job in enumerate(ctx.profile.jobs):
        if not _job_counts(ctx, rules, job, index):
            continue
        span: Span | None = job_span(job, index, ctx.on)
        start = _counting_start(ctx, rules, job, index)
        if start is _NEVER:
            continue
        if span is not None and isinstance(start, date):
            span = span.clip(first=start.toordinal())
        if span is not None:
            spans.append(span)
    return spans


class _Never:
    pass


_NEVER = _Never()


def _job_counts(ctx: EvalContext, rules: JobFilter, job: Job, index: int) -> bool:
    given = job.model_fields_set  # a field left out is not known (CONV-11)
    role = job.role if "role" in given else Role(ctx.fact("jobs", index, "role"))
    if role not in rules.roles:
        if role != rules.open_role or rules.open_role_question is None:
            return False
        if ctx.reading(rules.open_role_question) != rules.open_role_counts_when:
            return False
    if rules.settings is not None:
        setting = (
            job.setting
            if "setting" in given
            else Setting(ctx.fact("jobs", index, "setting", setting_classes(ctx.version)))
        )
        if setting not in rules.settings and not _open_setting_counts(ctx, rules, setting):
            return False
    if rules.paid_only or rules.unpaid is not None:
        paid = job.paid if "paid" in given else ctx.fact_is("jobs", index, "paid")
        if not paid:
            if rules.unpaid is None:
                return False
            if ctx.reading(rules.unpaid.question) != rules.unpaid.counts_when:
                return False
    if rules.supervised_only and not is_supervised(job):
        return False
    if rules.ccm_supervised:
        if "supervised_by_ccm" in given:
            if not job.supervised_by_ccm:
                return False
        elif not ctx.fact_is("jobs", index, "supervised_by_ccm"):
            return False
    return job.cdms_domains_attested >= rules.min_domains


def _open_setting_counts(ctx: EvalContext, rules: JobFilter, setting: Setting) -> bool:
    """A setting outside the list counts only under the reading of the question it is open to."""
    if setting in rules.open_settings and rules.open_settings_question is not None:
        return ctx.reading(rules.open_settings_question) == rules.open_settings_counts_when
    for group in rules.settings_if:
        if setting in group.settings:
            return ctx.reading(group.question) == group.counts_when
    return False


def _counting_start(
    ctx: EvalContext, rules: JobFilter, job: Job, index: int
) -> date | _Never | None:
    """The first day of the job that counts (None: from its start)."""
    starts: list[date] = []
    if rules.ccm_supervised and rules.supervisor_timing_question:
        since = job.supervisor_ccm_since
        if since is None or since > job.start:
            # Only a supervisor who became a CCM after the job began makes the timing matter.
            reading = ctx.reading(rules.supervisor_timing_question)
            strict = reading == rules.supervisor_timing_strict_when
            if strict:
                if since is None:
                    if not ctx.fact_is("jobs", index, "supervisor_ccm_since"):
                        return _NEVER
                else:
                    starts.append(since)
    if rules.while_licensed is not None:
        issued = _first_licensed(ctx, rules.while_licensed)
        if issued is _NEVER:
            return _NEVER
        if isinstance(issued, date):
            starts.append(issued)
    if rules.after_degree is not None:
        conferred = [
            d.conferred
            for d in ctx.profile.degrees
            if d.level in rules.after_degree.levels and d.field == rules.after_degree.field
        ]
        if not conferred:
            return _NEVER
        # CONV-10: only days strictly before the conferral are excluded; that day counts.
        starts.append(min(conferred))
    return max(starts) if starts else None


def _first_licensed(ctx: EvalContext, types: list[LicenseType]) -> date | _Never | None:
    licences = [lic for lic in ctx.profile.licenses if lic.type in types]
    if not licences:
        return _NEVER
    dates = [lic.issued for lic in licences]
    if any(d is None for d in dates):
        return None
    return min(d for d in dates if d is not None)
