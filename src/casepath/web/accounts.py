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
from casepath.store import passwords
from casepath.store.accounts import AccountError, LinkPurpose, SignInRefused
from casepath.web import auth
from casepath.web.auth import Visitor
from casepath.web.templating import make_templates

log = logging.getLogger(__name__)
router = APIRouter(
    prefix="/account", include_in_schema=False, dependencies=[Depends(auth.require_csrf)]
)
templates = make_templates()

Who = Annotated[Visitor, Depends(auth.visitor)]
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
    response = templates.TemplateResponse(request, f"account/{name}", full, status_code=status)
    auth.keep_csrf_cookie(request, response, who)
    return response


def _redirect(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


def _signed_in(request: Request, token: str, old_token: str | None) -> Response:
    response = _redirect("/account")
    auth.set_session_cookie(request, response, token)
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

    notice = request.query_params.get("done")
    notices = {"password": "Your new password is saved. Every other browser was signed out."}
    return _page(
        request,
        who,
        "overview.html",
        {"sessions": await run_in_threadpool(count), "notice": notices.get(notice or "")},
    )


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
    def work() -> str:
        with auth.database(request).transaction() as session:
            account = store.create(session, email, password)
            store.end_session(session, who.session_token)
            return store.start_session(session, account).token

    try:
        token = await run_in_threadpool(work)
    except AccountError as exc:
        message = str(exc)
        field = "sign-up-password" if message.startswith("password") else "sign-up-email"
        errors = [(field, message.partition(": ")[2] or message)]
        return _page(request, who, "sign_up.html", {"errors": errors, "email": email}, 422)
    log.info("account created")
    return _signed_in(request, token, who.session_token)


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

    def work() -> tuple[str | None, SignInRefused | None]:
        with auth.database(request).transaction() as session:
            result = store.sign_in(session, email, password, address)
            if result.account is None:
                return None, result.refused
            # A new session id, whatever the browser brought (no session fixation).
            store.end_session(session, who.session_token)
            return store.start_session(session, result.account).token, None

    token, refused = await run_in_threadpool(work)
    if token is None:
        log.info("sign-in refused (%s)", refused)
        message = LOCKED_MESSAGE if refused == SignInRefused.locked else WRONG_MESSAGE
        status = 429 if refused == SignInRefused.locked else 401
        errors = [("sign-in-email", message)]
        return _page(request, who, "sign_in.html", {"errors": errors, "email": email}, status)
    return _signed_in(request, token, who.session_token)


@router.post("/sign-out")
async def sign_out(request: Request, who: Who) -> Response:
    def work() -> None:
        with auth.database(request).transaction() as session:
            store.end_session(session, who.session_token)

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
    response = templates.TemplateResponse(
        request,
        "error.html",
        {
            "title": "This link cannot be used",
            "message": "It has expired, has been used already, or is not a casepath link. "
            "Ask for a new one.",
            "status": 404,
        },
        status_code=404,
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

    def work() -> str | None:
        with auth.database(request).transaction() as session:
            account = store.use_link(session, token, purpose)
            if account is None:  # used or expired between the two steps
                return None
            store.set_password(session, account, password)
            store.end_session(session, who.session_token)
            return store.start_session(session, account).token

    new_token = await run_in_threadpool(work)
    if new_token is None:
        return _link_gone(request, who)
    response = _redirect("/account?done=password")
    auth.set_session_cookie(request, response, new_token)
    return response
