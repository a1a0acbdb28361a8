"""The account pages, through the web app: security properties first."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from casepath.store import Database
from casepath.store import accounts as store
from casepath.store.accounts import LinkPurpose
from casepath.store.models import OneTimeLink
from casepath.web import auth

from .web_support import (
    PASSWORD,
    app_routes,
    browser,
    csrf_of,
    post_form,
    sign_in,
    sign_out,
    sign_up,
)

EMAIL = "dana.reyes@example.org"


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    with browser(database) as found:
        yield found


def test_sign_up_signs_in_and_the_account_page_shows_the_address(client: TestClient) -> None:
    response = sign_up(client, "Dana.Reyes@Example.org")
    assert (response.status_code, response.headers["location"]) == (303, "/account")
    page = client.get("/account")
    assert page.status_code == 200
    assert f"Signed in as <strong>{EMAIL}</strong>" in page.text


def test_sign_up_refuses_a_weak_password_with_the_reason_next_to_the_field(
    client: TestClient,
) -> None:
    response = sign_up(client, EMAIL, "password123")
    assert response.status_code == 422
    assert 'href="#sign-up-password">expected at least 15 characters' in response.text
    assert 'aria-invalid="true"' in response.text
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_every_state_changing_account_form_refuses_a_missing_or_wrong_csrf_token(
    client: TestClient,
) -> None:
    sign_up(client, EMAIL)
    posts = [
        path.replace("{token}", "some-token")
        for path, route in app_routes()
        if path.startswith("/account") and "POST" in route.methods
    ]
    assert len(posts) >= 6
    for path in posts:
        for data in ({}, {"csrf_token": "forged-token-from-another-site"}):
            response = client.post(path, data=data, follow_redirects=False)
            assert response.status_code == 403, (path, data)
    assert client.get("/account").status_code == 200  # still signed in: nothing was done


def test_the_csrf_token_of_an_anonymous_form_is_not_the_signed_in_one(
    client: TestClient,
) -> None:
    anonymous = csrf_of(client.get("/account/sign-in").text)
    sign_up(client, EMAIL)
    response = client.post(
        "/account/sign-out", data={"csrf_token": anonymous}, follow_redirects=False
    )
    assert response.status_code == 403


def test_signing_in_gives_a_new_session_id_never_the_one_the_browser_brought(
    client: TestClient, database: Database
) -> None:
    sign_up(client, EMAIL)
    planted = client.cookies.get(auth.SESSION_COOKIE)
    assert planted
    response = sign_in(client, EMAIL)
    assert response.status_code == 303
    fresh = client.cookies.get(auth.SESSION_COOKIE)
    assert fresh and fresh != planted
    with database.transaction() as session:
        assert store.current(session, planted) is None  # the old one is gone too


def test_cookie_flags_httponly_samesite_lax_and_secure_only_over_tls(
    database: Database,
) -> None:
    for base_url, secure in (("http://testserver", False), ("https://testserver", True)):
        with browser(database, base_url) as client:
            response = sign_up(client, f"{secure}@example.org")
        cookies = response.headers.get_list("set-cookie")
        names = {cookie.split("=")[0] for cookie in cookies}
        assert names == {auth.SESSION_COOKIE, auth.CSRF_COOKIE}
        for cookie in cookies:
            flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
            assert {"httponly", "samesite"} <= flags
            assert "samesite=lax" in cookie.lower()
            assert ("secure" in flags) is secure


def test_lock_out_after_repeated_failures(client: TestClient) -> None:
    sign_up(client, EMAIL)
    sign_out(client)
    for _ in range(store.MAX_FAILURES_PER_ACCOUNT):
        assert sign_in(client, EMAIL, "a wrong password here").status_code == 401
    locked = sign_in(client, EMAIL)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.text
    assert client.cookies.get(auth.SESSION_COOKIE) is None


def test_wrong_password_and_unknown_address_get_the_same_answer(client: TestClient) -> None:
    sign_up(client, EMAIL)
    sign_out(client)
    wrong = sign_in(client, EMAIL, "a wrong password here")
    unknown = sign_in(client, "nobody@example.org", "a wrong password here")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.text.replace(EMAIL, "X") == unknown.text.replace("nobody@example.org", "X")


def test_sign_out_ends_the_session_on_the_server(client: TestClient, database: Database) -> None:
    sign_up(client, EMAIL)
    token = client.cookies.get(auth.SESSION_COOKIE)
    assert sign_out(client).status_code == 303
    with database.transaction() as session:
        assert store.current(session, token) is None


def test_sign_out_everywhere(database: Database) -> None:
    with browser(database) as phone, browser(database) as laptop:
        sign_up(phone, EMAIL)
        sign_in(laptop, EMAIL)
        assert "signed in on 2 browsers" in laptop.get("/account").text
        post_form(laptop, "/account", "/account/sign-out-everywhere")
        assert phone.get("/account", follow_redirects=False).status_code == 303


def _link(database: Database, purpose: LinkPurpose, password: str | None = PASSWORD) -> str:
    with database.transaction() as session:
        account = store.find(session, EMAIL) or store.create(session, EMAIL, password)
        return store.create_link(session, account, purpose)


def test_an_invitation_link_sets_the_password_once(client: TestClient, database: Database) -> None:
    token = _link(database, LinkPurpose.invitation, password=None)
    page = client.get(f"/account/link/{token}")
    assert page.status_code == 200 and "Welcome to casepath" in page.text
    done = post_form(client, f"/account/link/{token}", f"/account/link/{token}", password=PASSWORD)
    assert (done.status_code, done.headers["location"]) == (303, "/account?done=password")
    assert client.get("/account").status_code == 200
    again = client.get(f"/account/link/{token}")
    assert again.status_code == 404 and "cannot be used" in again.text
    reused = client.post(
        f"/account/link/{token}",
        data={"csrf_token": csrf_of(client.get("/account").text), "password": "another one here"},
    )
    assert reused.status_code == 404
    sign_out(client)
    assert sign_in(client, EMAIL).status_code == 303


def test_an_expired_link_is_refused(client: TestClient, database: Database) -> None:
    token = _link(database, LinkPurpose.invitation, password=None)
    with database.transaction() as session:
        session.execute(
            update(OneTimeLink).values(expires_at=store.utcnow() - timedelta(seconds=1))
        )
    assert client.get(f"/account/link/{token}").status_code == 404
    sent = client.post(
        f"/account/link/{token}",
        data={"csrf_token": csrf_of(client.get("/account/sign-in").text), "password": PASSWORD},
    )
    assert sent.status_code == 404


def test_a_reset_link_changes_the_password_and_signs_out_other_browsers(
    database: Database,
) -> None:
    with browser(database) as phone, browser(database) as laptop:
        sign_up(phone, EMAIL)
        token = _link(database, LinkPurpose.reset)
        page = f"/account/link/{token}"
        post_form(laptop, page, page, password="a brand new pass phrase")
        assert laptop.get("/account").status_code == 200
        assert phone.get("/account", follow_redirects=False).status_code == 303
        sign_out(laptop)
        assert sign_in(laptop, EMAIL).status_code == 401
        assert sign_in(laptop, EMAIL, "a brand new pass phrase").status_code == 303


def test_the_reset_page_says_the_same_whether_or_not_the_address_has_an_account(
    client: TestClient,
) -> None:
    sign_up(client, EMAIL)
    sign_out(client)
    known = post_form(client, "/account/reset", "/account/reset", email=EMAIL)
    unknown = post_form(client, "/account/reset", "/account/reset", email="x@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text


def test_nothing_about_a_person_reaches_the_server_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sign_up(client, EMAIL)
    sign_out(client)
    sign_in(client, EMAIL, "a wrong password here")
    sign_in(client, EMAIL)
    post_form(client, "/account/reset", "/account/reset", email=EMAIL)
    logged = caplog.text.lower()
    assert caplog.records  # something was logged, so the check below means something
    for secret in (EMAIL, "dana", "reyes", PASSWORD, "wrong password"):
        assert secret not in logged


def test_link_and_calendar_secrets_never_reach_the_access_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import casepath.web.accounts  # noqa: F401 - installs the filter, as create_app does

    access = logging.getLogger("uvicorn.access")
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    for path in ("/account/link/Secret-Token_1", "/account/calendar/Secret-Token_2.ics?x=1"):
        # The call uvicorn makes for every request.
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200)
    assert "Secret-Token" not in caplog.text
    assert "/account/link/[redacted]" in caplog.text
    assert "/account/calendar/[redacted]" in caplog.text
