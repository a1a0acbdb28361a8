"""A person's own space: her one profile (versioned like any other), CE records added as she
earns them, her calendar feed secret, everything she stored as one document, and deleting it
all."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from casepath.profile.model import CERecord, Profile
from casepath.store import accounts, profiles
from casepath.store.models import Account, ProfileVersion, StoredProfile
from casepath.store.profiles import Saved
from casepath.store.types import utcnow

EXPORT_FORMAT = "casepath-account-export/1"


def _own_id(session: Session, account_id: str) -> str | None:
    return session.scalars(
        select(StoredProfile.id).where(StoredProfile.account_id == account_id)
    ).first()


def current(session: Session, account_id: str) -> Saved | None:
    """The newest version of her profile, or None before she saves one."""
    profile_id = _own_id(session, account_id)
    return profiles.latest(session, profile_id) if profile_id else None


def save(session: Session, account: Account, profile: Profile) -> Saved:
    """Her profile's next version (the first one makes it)."""
    profile_id = _own_id(session, account.id)
    if profile_id is None:
        stored = StoredProfile(label=account.email, created_at=utcnow(), latest_version=0)
        stored.account_id = account.id
        session.add(stored)
        session.flush()
        profile_id = stored.id
    return profiles.save(session, profile_id, profile)


def add_ce(session: Session, account: Account, record: CERecord) -> Saved:
    """A new version with one more CE record (the newest version is the starting point)."""
    found = current(session, account.id)
    base = found.profile if found else Profile()
    updated = base.model_copy(update={"ce_records": [*base.ce_records, record]})
    # exclude_unset: a field left out stays left out (CONV-11), it does not become its default
    return save(session, account, Profile.model_validate(updated.model_dump(exclude_unset=True)))


# --------------------------------------------------------------------------------------------
# Calendar feed


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_calendar_token(account: Account) -> str:
    """A new secret feed token; the old one (if any) stops working at once."""
    token = accounts.new_token()
    account.calendar_token_hash = _digest(token)
    return token


def stop_calendar(account: Account) -> None:
    account.calendar_token_hash = None


def calendar_owner(session: Session, token: str) -> Account | None:
    if not token:
        return None
    return session.scalars(
        select(Account).where(Account.calendar_token_hash == _digest(token))
    ).first()


# --------------------------------------------------------------------------------------------
# Everything she stored, and deleting it


def export(session: Session, account: Account) -> dict[str, Any]:
    """Every piece of data kept about her, as plain data (dumped as YAML by the pages)."""
    versions: list[dict[str, Any]] = []
    profile_id = _own_id(session, account.id)
    if profile_id is not None:
        rows = session.scalars(
            select(ProfileVersion)
            .where(ProfileVersion.profile_id == profile_id)
            .order_by(ProfileVersion.version)
        ).all()
        versions = [
            {"version": r.version, "saved_at": r.saved_at.isoformat(), "profile": r.document}
            for r in rows
        ]
    return {
        "format": EXPORT_FORMAT,
        "account": {
            "email": account.email,
            "created_at": account.created_at.isoformat(),
            "password": "kept only as an argon2id hash, which is not exported",
            "calendar_feed": "on" if account.calendar_token_hash else "off",
            "signed_in_browsers": accounts.session_count(session, account.id),
        },
        "profile_versions": versions,
    }


def delete_account(session: Session, account_id: str) -> None:
    """The account and everything kept for it: profile versions, sessions, links, reminders
    (foreign keys cascade; the profile rows are removed explicitly for databases that do not)."""
    profile_id = _own_id(session, account_id)
    if profile_id is not None:
        session.execute(delete(ProfileVersion).where(ProfileVersion.profile_id == profile_id))
        session.execute(delete(StoredProfile).where(StoredProfile.id == profile_id))
    session.execute(delete(Account).where(Account.id == account_id))
