"""A signed-in person's own space: her saved profile with its results and renewal plan, CE
records added as she earns them, her secret calendar feed, downloading everything and deleting
the account. Included in the account router (same prefix, same CSRF protection)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from casepath import service
from casepath.profile.loading import (
    MAX_PROFILE_BYTES,
    ProfileError,
    dump_profile_json,
    load_profile_text,
)
from casepath.profile.model import CERecord, Profile
from casepath.renewal.ics import renewal_calendar
from casepath.result import Report
from casepath.store import accounts as store_accounts
from casepath.store import audit, own, passwords
from casepath.store.profiles import Saved
from casepath.web import auth

log = logging.getLogger(__name__)

router = APIRouter()  # mounted under /account by web.accounts

NOTICES = {
    "saved": "Your profile is saved.",
    "ce": "The CE record is added to your profile.",
    "calendar-off": "The calendar link is turned off: calendars subscribed to it stop updating.",
}
CE_TOPICS = [
    "case_management",
    "nursing_case_management",
    "social_work_case_management",
    "health_care_delivery_system_case_management",
    "case_management_leadership",
    "disability_management",
    "ethics",
    "ethics_code_of_professional_conduct",
    "general_healthcare",
    "other",
]
CE_APPROVERS = [
    "ANCC",
    "CCMC",
    "CCMC_preapproved",
    "CCMC_postapproved",
    "CCMC_PACE",
    "CDMS_preapproved",
    "ACMA",
    "NASW",
    "ASWB_ACE",
    "state_board_of_nursing",
    "AHA",
    "other",
]


def _signed_in_only() -> RedirectResponse:
    return RedirectResponse("/account/sign-in", status_code=303)


def _back(done: str) -> RedirectResponse:
    return RedirectResponse(f"/account?done={done}", status_code=303)


def own_context(request: Request, who: auth.Visitor) -> dict[str, Any]:
    """What the account page shows about her profile: results and renewal plan, judged today."""
    assert who.account is not None
    with auth.database(request).transaction() as session:
        saved = own.current(session, who.account.id)
        if saved is not None:
            by = auth.actor(request, who)
            audit.record(session, by, "profile_viewed", "profile", saved.profile_id)
    if saved is None:
        return {"saved": None}
    report: Report = service.check(saved.profile, date.today(), explain=False)
    return {
        "saved": saved,
        "report": report,
        "profile_json": dump_profile_json(saved.profile),
        "ce_records": saved.profile.ce_records,
        "ce_topics": CE_TOPICS,
        "ce_approvers": CE_APPROVERS,
        "today": date.today(),
    }


def _save(request: Request, who: auth.Visitor, profile: Profile) -> Saved:
    assert who.account is not None
    with auth.database(request).transaction() as session:
        saved = own.save(session, session.merge(who.account), profile)
        by = auth.actor(request, who)
        audit.record(session, by, "profile_saved", "profile", saved.profile_id)
        return saved


@router.post("/profile/save")
async def save_profile(request: Request, who: auth.Who) -> Response:
    """Save the profile of a results page (its embedded JSON) as her profile's next version."""
    if who.account is None:
        return _signed_in_only()
    form = await request.form()
    raw = form.get("profile_json")
    try:
        profile = load_profile_text(raw if isinstance(raw, str) else "", source="results page")
    except ProfileError as exc:
        return auth.error_page(request, 422, "Profile not readable", str(exc))
    await run_in_threadpool(_save, request, who, profile)
    return _back("saved")


@router.post("/profile/upload")
async def upload_profile(request: Request, who: auth.Who, file: UploadFile) -> Response:
    """Save a profile file (YAML or JSON) as her profile's next version."""
    if who.account is None:
        return _signed_in_only()
    content = await file.read(MAX_PROFILE_BYTES + 1)
    try:
        profile = load_profile_text(content, source=file.filename or "the file")
    except ProfileError as exc:
        return auth.error_page(request, 422, "Profile not saved", str(exc))
    await run_in_threadpool(_save, request, who, profile)
    return _back("saved")


