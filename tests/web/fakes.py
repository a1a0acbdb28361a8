"""Reports built by hand, and a backend that serves them: the pages and the API can be tested
without the engine (and the tests say exactly what the page must show for a given report)."""

from __future__ import annotations

from datetime import date

from casepath.profile.model import Profile
from casepath.result import (
    CategoryProgress,
    Citation,
    CredentialInfo,
    CredentialResult,
    OpenQuestionInfo,
    RenewalResult,
    Report,
    RequirementItem,
    RequirementsDoc,
    Status,
    TraceNode,
)
from casepath.whatif import Change, WhatIfReport, apply_changes, compare

GLANCE = Citation(
    key="CCMC-GLANCE", url="https://ccmcertification.org/get-certified/ccm-at-a-glance"
)
ACMA = Citation(key="ACMA-FAQ", url="https://www.acmaweb.org/section.aspx?sID=136")

INFOS = [
    CredentialInfo(id="CCM", issuer="CCMC", title="Certified Case Manager"),
    CredentialInfo(id="ACM", issuer="ACMA", title="Accredited Case Manager"),
    CredentialInfo(id="CMGT-BC", issuer="ANCC", title="Nursing Case Management Certification"),
    CredentialInfo(id="C-SWCM", issuer="NASW", title="Certified Social Work Case Manager"),
    CredentialInfo(
        id="C-ASWCM", issuer="NASW", title="Certified Advanced Social Work Case Manager"
    ),
    CredentialInfo(id="CDMS", issuer="CDMS", title="Certified Disability Management Specialist"),
]


WHAT_IF_CCM_DATE = date(2026, 4, 2)


def ccm_trace() -> TraceNode:
    return TraceNode(
        id="ccm",
        label="CCM eligibility",
        kind="all",
        outcome=False,
        rules=["CCM-GEN-2"],
        first_true=date(2026, 5, 31),
        children=[
            TraceNode(
                id="ccm.licence",
                label="Current, active, unrestricted licence (RN)",
                kind="test",
                outcome=True,
                rules=["CCM-E1A"],
                citations=[GLANCE],
            ),
            TraceNode(
                id="ccm.experience",
                label="Employment experience: one category",
                kind="any",
                outcome=False,
                first_true=date(2026, 5, 31),
                children=[
                    TraceNode(
                        id="ccm.cat1",
                        label="12 months of CM supervised by a CCM",
                        kind="test",
                        outcome=False,
                        rules=["CCM-E2.1", "CCM-E2-U4"],
                        citations=[GLANCE],
                        figures={"value": 9, "threshold": 12, "unit": "months"},
                        first_true=date(2026, 5, 31),
                    ),
                    TraceNode(
                        id="ccm.cat2",
                        label="24 months of CM",
                        kind="test",
                        outcome=False,
                        rules=["CCM-E2.2"],
                        citations=[GLANCE],
                        figures={"value": 18, "threshold": 24, "unit": "months"},
                        first_true=date(2026, 8, 31),
                    ),
                ],
            ),
        ],
    )


def s16_report(on: date | None = None) -> Report:
    """What the engine should answer for worked example S16 on 2026-03-01."""
    when = on or date(2026, 3, 1)
    return Report(
        evaluated_on=when,
        rules_version="2026.1",
        results=[
            CredentialResult(
                credential="CCM",
                issuer="CCMC",
                status=Status.not_eligible,
                path="Option A (RN) + Category 1",
                missing=[
                    "12 months supervised while the supervisor held the CCM "
                    "(has 9: 2025-06-01..2026-03-01)",
                    "or 24 months of CM (has 18)",
                ],
                rules=["CCM-E2.1", "CCM-E2.2", "CCM-E2-U4"],
                earliest_eligibility_date=date(2026, 5, 31),
                earliest_note="Category 1 under the engine's default (strict) reading.",
                alternatives={
                    "strict_supervision_period": "not_eligible",
                    "supervisor_ccm_at_application": "eligible",
                },
                rule_version="2026.1",
                trace=ccm_trace(),
            ),
            CredentialResult(
                credential="ACM",
                issuer="ACMA",
                variant="ACM-RN",
                status=Status.eligible,
                path="RN route",
                rules=["ACM-E1", "ACM-E3", "ACM-E4"],
                notes=["3,120 h; under 2 years, so an attestation is needed."],
                trace=TraceNode(
                    id="acm",
                    label="ACM eligibility",
                    kind="all",
                    outcome=True,
                    rules=["ACM-E1"],
                    citations=[ACMA],
                    children=[
                        TraceNode(
                            id="acm.hours",
                            label="2,080 hours of supervised, paid CM",
                            kind="test",
                            outcome=True,
                            rules=["ACM-E3"],
                            citations=[ACMA],
                            figures={"value": 3120.0, "threshold": 2080, "unit": "hours"},
                        )
                    ],
                ),
            ),
            CredentialResult(
                credential="CMGT-BC",
                issuer="ANCC",
                status=Status.eligible,
                rules=["ANCC-E1", "ANCC-E2", "ANCC-E3", "ANCC-E4"],
            ),
            CredentialResult(
                credential="C-SWCM",
                issuer="NASW",
                status=Status.not_eligible,
                missing=["BSW"],
                rules=["NASW-GEN-1"],
                earliest_note="Needs a BSW from a CSWE-accredited school.",
            ),
            CredentialResult(
                credential="C-ASWCM",
                issuer="NASW",
                status=Status.not_eligible,
                missing=["MSW"],
                rules=["NASW-GEN-1"],
            ),
            CredentialResult(
                credential="CDMS",
                issuer="CDMS",
                status=Status.not_eligible,
                missing=["employment in absence/disability management"],
                rules=["CDMS-E2"],
            ),
        ],
    )


