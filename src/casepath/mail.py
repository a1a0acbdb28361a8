"""Sending e-mail (invitations, password resets) through the SMTP server that
`CASEPATH_SMTP_URL` names:

    smtp://HOST[:PORT]                 plain SMTP (port 25), e.g. a local relay
    smtp+starttls://USER:PASS@HOST[:PORT]   STARTTLS (port 587)
    smtps://USER:PASS@HOST[:PORT]      TLS from the start (port 465)

The sender is `CASEPATH_MAIL_FROM` (default casepath@localhost). Without an SMTP URL nothing is
sent: the links are shown to the administrator and printed by the CLI instead.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SMTP_URL_ENV = "CASEPATH_SMTP_URL"
MAIL_FROM_ENV = "CASEPATH_MAIL_FROM"
DEFAULT_FROM = "casepath@localhost"
TIMEOUT_SECONDS = 20
_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class MailError(RuntimeError):
    """The message could not be handed to the SMTP server; says why, without the password."""


def configured() -> bool:
    return bool(os.environ.get(SMTP_URL_ENV, "").strip())


def send(to: str, subject: str, body: str) -> None:
    """Hand one plain-text message to the configured SMTP server."""
    url = urlsplit(os.environ.get(SMTP_URL_ENV, "").strip())
    if url.scheme not in _PORTS or not url.hostname:
        raise MailError(
            f"{SMTP_URL_ENV}: expected smtp://HOST[:PORT], smtp+starttls://... or smtps://..."
        )
    message = EmailMessage()
    message["From"] = os.environ.get(MAIL_FROM_ENV, "").strip() or DEFAULT_FROM
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    port = url.port or _PORTS[url.scheme]
    try:
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(url.hostname, port, timeout=TIMEOUT_SECONDS)
        with client:
            if url.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The reason only: SMTP errors can quote the recipient, which must not reach the logs.
        raise MailError(
            f"could not send e-mail through {url.hostname}:{port} ({type(exc).__name__})"
        ) from None
