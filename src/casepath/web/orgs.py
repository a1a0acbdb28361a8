"""Organisation pages (/orgs/...) and the organisation API for HR systems (/api/v1/org/...).

Every handler gets its organisation through `OrgScope` (store/orgs.py), made from the request:
the org id in the path and the signed-in member, or the API token. A non-member gets 404 for
every address of the organisation, as if it did not exist."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from casepath import mail
from casepath.store import audit
from casepath.store.accounts import AccountError, LinkPurpose
from casepath.store.orgs import NotAllowed, OrgError, OrgScope, memberships_of
from casepath.web import auth

log = logging.getLogger(__name__)
router = APIRouter(
    prefix="/orgs", include_in_schema=False, dependencies=[Depends(auth.require_csrf)]
)
api = APIRouter(prefix="/api/v1/org", include_in_schema=False)

T = TypeVar("T")
NOT_FOUND = "There is nothing at this address."


def _in_org(request: Request, org_id: str, account_id: str, work: Callable[[OrgScope], T]) -> T:
    """Run `work` on the member's scope in one transaction; 404 when she is not a member."""
    with auth.database(request).transaction() as session:
        scope = OrgScope.for_member(session, org_id, account_id)
        if scope is None:
            raise HTTPException(404, NOT_FOUND)
        return work(scope)


async def _scoped(
    request: Request, who: auth.Visitor, org_id: str, work: Callable[[OrgScope], T]
) -> T:
    if who.account is None:
        raise HTTPException(404, NOT_FOUND)
    try:
        return await run_in_threadpool(_in_org, request, org_id, who.account.id, work)
    except NotAllowed as exc:
        raise HTTPException(403, str(exc)) from None


def _org_page(request: Request, who: auth.Visitor, scope: OrgScope, **extra: Any) -> dict[str, Any]:
    return {
        "org": scope.org,
        "role": scope.role.value,
        "members": scope.members(),
        "tokens": scope.tokens() if scope.can_manage_members else [],
        "can_manage": scope.can_manage_members,
        **extra,
    }


@router.get("")
async def my_orgs(request: Request, who: auth.Who) -> Response:
    if who.account is None:
        return RedirectResponse("/account/sign-in", status_code=303)
    account_id = who.account.id

    def work() -> list[dict[str, str]]:
        with auth.database(request).reading() as session:
            return [
                {"id": org.id, "name": org.name, "role": member.role}
                for org, member in memberships_of(session, account_id)
            ]

    return auth.page(request, who, "orgs/list.html", {"orgs": await run_in_threadpool(work)})


@router.get("/{org_id}")
async def org_page(request: Request, who: auth.Who, org_id: str) -> Response:
    context = await _scoped(request, who, org_id, lambda s: _org_page(request, who, s))
    return auth.page(request, who, "orgs/org.html", context)


