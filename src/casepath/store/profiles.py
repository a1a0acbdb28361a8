"""Versioned profiles: every save adds a version (the old ones are kept); reading gives back a
validated `Profile`, ready for `service.check`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from casepath import service
from casepath.profile.loading import ProfileError, dump_profile_json, parse_profile
from casepath.profile.model import Profile
from casepath.result import Report
from casepath.store.models import ProfileVersion, StoredProfile
from casepath.store.types import utcnow

MAX_LABEL_LENGTH = 200


class ProfileNotFound(LookupError):
    """No stored profile (or no such version) with that id."""


@dataclass(frozen=True)
class Saved:
    profile_id: str
    version: int
    saved_at: datetime
    profile: Profile


@dataclass(frozen=True)
class Summary:
    profile_id: str
    label: str
    versions: int
    created_at: datetime


def to_document(profile: Profile) -> dict[str, Any]:
    """The profile as the JSON document of `profile-format.md` (no empty or default values)."""
    document: dict[str, Any] = json.loads(dump_profile_json(profile))
    return document


def _label(label: str) -> str:
    text = " ".join(label.split())
    if not text:
        raise ValueError("label: expected a short name for the profile, got nothing")
    if len(text) > MAX_LABEL_LENGTH:
        raise ValueError(
            f"label: expected at most {MAX_LABEL_LENGTH} characters, got {len(text)} characters"
        )
    return text


def create(session: Session, label: str, profile: Profile) -> Saved:
    """A new stored profile whose first version is `profile`."""
    stored = StoredProfile(label=_label(label), created_at=utcnow(), latest_version=0)
    session.add(stored)
    session.flush()
    return save(session, stored.id, profile)


def save(session: Session, profile_id: str, profile: Profile) -> Saved:
    """Add `profile` as the newest version of `profile_id`, in the session's transaction.

    The version counter is bumped first: that write locks the profile's row until the
    transaction ends, so concurrent saves are numbered one after the other.
    """
    number = session.execute(
        update(StoredProfile)
        .where(StoredProfile.id == profile_id)
        .values(latest_version=StoredProfile.latest_version + 1)
        .returning(StoredProfile.latest_version)
    ).scalar_one_or_none()
    if number is None:
        raise ProfileNotFound(profile_id)
    row = ProfileVersion(
        profile_id=profile_id, version=number, document=to_document(profile), saved_at=utcnow()
    )
    session.add(row)
    session.flush()
    return Saved(profile_id, number, row.saved_at, profile)


def _saved(row: ProfileVersion) -> Saved:
    # Documents were validated when saved; validating again guards against rows written by
    # hand or by an older casepath whose format has since changed.
    try:
        profile = parse_profile(row.document)
    except ProfileError as exc:
        raise ValueError(
            f"stored profile {row.profile_id} version {row.version} is not a valid profile: {exc}"
        ) from None
    return Saved(row.profile_id, row.version, row.saved_at, profile)


def latest(session: Session, profile_id: str) -> Saved:
    row = session.scalars(
        select(ProfileVersion)
        .where(ProfileVersion.profile_id == profile_id)
        .order_by(ProfileVersion.version.desc())
        .limit(1)
    ).first()
    if row is None:
        raise ProfileNotFound(profile_id)
    return _saved(row)


def version(session: Session, profile_id: str, number: int) -> Saved:
    row = session.scalars(
        select(ProfileVersion).where(
            ProfileVersion.profile_id == profile_id, ProfileVersion.version == number
        )
    ).first()
    if row is None:
        raise ProfileNotFound(f"{profile_id} version {number}")
    return _saved(row)


def history(session: Session, profile_id: str) -> list[tuple[int, datetime]]:
    """(version, saved at) of every version, oldest first."""
    rows = session.execute(
        select(ProfileVersion.version, ProfileVersion.saved_at)
        .where(ProfileVersion.profile_id == profile_id)
        .order_by(ProfileVersion.version)
    ).all()
    if not rows:
        raise ProfileNotFound(profile_id)
    return [(number, saved_at) for number, saved_at in rows]


def summaries(session: Session) -> list[Summary]:
    rows = session.scalars(select(StoredProfile).order_by(StoredProfile.created_at)).all()
    return [Summary(p.id, p.label, p.latest_version, p.created_at) for p in rows]


def check(session: Session, profile_id: str, on: date | None = None) -> Report:
    """The newest version of a stored profile, judged by the service."""
    return service.check(latest(session, profile_id).profile, on)
