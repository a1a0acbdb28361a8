"""Accounts, signed-in sessions, sign-in rate limits and one-time links, all in the database so
every server process (`casepath serve --workers N`) sees the same state."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casepath.store import passwords
from casepath.store.models import Account, OneTimeLink, SignInAttempt, WebSession
from casepath.store.types import utcnow

SESSION_IDLE = timedelta(hours=2)  # signed out after two hours without a request
SESSION_ABSOLUTE = timedelta(hours=24)  # and a day after signing in, whatever happens
TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most once a minute

FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


class LinkPurpose(StrEnum):
    invitation = "invitation"
    reset = "reset"


LINK_LIFETIME = {LinkPurpose.invitation: timedelta(days=7), LinkPurpose.reset: timedelta(hours=1)}

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_EMAIL_LENGTH = 254


class AccountError(ValueError):
    """A request about accounts that cannot be granted; the message is for the person."""


def normalise_email(text: str) -> str:
    """The address as stored: trimmed and lower-cased (addresses differing only in case are
    one person in practice)."""
    email = text.strip().lower()
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(email):
        raise AccountError("email: expected an e-mail address like name@example.org")
    return email


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


# --------------------------------------------------------------------------------------------
# Accounts


def find(session: Session, email: str) -> Account | None:
    try:
        key = normalise_email(email)
    except AccountError:
        return None
    return session.scalars(select(Account).where(Account.email == key)).first()


def create(session: Session, email: str, password: str | None) -> Account:
    """A new account; `password` None for an invited person who will set one with the link."""
    key = normalise_email(email)
    if password is not None:
        trouble = passwords.problem(password, key)
        if trouble:
            raise AccountError(trouble)
    if find(session, key) is not None:
        raise AccountError("email: there is already an account with this address; sign in")
    account = Account(
        email=key,
        password_hash=passwords.hash_password(password) if password is not None else None,
        created_at=utcnow(),
        password_changed_at=utcnow() if password is not None else None,
    )
    session.add(account)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # the same address signed up a moment ago in another process
        raise AccountError(
            "email: there is already an account with this address; sign in"
        ) from None
    return account


def set_password(session: Session, account: Account, password: str) -> None:
    """A new password; every session of the account ends (whoever knew the old one is out)."""
    trouble = passwords.problem(password, account.email)
    if trouble:
        raise AccountError(trouble)
    account.password_hash = passwords.hash_password(password)
    account.password_changed_at = utcnow()
    end_all_sessions(session, account.id)


# --------------------------------------------------------------------------------------------
# Signing in, with rate limits per account and per address


class SignInRefused(StrEnum):
    wrong = "wrong"  # unknown address or wrong password: the same answer for both
    locked = "locked"  # too many failures lately, for this address or this account


@dataclass(frozen=True)
class SignInResult:
    account: Account | None
    refused: SignInRefused | None


def _recent_failures(session: Session, now: datetime, **match: str) -> int:
    since = now - FAILURE_WINDOW
    query = select(func.count()).select_from(SignInAttempt).where(SignInAttempt.at > since)
    for column, value in match.items():
        query = query.where(getattr(SignInAttempt, column) == value)
    return int(session.execute(query).scalar_one())


def locked(session: Session, email: str, address: str, now: datetime | None = None) -> bool:
    moment = now or utcnow()
    key = _digest(email.strip().lower())
    return (
        _recent_failures(session, moment, email_digest=key) >= MAX_FAILURES_PER_ACCOUNT
        or _recent_failures(session, moment, address=address) >= MAX_FAILURES_PER_ADDRESS
    )


def sign_in(session: Session, email: str, password: str, address: str) -> SignInResult:
    """Check the password, counting failures; refused outright while locked out (then the
    password is not even checked, so guessing on gets nowhere)."""
    now = utcnow()
    if locked(session, email, address, now):
        return SignInResult(None, SignInRefused.locked)
    account = find(session, email)
    if not passwords.verify(account.password_hash if account else None, password):
        session.add(
            SignInAttempt(email_digest=_digest(email.strip().lower()), address=address, at=now)
        )
        return SignInResult(None, SignInRefused.wrong)
    assert account is not None and account.password_hash is not None
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    return SignInResult(account, None)


# --------------------------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True)
class Started:
    token: str  # for the cookie; never stored
    csrf_token: str


def start_session(session: Session, account: Account) -> Started:
    """A new session with a new random id (never one the browser brought: no fixation)."""
    token, csrf = new_token(), new_token()
    now = utcnow()
    session.add(
        WebSession(
            token_hash=_digest(token),
            account_id=account.id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
        )
    )
    return Started(token, csrf)


def current(session: Session, token: str | None) -> tuple[Account, WebSession] | None:
    """The account signed in with `token`, or None when the session is unknown or timed out
    (a timed-out session is removed)."""
    if not token:
        return None
    row = session.get(WebSession, _digest(token))
    if row is None:
        return None
    now = utcnow()
    if now - row.last_seen_at > SESSION_IDLE or now - row.created_at > SESSION_ABSOLUTE:
        session.delete(row)
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    account = session.get(Account, row.account_id)
    if account is None:
        return None
    return account, row


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))


def end_all_sessions(session: Session, account_id: str) -> int:
    result = session.execute(delete(WebSession).where(WebSession.account_id == account_id))
    return int(getattr(result, "rowcount", 0) or 0)


def session_count(session: Session, account_id: str) -> int:
    query = select(func.count()).select_from(WebSession)
    return int(session.execute(query.where(WebSession.account_id == account_id)).scalar_one())


# --------------------------------------------------------------------------------------------
# One-time links: invitations and password resets


def create_link(session: Session, account: Account, purpose: LinkPurpose) -> str:
    """A new link token for `account`; only its digest is stored."""
    token = new_token()
    now = utcnow()
    session.add(
        OneTimeLink(
            token_hash=_digest(token),
            purpose=purpose.value,
            account_id=account.id,
            created_at=now,
            expires_at=now + LINK_LIFETIME[purpose],
        )
    )
    return token


def peek_link(session: Session, token: str, purpose: LinkPurpose) -> Account | None:
    """The account a link is for while it is still usable (not used, not expired)."""
    row = session.get(OneTimeLink, _digest(token))
    if row is None or row.purpose != purpose.value or row.used_at is not None:
        return None
    if utcnow() >= row.expires_at:
        return None
    return session.get(Account, row.account_id)


def use_link(session: Session, token: str, purpose: LinkPurpose) -> Account | None:
    """Spend a link: the account it is for, or None when it is unknown, expired or used.
    The check and the marking are one UPDATE, so two uses at once cannot both succeed."""
    now = utcnow()
    result = session.execute(
        update(OneTimeLink)
        .where(
            OneTimeLink.token_hash == _digest(token),
            OneTimeLink.purpose == purpose.value,
            OneTimeLink.used_at.is_(None),
            OneTimeLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(OneTimeLink.account_id)
    )
    account_id = result.scalar_one_or_none()
    return session.get(Account, account_id) if account_id else None