@router.post("/{org_id}/members")
async def add_member(
    request: Request,
    who: auth.Who,
    org_id: str,
    email: Annotated[str, Form(max_length=400)] = "",
    role: Annotated[str, Form(max_length=20)] = "viewer",
    units: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    base_url = str(request.base_url).rstrip("/")

    by = auth.actor(request, who)

    def work(scope: OrgScope) -> dict[str, Any]:
        added = scope.add_member(email, role, units.split(","))
        scope.record(by, "member_added", "membership", added.member.id)
        link = f"{base_url}/account/link/{added.invitation}" if added.invitation else None
        return _org_page(request, who, scope, added=added.member, link=link)

    try:
        context = await _scoped(request, who, org_id, work)
    except (OrgError, AccountError) as exc:
        problem = str(exc)
        context = await _scoped(
            request, who, org_id, lambda s: _org_page(request, who, s, problem=problem)
        )
        return auth.page(request, who, "orgs/org.html", context, 422)
    link = context.get("link")
    if link and mail.configured():
        from casepath.web.accounts import send_link

        await run_in_threadpool(send_link, context["added"].email, LinkPurpose.invitation, link)
        context["link"], context["mailed"] = None, True
    return auth.page(request, who, "orgs/org.html", context)


@router.post("/{org_id}/members/{member_id}")
async def change_member(
    request: Request,
    who: auth.Who,
    org_id: str,
    member_id: str,
    role: Annotated[str, Form(max_length=20)] = "viewer",
    units: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    by = auth.actor(request, who)

    def work(scope: OrgScope) -> bool:
        changed = scope.change_member(member_id, role, units.split(","))
        if changed is not None:
            scope.record(by, "role_changed", "membership", changed.id)
        return changed is not None

    try:
        found = await _scoped(request, who, org_id, work)
    except OrgError as exc:
        raise HTTPException(422, str(exc)) from None
    if not found:
        raise HTTPException(404, NOT_FOUND)
    return RedirectResponse(f"/orgs/{org_id}", status_code=303)


@router.post("/{org_id}/tokens")
async def create_token(
    request: Request,
    who: auth.Who,
    org_id: str,
    label: Annotated[str, Form(max_length=400)] = "",
    scope: Annotated[str, Form(max_length=10)] = "read",
) -> Response:
    by = auth.actor(request, who)

    def work(org: OrgScope) -> dict[str, Any]:
        row, secret = org.create_token(label, scope)
        org.record(by, "token_created", "api_token", row.id)
        return _org_page(request, who, org, new_token=secret, new_token_row=row)

    try:
        context = await _scoped(request, who, org_id, work)
    except OrgError as exc:
        raise HTTPException(422, str(exc)) from None
    return auth.page(request, who, "orgs/org.html", context)


@router.post("/{org_id}/tokens/{token_id}/revoke")
async def revoke_token(request: Request, who: auth.Who, org_id: str, token_id: str) -> Response:
    by = auth.actor(request, who)

    def work(scope: OrgScope) -> bool:
        row = scope.revoke_token(token_id)
        if row is not None:
            scope.record(by, "token_revoked", "api_token", row.id)
        return row is not None

    found = await _scoped(request, who, org_id, work)
    if not found:
        raise HTTPException(404, NOT_FOUND)
    return RedirectResponse(f"/orgs/{org_id}", status_code=303)


@router.get("/{org_id}/audit")
async def audit_page(request: Request, who: auth.Who, org_id: str) -> Response:
    """The organisation's audit log, newest first (owners)."""

    def work(scope: OrgScope) -> dict[str, Any]:
        return {"org": scope.org, "events": scope.audit_events()}

    return auth.page(request, who, "orgs/audit.html", await _scoped(request, who, org_id, work))


@router.get("/{org_id}/audit.csv")
async def audit_export(request: Request, who: auth.Who, org_id: str) -> Response:
    by = auth.actor(request, who)

    def work(scope: OrgScope) -> str:
        events = scope.audit_events()
        scope.record(by, "audit_exported", "organisation", scope.org.id)
        return audit.as_csv(events)

    body = await _scoped(request, who, org_id, work)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="casepath-audit.csv"',
            "Cache-Control": "no-store",
        },
    )


# --------------------------------------------------------------------------------------------
# API for HR systems: `Authorization: Bearer cpt_...`


class MemberOut(BaseModel):
    id: str
    email: str
    role: str
    units: list[str]


class OrgOut(BaseModel):
    id: str
    name: str
    members: int


class MemberIn(BaseModel):
    email: str = Field(max_length=254)
    role: str = Field(default="viewer", max_length=20)
    units: list[str] = Field(default_factory=list, max_length=50)


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise HTTPException(
            401,
            "Send an organisation API token: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token.strip()


def _with_token(request: Request, work: Callable[[OrgScope], T]) -> T:
    token = _bearer(request)
    with auth.database(request).transaction() as session:
        scope = OrgScope.for_token(session, token)
        if scope is None:
            raise HTTPException(
                401, "This token is unknown or revoked.", headers={"WWW-Authenticate": "Bearer"}
            )
        assert scope.token is not None
        by = audit.Actor(auth.client_address(request), token_id=scope.token.id)
        scope.record(by, "token_used", "api_token", scope.token.id)
        try:
            return work(scope)
        except NotAllowed as exc:
            raise HTTPException(403, str(exc)) from None


@api.get("")
async def api_org(request: Request) -> OrgOut:
    def work(scope: OrgScope) -> OrgOut:
        return OrgOut(id=scope.org.id, name=scope.org.name, members=len(scope.members()))

    return await run_in_threadpool(_with_token, request, work)


@api.get("/members")
async def api_members(request: Request) -> list[MemberOut]:
    def work(scope: OrgScope) -> list[MemberOut]:
        return [MemberOut(**vars(m)) for m in scope.members()]

    return await run_in_threadpool(_with_token, request, work)


@api.post("/members", status_code=201)
async def api_add_member(request: Request, body: MemberIn) -> MemberOut:
    """Add a member (write scope). A person without an account gets an invitation by e-mail
    when the server sends e-mail; otherwise an owner makes the link."""

    def work(scope: OrgScope) -> MemberOut:
        try:
            added = scope.add_member(body.email, body.role, body.units)
        except (OrgError, AccountError) as exc:
            raise HTTPException(422, str(exc)) from None
        assert scope.token is not None
        by = audit.Actor(auth.client_address(request), token_id=scope.token.id)
        scope.record(by, "member_added", "membership", added.member.id)
        return MemberOut(**vars(added.member))

    return await run_in_threadpool(_with_token, request, work)
