"""Relative redirects for a missing or extra trailing slash (`/form/` -> `/form`).

Starlette builds its slash redirects from the `Host` header, so a forged header would send the
browser to another site. These carry only the path and query: the browser stays where it is.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import RedirectResponse
from starlette.routing import Match, Router
from starlette.types import Receive, Scope, Send


def install_relative_slash_redirects(router: Router) -> None:
    """Replace the router's not-found handler (the router's own slash redirect is off)."""
    router.redirect_slashes = False
    not_found = router.default

    async def default(scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and path not in ("", "/"):
            other = path.rstrip("/") if path.endswith("/") else path + "/"
            moved = {**scope, "path": other}
            if other and any(route.matches(moved)[0] != Match.NONE for route in router.routes):
                query = scope.get("query_string", b"").decode("latin-1")
                location = quote(other) + (f"?{query}" if query else "")
                if location.startswith("//"):  # `//host` would be read as another site
                    location = "/" + location.lstrip("/")
                await RedirectResponse(location, status_code=307)(scope, receive, send)
                return
        await not_found(scope, receive, send)

    router.default = default
