"""Request body size limit: a pure ASGI middleware.

A body larger than the limit is refused with 413 before the application reads it, whether the
client declares its length (`Content-Length`) or streams it in chunks. API routes get a JSON
error; pages get a short HTML page. Nothing of the refused body is kept.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 1_000_000
"""1 MB: a profile is a few kilobytes; a roster does not come through these routes."""


class BodyTooLarge(Exception):
    """Raised inside `receive` when the streamed body passes the limit."""


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _drain(receive, self.max_bytes)
            await self._refuse(scope, send)
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:  # pragma: no cover - the app answered before reading the body
                raise
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        limit = f"{self.max_bytes:,} bytes"
        if str(scope.get("path", "")).startswith("/api/"):
            body = json.dumps(
                {"detail": f"Request body too large: the limit is {limit} (1 MB)."}
            ).encode()
            content_type = b"application/json"
        else:
            body = (
                "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                "<title>File too large - casepath</title></head><body><main>"
                "<h1>File too large</h1>"
                f"<p>casepath accepts profiles up to {limit} (1 MB). "
                "A profile file is normally a few kilobytes.</p>"
                "<p><a href='/form'>Back to the profile form</a></p></main></body></html>"
            ).encode()
            content_type = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _drain(receive: Receive, max_bytes: int) -> None:
    """Read (and drop) what the client already sent, up to the limit, so it sees the answer."""
    seen = 0
    while seen <= max_bytes:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
