"""The audit log: `record` adds an event in the caller's transaction, so it is kept exactly when
the change it records is. There is no way here to change or remove an event, and the database
refuses UPDATE and DELETE on the table (migration 0005)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casepath.store.models import AuditEvent
from casepath.store.types import utcnow

# What is recorded (the `action` column).
ACTIONS = frozenset(
    {
        "account_created",
        "sign_in",
        "sign_in_failed",
        "sign_out",
        "password_changed",
        "profile_saved",
        "profile_viewed",
        "exported",
        "account_deleted",
        "member_added",
        "role_changed",
        "token_created",
        "token_used",
        "token_revoked",
        "audit_exported",
    }
)


@dataclass(frozen=True)
class Actor:
    """Who acts, from where: a signed-in account, or an organisation's API token."""

    address: str
    account_id: str | None = None
    token_id: str | None = None


def record(
    session: Session,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: str | None = None,
    *,
    org_id: str | None = None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEvent(
            at=utcnow(),
            actor_account_id=actor.account_id,
            actor_token_id=actor.token_id,
            org_id=org_id,
            address=actor.address[:64],
            action=action,
            target_type=target_type,
            target_id=target_id,
        )
    )


def for_org(session: Session, org_id: str, limit: int = 1000) -> list[AuditEvent]:
    """An organisation's events, newest first (callers go through OrgScope.audit_events)."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.org_id == org_id)
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )


COLUMNS = (
    "at",
    "action",
    "actor_account_id",
    "actor_token_id",
    "address",
    "target_type",
    "target_id",
)


def as_csv(events: list[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([event.at.isoformat(), *(getattr(event, c) or "" for c in COLUMNS[1:])])
    return out.getvalue()
