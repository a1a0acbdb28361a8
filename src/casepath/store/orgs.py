"""Organisations. Every query for an organisation's data goes through `OrgScope`, which is made
from the request's organisation and the member (or API token) asking, and filters every query
by that organisation: nothing here reads another organisation's rows.

Roles: `owner` (everything: members, tokens, settings), `manager` (the roster of the units given
to them; the roster comes with the next issue), `viewer` (read only, their units).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casepath.store import accounts, audit
from casepath.store.models import Account, ApiToken, AuditEvent, Membership, Organisation
from casepath.store.types import utcnow

MAX_UNITS = 50
MAX_UNIT_LENGTH = 100


class Role(StrEnum):
    owner = "owner"
    manager = "manager"
    viewer = "viewer"


class Scope(StrEnum):
    read = "read"
    write = "write"


class NotAllowed(PermissionError):
    """The member's role does not allow this change; the message says which role does."""


class OrgError(ValueError):
    """A request that cannot be granted as given; the message names the field."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_units(units: list[str]) -> list[str]:
    found = sorted({" ".join(u.split()) for u in units if u.strip()})
    if len(found) > MAX_UNITS or any(len(u) > MAX_UNIT_LENGTH for u in found):
        raise OrgError(
            f"units: expected at most {MAX_UNITS} units of at most {MAX_UNIT_LENGTH} characters"
        )
    return found


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise OrgError(f"role: expected owner, manager or viewer, got {value!r}") from None


def create(session: Session, name: str, owner: Account) -> Organisation:
    text = " ".join(name.split())
    if not text or len(text) > 200:
        raise OrgError("name: expected a name of 1 to 200 characters")
    org = Organisation(name=text, created_at=utcnow())
    session.add(org)
    session.flush()
    session.add(Membership(org_id=org.id, account_id=owner.id, role=Role.owner.value, units=[]))
    session.flush()
    return org


def memberships_of(session: Session, account_id: str) -> list[tuple[Organisation, Membership]]:
    """The organisations an account belongs to (its own memberships only)."""
    rows = session.execute(
        select(Organisation, Membership)
        .join(Membership, Membership.org_id == Organisation.id)
        .where(Membership.account_id == account_id)
        .order_by(Organisation.name)
    ).all()
    return [(org, member) for org, member in rows]


@dataclass(frozen=True)
class MemberView:
    id: str
    email: str
    role: str
    units: list[str]


@dataclass(frozen=True)
class Added:
    member: MemberView
    invitation: str | None  # a link token when the person had no account yet


class OrgScope:
    """One organisation, seen by one member (or one API token). Every method filters by the
    organisation; changes check the role."""

    def __init__(
        self, session: Session, org: Organisation, role: Role, *, token: ApiToken | None = None
    ) -> None:
        self.session = session
        self.org = org
        self.role = role
        self.token = token

    # -- entry points: the only ways to get a scope ------------------------------------------

    @classmethod
    def for_member(cls, session: Session, org_id: str, account_id: str) -> OrgScope | None:
        """The scope of a signed-in member; None when she is not a member (answer 404)."""
        row = session.execute(
            select(Organisation, Membership)
            .join(Membership, Membership.org_id == Organisation.id)
            .where(Organisation.id == org_id, Membership.account_id == account_id)
        ).first()
        if row is None:
            return None
        org, member = row
        return cls(session, org, Role(member.role))

    @classmethod
    def for_token(cls, session: Session, token: str) -> OrgScope | None:
        """The scope of an API token (its organisation, read or write); None when it is
        unknown or revoked. Records the time it was used."""
        row = session.scalars(
            select(ApiToken).where(
                ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None)
            )
        ).first()
        if row is None:
            return None
        org = session.get(Organisation, row.org_id)
        if org is None:
            return None
        row.last_used_at = utcnow()
        role = Role.owner if row.scope == Scope.write.value else Role.viewer
        return cls(session, org, role, token=row)

    # -- checks -------------------------------------------------------------------------------

    @property
    def can_manage_members(self) -> bool:
        return self.role == Role.owner and self.token is None

    def _require_owner(self) -> None:
        if self.role != Role.owner:
            raise NotAllowed("only an owner of the organisation can do this")

    def require_write(self) -> None:
        if self.token is not None and self.token.scope != Scope.write.value:
            raise NotAllowed("this token may only read; make a token with write scope")
        self._require_owner()

    # -- members ------------------------------------------------------------------------------

    def members(self) -> list[MemberView]:
        rows = self.session.execute(
            select(Membership, Account.email)
            .join(Account, Account.id == Membership.account_id)
            .where(Membership.org_id == self.org.id)
            .order_by(Account.email)
        ).all()
        return [MemberView(m.id, email, m.role, list(m.units)) for m, email in rows]

    def member(self, member_id: str) -> Membership | None:
        return self.session.scalars(
            select(Membership).where(Membership.org_id == self.org.id, Membership.id == member_id)
        ).first()

    def add_member(self, email: str, role: str, units: list[str]) -> Added:
        self.require_write()
        wanted, kept_units = _role(role), clean_units(units)
        account = accounts.find(self.session, email)
        invitation = None
        if account is None:
            account = accounts.create(self.session, email, None)
        if account.password_hash is None:
            invitation = accounts.create_link(
                self.session, account, accounts.LinkPurpose.invitation
            )
        exists = self.session.scalars(
            select(Membership).where(
                Membership.org_id == self.org.id, Membership.account_id == account.id
            )
        ).first()
        if exists is not None:
            raise OrgError("email: this person is a member already; change their role instead")
        row = Membership(
            org_id=self.org.id, account_id=account.id, role=wanted.value, units=kept_units
        )
        self.session.add(row)
        self.session.flush()
        return Added(MemberView(row.id, account.email, row.role, kept_units), invitation)

    def change_member(self, member_id: str, role: str, units: list[str]) -> Membership | None:
        self.require_write()
        row = self.member(member_id)
        if row is None:
            return None
        wanted = _role(role)
        if row.role == Role.owner.value and wanted != Role.owner and self._owners() == 1:
            raise OrgError("role: the organisation needs at least one owner")
        row.role = wanted.value
        row.units = clean_units(units)
        return row

    def _owners(self) -> int:
        query = select(func.count()).select_from(Membership)
        return int(
            self.session.scalar(
                query.where(Membership.org_id == self.org.id, Membership.role == Role.owner.value)
            )
            or 0
        )

    # -- API tokens ---------------------------------------------------------------------------

    def tokens(self) -> list[ApiToken]:
        self._require_owner()
        return list(
            self.session.scalars(
                select(ApiToken).where(ApiToken.org_id == self.org.id).order_by(ApiToken.created_at)
            )
        )

    def create_token(self, label: str, scope: str) -> tuple[ApiToken, str]:
        """A new token; the secret is returned once and only its digest kept."""
        if not self.can_manage_members:
            raise NotAllowed("only an owner, signed in, can make API tokens")
        text = " ".join(label.split())
        if not text or len(text) > 200:
            raise OrgError("label: expected a name of 1 to 200 characters, e.g. 'Workday'")
        try:
            kept_scope = Scope(scope)
        except ValueError:
            raise OrgError(f"scope: expected read or write, got {scope!r}") from None
        secret = "cpt_" + accounts.new_token()
        row = ApiToken(
            org_id=self.org.id,
            label=text,
            token_hash=_digest(secret),
            scope=kept_scope.value,
            created_at=utcnow(),
        )
        self.session.add(row)
        self.session.flush()
        return row, secret

    def revoke_token(self, token_id: str) -> ApiToken | None:
        if not self.can_manage_members:
            raise NotAllowed("only an owner, signed in, can revoke API tokens")
        row = self.session.scalars(
            select(ApiToken).where(ApiToken.org_id == self.org.id, ApiToken.id == token_id)
        ).first()
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()
        return row

    # -- audit log ----------------------------------------------------------------------------

    def record(
        self, actor: audit.Actor, action: str, target_type: str, target_id: str | None
    ) -> None:
        """An audit event of this organisation, in the current transaction."""
        audit.record(self.session, actor, action, target_type, target_id, org_id=self.org.id)

    def audit_events(self) -> list[AuditEvent]:
        """The organisation's audit log; owners only."""
        if not self.can_manage_members:
            raise NotAllowed("only an owner of the organisation can read its audit log")
        return audit.for_org(self.session, self.org.id)
