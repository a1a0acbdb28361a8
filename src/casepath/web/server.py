"""`casepath serve`: run the web application with uvicorn."""

from __future__ import annotations

import uvicorn

from casepath.web.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the API and the pages on http://HOST:PORT until interrupted.

    The default host keeps the server private to this machine; pass `--host 0.0.0.0` to share it
    on a network (nothing about a person is stored either way).
    """
    uvicorn.run(
        create_app(),
        host=host,
        port=port,
        log_level="info",
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
