"""Organisations: isolation between organisations on every route, roles, API token scopes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import URL
from typer.testing import CliRunner

from casepath.interfaces.cli import app as cli_app
from casepath.store import Database
from casepath.store import accounts as store
from casepath.store.models import ApiToken, Membership
from casepath.store.orgs import OrgScope, Role
from casepath.store.orgs import create as create_org

from .web_support import PASSWORD, app_routes, browser, csrf_of, sign_in

ORG_PARAMS = {"org_id", "member_id", "token_id"}
_PARAM = re.compile(r"{([a-z_]+)}")


@dataclass
class Org:
    id: str
    owner_member: str
    viewer_member: str
    token_id: str
    read_token: str
    write_token: str


def _make_org(database: Database, name: str, owner: str, viewer: str) -> Org:
    with database.transaction() as session:
        owner_account = store.create(session, owner, PASSWORD)
        viewer_account = store.create(session, viewer, PASSWORD)
        org = create_org(session, name, owner_account)
        scope = OrgScope(session, org, Role.owner)
        added = scope.add_member(viewer_account.email, "viewer", ["North 4"])
        row, read_secret = scope.create_token("Workday read", "read")
        _, write_secret = scope.create_token("Workday write", "write")
        owner_member = next(m.id for m in scope.members() if m.email == owner)
        return Org(org.id, owner_member, added.member.id, row.id, read_secret, write_secret)


@pytest.fixture
def two_orgs(database: Database) -> tuple[Org, Org]:
    a = _make_org(database, "Alpha Hospital", "owner.a@example.org", "viewer.a@example.org")
    b = _make_org(database, "Beta Health Plan", "owner.b@example.org", "viewer.b@example.org")
    return a, b


@pytest.fixture
def owner_a(database: Database, two_orgs: tuple[Org, Org]) -> Iterator[TestClient]:
    with browser(database) as client:
        assert sign_in(client, "owner.a@example.org").status_code == 303
        yield client


def org_routes() -> list[tuple[str, str]]:
    """(method, path) of every route of the app that names an organisation's record."""
    found = []
    for path, route in app_routes():
        params = set(_PARAM.findall(path))
        if "org_id" not in params:
            continue
        assert params <= ORG_PARAMS, f"{path}: a new kind of record; teach this test about it"
        found += [(method, path) for method in sorted(route.methods - {"HEAD"})]
    return found


def _fill(path: str, org: Org, member: str, token_id: str) -> str:
    return (
        path.replace("{org_id}", org.id)
        .replace("{member_id}", member)
        .replace("{token_id}", token_id)
    )


def _counts(database: Database) -> tuple[object, ...]:
    with database.reading() as session:
        roles = tuple(session.scalars(select(Membership.role).order_by(Membership.id)))
        revoked = session.scalar(
            select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_not(None))
        )
        tokens = session.scalar(select(func.count()).select_from(ApiToken))
    return roles, revoked, tokens


def test_a_member_of_one_organisation_gets_404_for_every_record_of_another(
    owner_a: TestClient, two_orgs: tuple[Org, Org], database: Database
) -> None:
    a, b = two_orgs
    routes = org_routes()
    assert {path for _, path in routes} >= {
        "/orgs/{org_id}",
        "/orgs/{org_id}/members",
        "/orgs/{org_id}/members/{member_id}",
        "/orgs/{org_id}/tokens",
        "/orgs/{org_id}/tokens/{token_id}/revoke",
    }
    before = _counts(database)
    token = csrf_of(owner_a.get(f"/orgs/{a.id}").text)
    form = {
        "csrf_token": token,
        "role": "owner",
        "email": "intruder@example.org",
        "units": "",
        "label": "x",
        "scope": "write",
    }
    for method, path in routes:
        # B's records, under B's organisation and smuggled under A's.
        for org in (b, a):
            url = _fill(path, org, b.viewer_member, b.token_id)
            if org is a and url == _fill(path, a, a.viewer_member, a.token_id):
                continue  # a path of A's own records only: not B's
            response = owner_a.request(
                method, url, data=form if method == "POST" else None, follow_redirects=False
            )
            assert response.status_code == 404, (method, url, response.status_code)
            assert "Beta Health Plan" not in response.text
            assert "viewer.b@" not in response.text
    assert _counts(database) == before
    listing = owner_a.get("/orgs").text
    assert "Alpha Hospital" in listing and "Beta Health Plan" not in listing


def test_a_viewer_cannot_change_anything(two_orgs: tuple[Org, Org], database: Database) -> None:
    a, _ = two_orgs
    with browser(database) as viewer:
        sign_in(viewer, "viewer.a@example.org")
        page = viewer.get(f"/orgs/{a.id}")
        assert page.status_code == 200 and "owner.a@example.org" in page.text
        assert "Add a member" not in page.text and "API tokens" not in page.text
        token = csrf_of(viewer.get("/account").text)  # the session's token: forms work
        before = _counts(database)
        posts = [path for method, path in org_routes() if method == "POST"]
        assert posts
        for path in posts:
            for member in (a.viewer_member, a.owner_member):
                url = _fill(path, a, member, a.token_id)
                response = viewer.post(
                    url,
                    data={
                        "csrf_token": token,
                        "role": "owner",
                        "email": "x@example.org",
                        "units": "",
                        "label": "mine",
                        "scope": "write",
                    },
                    follow_redirects=False,
                )
                assert response.status_code == 403, (url, response.status_code)
        assert _counts(database) == before


