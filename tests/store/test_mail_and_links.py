"""One-time links by e-mail through a real local SMTP server (aiosmtpd), and by the CLI."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.engine import URL
from typer.testing import CliRunner

from casepath.interfaces.cli import app
from casepath.store import Database

from .web_support import PASSWORD, browser, post_form, sign_in, sign_out, sign_up

EMAIL = "dana.reyes@example.org"
LINK = re.compile(r"https?://\S+/account/link/[A-Za-z0-9_-]+")
runner = CliRunner()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        assert isinstance(content, bytes)
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(content)))
        return "250 OK"

    def only_link(self) -> str:
        [(_, message)] = self.messages
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        [link] = LINK.findall(payload.decode())
        return link


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks it can connect, so not 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("CASEPATH_SMTP_URL", f"smtp://127.0.0.1:{port}")
        monkeypatch.setenv("CASEPATH_MAIL_FROM", "casepath@hospital.example")
        yield handler
    finally:
        controller.stop()


def test_a_password_reset_is_emailed_and_its_link_works_once(
    database: Database, inbox: Inbox
) -> None:
    with browser(database) as client:
        sign_up(client, EMAIL)
        sign_out(client)
        answer = post_form(client, "/account/reset", "/account/reset", email=EMAIL.upper())
        assert answer.status_code == 200
        assert "ask whoever runs it" not in answer.text
        [(recipients, message)] = inbox.messages
        assert recipients == [EMAIL]
        assert message["From"] == "casepath@hospital.example"
        assert message["Subject"] == "Choose a new casepath password"
        path = inbox.only_link().removeprefix("http://testserver")
        assert post_form(client, path, path, password="a brand new pass phrase").status_code == 303
        assert client.get(path).status_code == 404  # used
        sign_out(client)
        assert sign_in(client, EMAIL, PASSWORD).status_code == 401
        assert sign_in(client, EMAIL, "a brand new pass phrase").status_code == 303


def test_no_email_is_sent_for_an_unknown_address(database: Database, inbox: Inbox) -> None:
    with browser(database) as client:
        post_form(client, "/account/reset", "/account/reset", email="nobody@example.org")
    assert inbox.messages == []


def test_without_smtp_the_reset_page_sends_people_to_the_administrator(
    database: Database,
) -> None:
    with browser(database) as client:
        sign_up(client, EMAIL)
        sign_out(client)
        answer = post_form(client, "/account/reset", "/account/reset", email=EMAIL)
    assert "casepath accounts reset-link YOUR-ADDRESS" in answer.text


@pytest.fixture
def configured(database_url: URL, monkeypatch: pytest.MonkeyPatch) -> URL:
    monkeypatch.setenv("CASEPATH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    monkeypatch.delenv("CASEPATH_SMTP_URL", raising=False)
    return database_url


def test_the_cli_prints_an_invitation_link_on_the_given_host(
    configured: URL, database: Database
) -> None:
    result = runner.invoke(
        app, ["accounts", "invite", EMAIL, "--base-url", "https://cp.hospital.example/"]
    )
    assert result.exit_code == 0, result.stderr
    link = result.stdout.strip()
    assert LINK.fullmatch(link) and link.startswith("https://cp.hospital.example/account/link/")
    with browser(database) as client:
        path = link.removeprefix("https://cp.hospital.example")
        assert "Welcome to casepath" in client.get(path).text
        assert post_form(client, path, path, password=PASSWORD).status_code == 303
        assert client.get("/account").status_code == 200
    again = runner.invoke(app, ["accounts", "invite", EMAIL])
    assert again.exit_code == 2
    assert "already has an account" in again.stderr


def test_the_cli_emails_the_link_when_smtp_is_configured(
    configured: URL, inbox: Inbox, database: Database
) -> None:
    result = runner.invoke(app, ["accounts", "invite", EMAIL])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"e-mailed a one-time link to {EMAIL}"
    assert inbox.only_link().startswith("http://127.0.0.1:8000/account/link/")


def test_the_cli_reset_link_needs_an_existing_account(configured: URL) -> None:
    result = runner.invoke(app, ["accounts", "reset-link", "nobody@example.org"])
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        "error: nobody@example.org: no account with this address",
    )
