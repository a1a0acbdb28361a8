"""`casepath serve`: run the web application with uvicorn."""

from __future__ import annotations

import copy
import os
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from casepath.web.app import create_app
from casepath.web.runner import CHECK_BUDGET_SECONDS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

GRACE_SECONDS = CHECK_BUDGET_SECONDS + 5
"""On SIGTERM or Ctrl-C, how long in-flight requests have to finish: a check never runs longer
than its budget, so every check that was started gets its answer."""


def log_config() -> dict[str, Any]:
    """uvicorn's logging, and casepath's own lines (a client gone, a check over budget) in
    the same format."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["casepath"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def default_workers() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, workers: int | None = None) -> None:
    """Serve the API and the pages on http://HOST:PORT until interrupted.

    The default host keeps the server private to this machine; pass `--host 0.0.0.0` to share it
    on a network (nothing about a person is stored either way). Checks run in `workers` worker
    processes (default: one per core); the rulebooks must load (checked by the caller).
    """
    uvicorn.run(
        create_app(workers=workers or default_workers()),
        host=host,
        port=port,
        log_level="info",
        log_config=log_config(),
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=int(GRACE_SECONDS),
    )
