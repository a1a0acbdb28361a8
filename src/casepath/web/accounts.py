"""Account pages: sign up, sign in, sign out (here or everywhere), password reset and
invitation links. Every form that changes something carries a CSRF token (`auth.require_csrf`,
a dependency of the whole router)."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from casepath import mail
from casepath.store import accounts as store
from casepath.store import audit, passwords
from casepath.store.accounts import AccountError, LinkPurpose, SignInRefused
from casepath.web import auth, logredact, own_space
from casepath.web.auth import Visitor

log = logging.getLogger(__name__)
router = APIRouter(
    prefix="/account", include_in_schema=False, dependencies=[Depends(auth.require_csrf)]
)
router.include_router(own_space.router)
logredact.install()  # link and calendar secrets never reach the access log

Who = auth.Who
EmailField = Annotated[str, Form(max_length=400)]
PasswordField = Annotated[str, Form(max_length=1000)]

LOCKED_MESSAGE = (
    "Too many sign-in attempts failed lately. Wait 15 minutes and try again, or reset your "
    "password."
)
WRONG_MESSAGE = "That e-mail address and password do not match an account."


def _page(
    request: Request, who: Visitor, name: str, context: dict[str, Any], status: int = 200
) -> Response:
    return auth.page(request, who, f"account/{name}", context, status)


def _redirect(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


def _signed_in(request: Request, started: store.Started, location: str = "/account") -> Response:
    response = _redirect(location)
    auth.set_session_cookie(request, response, started.token, started.csrf_token)
    return response


# --------------------------------------------------------------------------------------------
# Overview


@router.get("")
async def overview(request: Request, who: Who) -> Response:
    if who.account is None:
        return _redirect("/account/sign-in")
    account_id = who.account.id

    def count() -> int:
        with auth.database(request).reading() as session:
            return store.session_count(session, account_id)

    notice = request.query_params.get("done") or ""
    notices = {
        "password": "Your new password is saved. Every other browser was signed out.",
        **own_space.NOTICES,
    }
    context = await run_in_threadpool(own_space.own_context, request, who)
    context.update(sessions=await run_in_threadpool(count), notice=notices.get(notice))
    return _page(request, who, "overview.html", context)


# --------------------------------------------------------------------------------------------
# Sign up, sign in, sign out


@router.get("/sign-up")
async def sign_up_form(request: Request, who: Who) -> Response:
    return _page(request, who, "sign_up.html", {})


@router.post("/sign-up")
async def sign_up(
    request: Request,
    who: Who,
    email: EmailField = "",
    password: PasswordField = "",
) -> Response:
    def work() -> store.Started:
        with auth.database(request).transaction() as session:
            account = store.create(session, email, password)
            store.end_session(session, who.session_token)
            by = audit.Actor(auth.client_address(request), account.id)
            audit.record(session, by, "account_created", "account", account.id)
            audit.record(session, by, "sign_in", "account", account.id)
            return store.start_session(session, account)

    try:
        started = await run_in_threadpool(work)
    except AccountError as exc:
        message = str(exc)
        field = "sign-up-password" if message.startswith("password") else "sign-up-email"
        errors = [(field, message.partition(": ")[2] or message)]
        return _page(request, who, "sign_up.html", {"errors": errors, "email": email}, 422)
    log.info("account created")
    return _signed_in(request, started)


@router.get("/sign-in")
async def sign_in_form(request: Request, who: Who) -> Response:
    return _page(request, who, "sign_in.html", {})


@router.post("/sign-in")
async def sign_in(
    request: Request,
    who: Who,
    email: EmailField = "",
    password: PasswordField = "",
) -> Response:
    address = auth.client_address(request)

    def work() -> tuple[store.Started | None, SignInRefused | None]:
        with auth.database(request).transaction() as session:
            result = store.sign_in(session, email, password, address)
            if result.account is None:
                known = store.find(session, email)
                target = known.id if known else None
                by = audit.Actor(address, None)
                audit.record(session, by, "sign_in_failed", "account", target)
                return None, result.refused
            # A new session id, whatever the browser brought (no session fixation).
            store.end_session(session, who.session_token)
            by = audit.Actor(address, result.account.id)
            audit.record(session, by, "sign_in", "account", result.account.id)
            return store.start_session(session, result.account), None

    started, refused = await run_in_threadpool(work)
    if started is None:
        log.info("sign-in refused (%s)", refused)
        message = LOCKED_MESSAGE if refused == SignInRefused.locked else WRONG_MESSAGE
        status = 429 if refused == SignInRefused.locked else 401
        errors = [("sign-in-email", message)]
        return _page(request, who, "sign_in.html", {"errors": errors, "email": email}, status)
    return _signed_in(request, started)


@router.post("/sign-out")
async def sign_out(request: Request, who: Who) -> Response:
    def work() -> None:
        with auth.database(request).transaction() as session:
            store.end_session(session, who.session_token)
            if who.account is not None:
                audit.record(
                    session, auth.actor(request, who), "sign_out", "account", who.account.id
                )

    await run_in_threadpool(work)
    response = _redirect("/account/sign-in")
    auth.clear_session_cookie(request, response)
    return response


@router.post("/sign-out-everywhere")
async def sign_out_everywhere(request: Request, who: Who) -> Response:
    if who.account is not None:
        account_id = who.account.id

        def work() -> None:
            with auth.database(request).transaction() as session:
                store.end_all_sessions(session, account_id)

        await run_in_threadpool(work)
    response = _redirect("/account/sign-in")
    auth.clear_session_cookie(request, response)
    return response


# --------------------------------------------------------------------------------------------
# Password reset and invitation links


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/account/link/{token}"


@router.get("/reset")
async def reset_form(request: Request, who: Who) -> Response:
    return _page(request, who, "reset.html", {})


@router.post("/reset")
async def reset(request: Request, who: Who, email: EmailField = "") -> Response:
    try:
        store.normalise_email(email)
    except AccountError as exc:
        errors = [("reset-email", str(exc).partition(": ")[2])]
        return _page(request, who, "reset.html", {"errors": errors, "email": email}, 422)
    base_url = str(request.base_url)

    def work() -> None:
        with auth.database(request).transaction() as session:
            account = store.find(session, email)
            if account is None or not mail.configured():
                return  # the administrator makes links when the server sends no e-mail
            token = store.create_link(session, account, LinkPurpose.reset)
            address = account.email
        send_link(address, LinkPurpose.reset, link_url(base_url, token))

    await run_in_threadpool(work)
    # The same answer whether or not the address has an account.
    return _page(request, who, "reset.html", {"sent": True, "mail_configured": mail.configured()})


def send_link(address: str, purpose: LinkPurpose, url: str) -> None:
    """E-mail a one-time link; a failure is logged without the address."""
    if purpose == LinkPurpose.reset:
        subject = "Choose a new casepath password"
        body = (
            "Someone (we hope you) asked to reset the password of your casepath account.\n\n"
            f"Choose a new password here (the link works once, within an hour):\n{url}\n\n"
            "If you did not ask, ignore this message: your password stays as it is.\n"
        )
    else:
        subject = "You are invited to casepath"
        body = (
            "You have been invited to casepath.\n\n"
            f"Choose your password here (the link works once, within 7 days):\n{url}\n"
        )
    try:
        mail.send(address, subject, body)
    except mail.MailError as exc:
        log.warning("a %s link was not sent: %s", purpose.value, exc)


def _link_purpose(request: Request, token: str) -> tuple[LinkPurpose, str] | None:
    with auth.database(request).reading() as session:
        for purpose in LinkPurpose:
            account = store.peek_link(session, token, purpose)
            if account is not None:
                return purpose, account.email
    return None


def _link_gone(request: Request, who: Visitor) -> Response:
    response = auth.error_page(
        request,
        404,
        "This link cannot be used",
        "It has expired, has been used already, or is not a casepath link. Ask for a new one.",
    )
    auth.keep_csrf_cookie(request, response, who)
    return response


@router.get("/link/{token}")
async def link_form(request: Request, token: str, who: Who) -> Response:
    found = await run_in_threadpool(_link_purpose, request, token)
    if found is None:
        return _link_gone(request, who)
    purpose, email = found
    context = {
        "email": email,
        "invitation": purpose == LinkPurpose.invitation,
        "action": f"/account/link/{token}",
    }
    return _page(request, who, "link.html", context)


@router.post("/link/{token}")
async def link_use(
    request: Request, token: str, who: Who, password: PasswordField = ""
) -> Response:
    found = await run_in_threadpool(_link_purpose, request, token)
    if found is None:
        return _link_gone(request, who)
    purpose, email = found
    trouble = passwords.problem(password, email)
    if trouble:
        context = {
            "email": email,
            "invitation": purpose == LinkPurpose.invitation,
            "action": f"/account/link/{token}",
            "errors": [("link-password", trouble.partition(": ")[2])],
        }
        return _page(request, who, "link.html", context, 422)

    def work() -> store.Started | None:
        with auth.database(request).transaction() as session:
            account = store.use_link(session, token, purpose)
            if account is None:  # used or expired between the two steps
                return None
            store.set_password(session, account, password)
            store.end_session(session, who.session_token)
            by = audit.Actor(auth.client_address(request), account.id)
            audit.record(session, by, "password_changed", "account", account.id)
            return store.start_session(session, account)

    started = await run_in_threadpool(work)
    if started is None:
        return _link_gone(request, who)
    return _signed_in(request, started, "/account?done=password")
