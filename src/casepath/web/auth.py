"""Who is asking: the signed-in account from the session cookie, CSRF tokens, and the database
the pages use. Sessions live in the database, so any server process can answer any request."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from casepath.store import Database, audit, migrate, open_database, passwords
from casepath.store import accounts as store_accounts
from casepath.store.models import Account
from casepath.web.templating import make_templates

SESSION_COOKIE = "casepath_session"
CSRF_COOKIE = "casepath_csrf"  # for forms sent before signing in (double-submit)
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_open_lock = threading.Lock()


def database(request: Request) -> Database:
    """The app's database: the one given to it (tests), else the configured one, opened once
    per process (and created when new; `casepath serve` has refused one that is behind)."""
    found = getattr(request.app.state, "database", None)
    if isinstance(found, Database):
        return found
    with _open_lock:
        found = getattr(request.app.state, "database", None)
        if not isinstance(found, Database):
            found = open_database()
            migrate.require_current(found, create_if_empty=True)
            request.app.state.database = found
    return found


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@dataclass(frozen=True)
class Visitor:
    account: Account | None
    csrf_token: str
    session_token: str | None  # the cookie's value while it names a live session
    new_csrf_cookie: bool  # the anonymous CSRF cookie must be set on the answer


def _visitor(request: Request) -> Visitor:
    token = request.cookies.get(SESSION_COOKIE)
    db = database(request)
    with db.transaction() as session:
        found = store_accounts.current(session, token)
        if found is not None:
            account, row = found
            session.expunge(account)
            return Visitor(account, row.csrf_token, token, False)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if 20 <= len(cookie) <= 100:
        return Visitor(None, cookie, None, False)
    return Visitor(None, secrets.token_urlsafe(32), None, True)


async def visitor(request: Request) -> Visitor:
    """The visitor, looked up once per request."""
    cached = getattr(request.state, "visitor", None)
    if isinstance(cached, Visitor):
        return cached
    found = await run_in_threadpool(_visitor, request)
    request.state.visitor = found
    return found


async def require_csrf(request: Request) -> None:
    """Every form that changes something must carry the visitor's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    who = await visitor(request)
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if (
        who.new_csrf_cookie
        or not isinstance(sent, str)
        or not secrets.compare_digest(sent.encode(), who.csrf_token.encode())
    ):
        raise HTTPException(
            403,
            "This form has expired or did not come from this site. "
            "Go back, reload the page and try again.",
        )


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, token: str, csrf_token: str) -> None:
    """The session cookie, and the session's CSRF token in the CSRF cookie so that pages
    outside the account router (the results page's "Save to my account") can put it in their
    forms; the server still checks it against the session."""
    response.set_cookie(
        CSRF_COOKIE,
        csrf_token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(store_accounts.SESSION_ABSOLUTE.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )


def keep_csrf_cookie(request: Request, response: Response, who: Visitor) -> None:
    if who.new_csrf_cookie:
        response.set_cookie(
            CSRF_COOKIE,
            who.csrf_token,
            path="/",
            httponly=True,
            samesite="lax",
            secure=_secure(request),
        )


Who = Annotated[Visitor, Depends(visitor)]
templates = make_templates()


def page(
    request: Request, who: Visitor, name: str, context: dict[str, Any], status: int = 200
) -> Response:
    """An account page, with the visitor's CSRF token and field errors ready for the forms."""
    errors: list[tuple[str, str]] = context.get("errors", [])
    full = {
        "csrf_token": who.csrf_token,
        "account": who.account,
        "min_length": passwords.MIN_LENGTH,
        "max_length": passwords.MAX_LENGTH,
        "field_errors": {field: message for field, message in errors if field},
        "email": "",
        "nav": "account",
        **context,
    }
    response = templates.TemplateResponse(request, name, full, status_code=status)
    keep_csrf_cookie(request, response, who)
    return response


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    return templates.TemplateResponse(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status_code=status,
    )


def actor(request: Request, who: Visitor) -> audit.Actor:
    return audit.Actor(
        address=client_address(request), account_id=who.account.id if who.account else None
    )