@router.post("/profile/ce")
async def add_ce(
    request: Request,
    who: auth.Who,
    hours: Annotated[str, Form(max_length=20)] = "",
    topic: Annotated[str, Form(max_length=80)] = "",
    on: Annotated[str, Form(alias="date", max_length=20)] = "",
    approver: Annotated[str, Form(max_length=40)] = "other",
    title: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """One more CE record on her profile (a new version)."""
    if who.account is None:
        return _signed_in_only()
    data: dict[str, object] = {"hours": hours, "topic": topic, "date": on, "approver": approver}
    if title.strip():
        data["note"] = title.strip()
    try:
        record = CERecord.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return auth.error_page(request, 422, "CE record not added", problems)
    account = who.account

    def work() -> None:
        with auth.database(request).transaction() as session:
            saved = own.add_ce(session, session.merge(account), record)
            by = auth.actor(request, who)
            audit.record(session, by, "profile_saved", "profile", saved.profile_id)

    await run_in_threadpool(work)
    return _back("ce")


# --------------------------------------------------------------------------------------------
# Calendar feed


@router.post("/calendar")
async def calendar(request: Request, who: auth.Who) -> Response:
    """A new secret feed URL (the old one stops working), shown once; or turn the feed off."""
    if who.account is None:
        return _signed_in_only()
    form = await request.form()
    stop = form.get("action") == "stop"
    account = who.account

    def work() -> str | None:
        with auth.database(request).transaction() as session:
            mine = session.merge(account)
            if stop:
                own.stop_calendar(mine)
                return None
            return own.new_calendar_token(mine)

    token = await run_in_threadpool(work)
    if token is None:
        return _back("calendar-off")
    url = f"{str(request.base_url).rstrip('/')}/account/calendar/{token}.ics"
    return auth.page(request, who, "account/calendar.html", {"feed_url": url})


@router.get("/calendar/{token}.ics")
async def calendar_feed(request: Request, token: str) -> Response:
    """Her renewal deadlines and windows as iCalendar; 404 for a wrong or turned-off secret."""

    def work() -> bytes | None:
        with auth.database(request).reading() as session:
            owner = own.calendar_owner(session, token)
            if owner is None:
                return None
            saved = own.current(session, owner.id)
        profile = saved.profile if saved else Profile()
        today = date.today()
        report = service.check(profile, today, explain=False)
        return renewal_calendar(report.renewals, today)

    body = await run_in_threadpool(work)
    if body is None:
        return Response("There is no calendar at this address.\n", 404, media_type="text/plain")
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": "inline; filename=renewals.ics",
        },
    )


# --------------------------------------------------------------------------------------------
# Download everything, delete everything


@router.get("/export")
async def export(request: Request, who: auth.Who) -> Response:
    if who.account is None:
        return _signed_in_only()
    account = who.account

    def work() -> str:
        with auth.database(request).transaction() as session:
            data = own.export(session, session.merge(account))
            audit.record(session, auth.actor(request, who), "exported", "account", account.id)
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    body = await run_in_threadpool(work)
    return Response(
        body,
        media_type="application/yaml; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="casepath-account.yaml"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/delete")
async def delete_form(request: Request, who: auth.Who) -> Response:
    if who.account is None:
        return _signed_in_only()
    return auth.page(request, who, "account/delete.html", {})


@router.post("/delete")
async def delete(
    request: Request, who: auth.Who, password: Annotated[str, Form(max_length=1000)] = ""
) -> Response:
    """Delete the account and all its data, once her password confirms it is her."""
    if who.account is None:
        return _signed_in_only()
    account = who.account
    if not await run_in_threadpool(passwords.verify, account.password_hash, password):
        errors = [("delete-password", "That is not your password; nothing was deleted.")]
        return auth.page(request, who, "account/delete.html", {"errors": errors}, 422)

    def work() -> None:
        with auth.database(request).transaction() as session:
            own.delete_account(session, account.id)
            store_accounts.end_all_sessions(session, account.id)
            by = auth.actor(request, who)
            audit.record(session, by, "account_deleted", "account", account.id)

    await run_in_threadpool(work)
    log.info("account deleted")
    response = RedirectResponse("/account/sign-in?deleted=1", status_code=303)
    auth.clear_session_cookie(request, response)
    return response
