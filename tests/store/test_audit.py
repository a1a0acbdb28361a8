"""The audit log: written with the change it records, read and exported by owners, and
append-only (the database refuses UPDATE and DELETE; the store has no way to do either)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from casepath.store import Database, audit
from casepath.store.models import AuditEvent

from .test_orgs import Org, two_orgs  # noqa: F401 - the two-organisation fixture
from .web_support import browser, csrf_of, sign_in, sign_up


def _events(database: Database) -> list[AuditEvent]:
    with database.reading() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_the_database_refuses_to_change_or_remove_an_event(database: Database) -> None:
    with browser(database) as client:
        sign_up(client, "dana@example.org")
    assert _events(database)
    for statement in (
        "UPDATE audit_events SET action = 'nothing_happened'",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(DBAPIError, match="append-only"), database.transaction() as session:
            session.execute(text(statement))
    assert [e.action for e in _events(database)] == ["account_created", "sign_in"]


def test_the_store_offers_no_way_to_change_an_event() -> None:
    names = [n.lower() for n in dir(audit)]
    assert not [n for n in names if any(w in n for w in ("update", "delete", "remove", "edit"))]


def test_an_event_is_kept_exactly_when_its_change_is(database: Database) -> None:
    with browser(database) as client:
        refused = sign_up(client, "dana@example.org", "too short")
        assert refused.status_code == 422
        assert _events(database) == []  # no account, no event
        sign_up(client, "dana@example.org")
        sign_in(client, "dana@example.org", "a wrong password here")
    events = _events(database)
    assert [e.action for e in events] == ["account_created", "sign_in", "sign_in_failed"]
    account_id = events[0].target_id
    assert events[1].actor_account_id == account_id and events[1].address == "testclient"
    assert events[2].actor_account_id is None and events[2].target_id == account_id


def test_events_hold_ids_not_addresses(database: Database) -> None:
    with browser(database) as client:
        sign_up(client, "dana@example.org")
        client.get("/account/export")
    for event in _events(database):
        for value in vars(event).values():
            assert "dana" not in str(value) and "@" not in str(value)


def test_owners_read_and_export_the_log_and_nobody_else(
    two_orgs: tuple[Org, Org],  # noqa: F811
    database: Database,
) -> None:
    a, _ = two_orgs
    with browser(database) as owner:
        sign_in(owner, "owner.a@example.org")
        page = owner.get(f"/orgs/{a.id}").text
        owner.post(
            f"/orgs/{a.id}/members",
            data={"csrf_token": csrf_of(page), "email": "new@example.org", "role": "viewer"},
        )
        TestClient(owner.app).get(
            "/api/v1/org", headers={"Authorization": f"Bearer {a.read_token}"}
        )
        log = owner.get(f"/orgs/{a.id}/audit")
        assert log.status_code == 200
        assert "member added" in log.text and "token used" in log.text
        exported = owner.get(f"/orgs/{a.id}/audit.csv")
        assert exported.status_code == 200
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert {"member_added", "token_used"} <= {r["action"] for r in rows}
        assert all(r["action"] != "sign_in" for r in rows)  # personal events stay personal
    assert _events(database)[-1].action == "audit_exported"
    with browser(database) as viewer:
        sign_in(viewer, "viewer.a@example.org")
        assert viewer.get(f"/orgs/{a.id}/audit").status_code == 403
        assert viewer.get(f"/orgs/{a.id}/audit.csv").status_code == 403
