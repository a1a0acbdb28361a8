"""`casepath accounts invite EMAIL` and `casepath accounts reset-link EMAIL`: one-time links made
by whoever runs the server. With `CASEPATH_SMTP_URL` set the link is e-mailed to the person;
otherwise it is printed here, to be passed on.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from casepath import mail
from casepath.interfaces.cli_db import EXIT_BAD_INPUT, _fail, ready_database
from casepath.store import accounts as store
from casepath.store.accounts import AccountError, LinkPurpose

BASE_URL_ENV = "CASEPATH_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"

accounts_app = typer.Typer(
    help="Accounts: invitations and password-reset links.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help=f"Address of the casepath server in the link (default: ${BASE_URL_ENV} or "
        f"{DEFAULT_BASE_URL}).",
        show_default=False,
    ),
]


def _base_url(given: str | None) -> str:
    url = (given or os.environ.get(BASE_URL_ENV, "") or DEFAULT_BASE_URL).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        _fail(f"--base-url: expected an address starting http:// or https://, got {url!r}")
    return url


def _deliver(email: str, purpose: LinkPurpose, url: str) -> None:
    from casepath.web.accounts import send_link

    if mail.configured():
        send_link(email, purpose, url)
        typer.echo(f"e-mailed a one-time link to {email}")
    else:
        typer.echo(url)


@accounts_app.command("invite")
def invite(
    email: Annotated[str, typer.Argument(metavar="EMAIL")], base_url: BaseUrlOption = None
) -> None:
    """Create an account for EMAIL and give its one-time link to choose a password (7 days)."""
    root = _base_url(base_url)
    db = ready_database()
    try:
        with db.transaction() as session:
            account = store.find(session, email)
            if account is not None and account.password_hash is not None:
                _fail(f"{email}: already has an account; use 'casepath accounts reset-link'")
            if account is None:
                account = store.create(session, email, None)
            token = store.create_link(session, account, LinkPurpose.invitation)
            address = account.email
    except AccountError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    finally:
        db.dispose()
    _deliver(address, LinkPurpose.invitation, f"{root}/account/link/{token}")


@accounts_app.command("reset-link")
def reset_link(
    email: Annotated[str, typer.Argument(metavar="EMAIL")], base_url: BaseUrlOption = None
) -> None:
    """A one-time link for EMAIL to choose a new password (valid one hour)."""
    root = _base_url(base_url)
    db = ready_database()
    try:
        with db.transaction() as session:
            account = store.find(session, email)
            if account is None:
                _fail(f"{email}: no account with this address")
            token = store.create_link(session, account, LinkPurpose.reset)
            address = account.email
    finally:
        db.dispose()
    _deliver(address, LinkPurpose.reset, f"{root}/account/link/{token}")


org_app = typer.Typer(
    help="Organisations: make one with its owner.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@org_app.command("create")
def org_create(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    owner: Annotated[str, typer.Option("--owner", metavar="EMAIL", help="The first owner.")],
    base_url: BaseUrlOption = None,
    if_missing: Annotated[
        bool,
        typer.Option(
            "--if-missing",
            help="Do nothing (but print the sign-in link) if the owner already "
            "owns an organisation of this name.",
        ),
    ] = False,
) -> None:
    """Make an organisation owned by EMAIL and print the owner's one-time sign-in link."""
    from casepath.store import orgs

    root = _base_url(base_url)
    db = ready_database()
    try:
        with db.transaction() as session:
            account = store.find(session, owner) or store.create(session, owner, None)
            mine = [
                org
                for org, member in orgs.memberships_of(session, account.id)
                if org.name == " ".join(name.split()) and member.role == orgs.Role.owner.value
            ]
            if mine and not if_missing:
                _fail(f"{account.email} already owns an organisation named {mine[0].name!r}")
            org = mine[0] if mine else orgs.create(session, name, account)
            token = (
                store.create_link(session, account, LinkPurpose.invitation)
                if account.password_hash is None
                else None
            )
            address, org_id, org_name = account.email, org.id, org.name
    except (AccountError, orgs.OrgError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    finally:
        db.dispose()
    typer.echo(f"organisation {org_name!r}: {root}/orgs/{org_id}")
    if token is None:
        typer.echo(f"{address} has an account already: they sign in at {root}/account/sign-in")
        return
    typer.echo(f"one-time sign-in link for {address} (valid 7 days):")
    _deliver(address, LinkPurpose.invitation, f"{root}/account/link/{token}")
