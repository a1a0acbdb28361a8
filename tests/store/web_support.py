"""Driving the account pages through the app, as a browser would (cookies, CSRF fields)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response

from casepath.store import Database
from casepath.web.app import create_app

PASSWORD = "violet river lamp stone"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@contextmanager
def browser(database: Database, base_url: str = "http://testserver") -> Iterator[TestClient]:
    app = create_app()
    app.state.database = database
    with TestClient(app, base_url=base_url, raise_server_exceptions=False) as client:
        yield client


def post_form(client: TestClient, page: str, action: str, **fields: str) -> Response:
    """Open `page`, then send its form to `action` with the page's CSRF token."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **fields}, follow_redirects=False)


def sign_up(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    return post_form(client, "/account/sign-up", "/account/sign-up", email=email, password=password)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    return post_form(client, "/account/sign-in", "/account/sign-in", email=email, password=password)


def sign_out(client: TestClient) -> Response:
    return post_form(client, "/account", "/account/sign-out")


def _walk(routes: Iterable[Any], prefix: str) -> Iterator[tuple[str, APIRoute]]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):  # FastAPI's included router
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)


def app_routes(app: FastAPI | None = None) -> list[tuple[str, APIRoute]]:
    """Every route of the app, from its router: a new route is covered automatically."""
    return list(_walk((app or create_app()).routes, ""))