def test_the_owner_adds_a_member_and_gets_the_invitation_link(
    owner_a: TestClient, two_orgs: tuple[Org, Org]
) -> None:
    a, _ = two_orgs
    page = owner_a.get(f"/orgs/{a.id}").text
    response = owner_a.post(
        f"/orgs/{a.id}/members",
        data={
            "csrf_token": csrf_of(page),
            "email": "new.cm@example.org",
            "role": "manager",
            "units": "North 4, ICU",
        },
    )
    assert response.status_code == 200
    link = re.search(
        r'<code id="invite-link">http://testserver(/account/link/[^<]+)</code>', response.text
    )
    assert link
    assert "new.cm@example.org" in response.text and "ICU, North 4" in response.text
    with TestClient(owner_a.app) as invited:
        assert "Welcome to casepath" in invited.get(link.group(1)).text


def test_the_last_owner_cannot_step_down(owner_a: TestClient, two_orgs: tuple[Org, Org]) -> None:
    a, _ = two_orgs
    page = owner_a.get(f"/orgs/{a.id}").text
    response = owner_a.post(
        f"/orgs/{a.id}/members/{a.owner_member}",
        data={"csrf_token": csrf_of(page), "role": "viewer", "units": ""},
    )
    assert response.status_code == 422
    assert "at least one owner" in response.text


def test_api_token_scopes_are_enforced(two_orgs: tuple[Org, Org], database: Database) -> None:
    a, _ = two_orgs
    with browser(database) as client:
        read = {"Authorization": f"Bearer {a.read_token}"}
        write = {"Authorization": f"Bearer {a.write_token}"}
        members = client.get("/api/v1/org/members", headers=read)
        assert members.status_code == 200
        emails = {m["email"] for m in members.json()}
        assert emails == {"owner.a@example.org", "viewer.a@example.org"}  # never B's
        body = {"email": "hr.added@example.org", "role": "viewer", "units": ["ICU"]}
        refused = client.post("/api/v1/org/members", json=body, headers=read)
        assert refused.status_code == 403 and "read" in refused.json()["detail"]
        added = client.post("/api/v1/org/members", json=body, headers=write)
        assert added.status_code == 201 and added.json()["units"] == ["ICU"]
        assert client.get("/api/v1/org", headers=read).json()["members"] == 3
        assert client.get("/api/v1/org").status_code == 401
        assert (
            client.get("/api/v1/org", headers={"Authorization": "Bearer nope"}).status_code == 401
        )
    with database.reading() as session:
        rows = session.scalars(select(ApiToken).where(ApiToken.org_id == a.id)).all()
        assert all(r.token_hash not in (a.read_token, a.write_token) for r in rows)
        assert all(r.last_used_at is not None for r in rows)


def test_a_revoked_token_stops_working(owner_a: TestClient, two_orgs: tuple[Org, Org]) -> None:
    a, _ = two_orgs
    headers = {"Authorization": f"Bearer {a.read_token}"}
    assert owner_a.get("/api/v1/org", headers=headers).status_code == 200
    page = owner_a.get(f"/orgs/{a.id}").text
    revoked = owner_a.post(
        f"/orgs/{a.id}/tokens/{a.token_id}/revoke",
        data={"csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert owner_a.get("/api/v1/org", headers=headers).status_code == 401


def test_a_new_token_is_shown_once(owner_a: TestClient, two_orgs: tuple[Org, Org]) -> None:
    a, _ = two_orgs
    page = owner_a.get(f"/orgs/{a.id}").text
    made = owner_a.post(
        f"/orgs/{a.id}/tokens",
        data={"csrf_token": csrf_of(page), "label": "Epic", "scope": "read"},
    )
    secret = re.search(r'id="new-token" readonly value="(cpt_[^"]+)"', made.text)
    assert secret
    assert secret.group(1) not in owner_a.get(f"/orgs/{a.id}").text
    assert (
        owner_a.get("/api/v1/org", headers={"Authorization": f"Bearer {secret.group(1)}"}).json()[
            "name"
        ]
        == "Alpha Hospital"
    )


def test_org_create_prints_the_owners_one_time_sign_in_link(
    database: Database, database_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEPATH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    monkeypatch.delenv("CASEPATH_SMTP_URL", raising=False)
    result = CliRunner().invoke(
        cli_app,
        [
            "org",
            "create",
            "Mercy CM",
            "--owner",
            "lee@example.org",
            "--base-url",
            "https://cp.example.org",
        ],
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("organisation 'Mercy CM': https://cp.example.org/orgs/")
    link = lines[-1]
    assert re.fullmatch(r"https://cp\.example\.org/account/link/[A-Za-z0-9_-]+", link)
    with browser(database) as client:
        path = link.removeprefix("https://cp.example.org")
        page = client.get(path).text
        client.post(path, data={"csrf_token": csrf_of(page), "password": PASSWORD})
        orgs_page = client.get("/orgs").text
    assert "Mercy CM" in orgs_page and "(owner)" in orgs_page


def test_every_organisation_route_is_covered_by_the_isolation_tests() -> None:
    """Organisation pages name their organisation in the path (so org_routes() finds them and
    the tests above cover them); the API takes it from the token and so names no record."""
    paths = [path for path, _ in app_routes()]
    for path in paths:
        if path.startswith("/orgs/"):
            assert path.startswith("/orgs/{org_id}"), path
        if path.startswith("/api/v1/org"):
            assert not _PARAM.search(path), path
    assert any(p.startswith("/api/v1/org") for p in paths)


def test_every_organisation_form_refuses_a_missing_csrf_token(
    owner_a: TestClient, two_orgs: tuple[Org, Org], database: Database
) -> None:
    a, _ = two_orgs
    before = _counts(database)
    for method, path in org_routes():
        if method != "POST":
            continue
        url = _fill(path, a, a.viewer_member, a.token_id)
        response = owner_a.post(url, data={"role": "owner", "label": "x"}, follow_redirects=False)
        assert response.status_code == 403, url
    assert _counts(database) == before