def renewal_report() -> Report:
    report = s16_report()
    report.renewals.append(
        RenewalResult(
            credential="CCM",
            issuer="CCMC",
            status=Status.not_eligible,
            missing=["1 more ethics hour (7 of 8)"],
            rules=["CCM-R2", "CCM-R3"],
            deadline=date(2026, 5, 31),
            window_opens=date(2026, 3, 1),
            window_closes=date(2026, 5, 31),
            late_window_closes=date(2026, 6, 30),
            progress=[
                CategoryProgress(
                    category="total", label="All CE", required=80, counted=80, remaining=0
                ),
                CategoryProgress(
                    category="ethics", label="Ethics", required=8, counted=7, remaining=1
                ),
            ],
        )
    )
    report.warnings.append("Licence RN (WA) expires on 2026-08-31.")
    return report


def ccm_requirements() -> RequirementsDoc:
    return RequirementsDoc(
        credential="CCM",
        issuer="CCMC",
        title="Certified Case Manager",
        rule_version="2026.1",
        effective_from=date(2013, 3, 1),
        summary="A licence or a degree, employment experience, and good moral character.",
        requirement=RequirementItem(
            id="ccm",
            kind="all",
            label="All three requirements",
            rules=["CCM-GEN-2"],
            children=[
                RequirementItem(
                    id="ccm.r1",
                    kind="any",
                    label="Licence (Option A) or degree (Option B)",
                    rules=["CCM-E1A", "CCM-E1B"],
                    citations=[GLANCE],
                ),
                RequirementItem(
                    id="ccm.r2",
                    kind="any",
                    label="Employment experience, one category",
                    text="Category 1: 12 months supervised by a CCM; Category 2: 24 months; "
                    "Category 3: 12 months as supervisor.",
                    rules=["CCM-E2.1", "CCM-E2.2", "CCM-E2.3"],
                    citations=[GLANCE],
                ),
            ],
        ),
        open_questions=[
            OpenQuestionInfo(
                id="ccm_supervisor_period",
                rule="CCM-E2-U4",
                label="Must the supervisor have held the CCM during the supervised months?",
                readings={
                    "strict_supervision_period": "only months while the supervisor held the CCM",
                    "supervisor_ccm_at_application": "the supervisor is a CCM at application",
                },
                default="strict_supervision_period",
            )
        ],
    )


class FakeBackend:
    """Answers every check with `report` (dated on the evaluation date asked)."""

    def __init__(self, report: Report | None = None) -> None:
        self.report = report
        self.checked: list[tuple[Profile, date | None]] = []
        self.what_ifs: list[tuple[Profile, list[Change], date | None]] = []

    def check(self, profile: Profile, on: date | None = None, *, explain: bool = True) -> Report:
        self.checked.append((profile, on))
        if self.report is not None:
            return self.report.model_copy(update={"evaluated_on": on or date.today()})
        return s16_report(on or date.today())

    def credentials(self) -> list[CredentialInfo]:
        return list(INFOS)

    def requirements(self, credential: str, on: date | None = None) -> RequirementsDoc:
        if credential != "CCM":
            raise KeyError(credential)
        return ccm_requirements()

    def what_if(
        self, profile: Profile, changes: list[Change], on: date | None = None
    ) -> WhatIfReport:
        """Any change brings CCM forward to `WHAT_IF_CCM_DATE`; the rest stays as it was."""
        self.what_ifs.append((profile, changes, on))
        day = on or date.today()
        _, words = apply_changes(profile, changes, day)
        before = self.check(profile, on)
        results = [
            r.model_copy(
                update={
                    "status": Status.not_eligible,
                    "earliest_eligibility_date": WHAT_IF_CCM_DATE,
                }
            )
            if r.credential == "CCM"
            else r
            for r in before.results
        ]
        after = before.model_copy(update={"results": results})
        return WhatIfReport(
            evaluated_on=day, changes=words, differences=compare(before, after), after=after
        )


class BrokenBackend(FakeBackend):
    """A backend with a bug: every check raises."""

    def check(self, profile: Profile, on: date | None = None, *, explain: bool = True) -> Report:
        raise RuntimeError("boom: an engine bug")
