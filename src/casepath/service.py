"""The one entry point every interface calls."""

from __future__ import annotations

from datetime import date

from casepath.profile.model import Profile
from casepath.result import CredentialInfo, Report, RequirementsDoc


def check(profile: Profile, on: date | None = None) -> Report:
    """Every credential and every renewal for one person, judged on `on` (default: today)."""
    raise NotImplementedError("engine lands next")


def credentials() -> list[CredentialInfo]:
    """The credentials of the catalogue, in report order."""
    raise NotImplementedError("engine lands next")


def requirements(credential: str, on: date | None = None) -> RequirementsDoc:
    """What is required for `credential` under the rule version in force on `on`.

    Raises KeyError for an unknown credential id.
    """
    raise NotImplementedError("engine lands next")
