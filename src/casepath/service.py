"""The one entry point every interface calls: check a profile, describe requirements."""

from __future__ import annotations

from datetime import date

from casepath import __version__
from casepath.catalogue import load_catalogue
from casepath.guidance.choose import order_options
from casepath.profile.model import CertificationStatus, Profile
from casepath.renewal.judge import judge_renewals
from casepath.renewal.rulebooks import load_renewal_rulebooks
from casepath.result import CredentialInfo, CredentialResult, Report, RequirementsDoc, Status
from casepath.rules.answers import check_answers
from casepath.rules.engine import judge_credential
from casepath.rules.language import Question, Rulebook
from casepath.rules.loader import CREDENTIAL_ORDER, load_rulebooks

RULES_VERSION = "2026.1"

# Certifications held that make applying for a credential moot (renewal applies instead).
HELD_NAMES = {
    "CCM": {"CCM"},
    "ACM": {"ACM-RN", "ACM-SW"},
    "CMGT-BC": {"CMGT-BC"},
    "C-SWCM": {"C-SWCM"},
    "C-ASWCM": {"C-ASWCM"},
    "CDMS": {"CDMS"},
}


def check(profile: Profile, on: date | None = None, *, explain: bool = True) -> Report:
    """Every credential and every renewal for one person, judged on `on` (default: today).

    Raises ProfileError (casepath.profile.loading) for `answers:` that cannot be taken.
    """
    day = on or date.today()
    catalogue = load_catalogue()
    books = load_rulebooks()
    validate_answers(profile)
    results = []
    for credential in CREDENTIAL_ORDER:
        book = books[credential]
        held = _held(profile, credential)
        if held is not None:
            results.append(_not_applicable(credential, book.issuer, held))
        elif _renewal_only(profile):
            results.append(
                _not_applicable(
                    credential,
                    book.issuer,
                    "The profile records certifications held but no degrees and no jobs: "
                    "there is nothing to judge eligibility on. Add them to see eligibility.",
                )
            )
        else:
            results.append(judge_credential(book, profile, day, catalogue, explain=explain))
    renewals = judge_renewals(profile, day, catalogue)
    guidance = order_options(profile, day, results, renewals, books, catalogue)
    return Report(
        evaluated_on=day,
        rules_version=RULES_VERSION,
        results=results,
        renewals=renewals,
        guidance=guidance,
    )


def validate_answers(profile: Profile) -> None:
    """Refuse answers to policy questions, unknown questions and unknown answer ids
    (ProfileError naming each)."""
    if profile.answers:
        check_answers(profile, _policy_questions())


def _policy_questions() -> dict[str, Question]:
    books: list[Rulebook] = [*load_rulebooks().values()]
    books.extend(b.rulebook for b in load_renewal_rulebooks().values())
    return {q.id: q for book in books for v in book.versions for q in v.questions}


def _held(profile: Profile, credential: str) -> str | None:
    for cert in profile.certifications:
        if cert.name.value in HELD_NAMES[credential] and cert.status == CertificationStatus.active:
            return f"{cert.name.value} is held: see its renewal instead."
    return None


def _renewal_only(profile: Profile) -> bool:
    return bool(profile.certifications) and not profile.degrees and not profile.jobs


def _not_applicable(credential: str, issuer: str, note: str) -> CredentialResult:
    return CredentialResult(
        credential=credential, issuer=issuer, status=Status.not_applicable, notes=[note]
    )


def credentials() -> list[CredentialInfo]:
    """The credentials of the catalogue, in report order."""
    books = load_rulebooks()
    return [
        CredentialInfo(id=c, issuer=books[c].issuer, title=books[c].title, summary=books[c].summary)
        for c in CREDENTIAL_ORDER
    ]


def requirements(credential: str, on: date | None = None) -> RequirementsDoc:
    """What is required for `credential` under the rule version in force on `on`.

    Raises KeyError for an unknown credential id.
    """
    from casepath.rules.requirements import describe

    return describe(load_rulebooks()[credential], on or date.today(), load_catalogue())


__all__ = [
    "RULES_VERSION",
    "__version__",
    "check",
    "credentials",
    "requirements",
    "validate_answers",
]
