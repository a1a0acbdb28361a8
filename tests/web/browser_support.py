"""Running the app for a real browser: a live uvicorn server, Debian's Chromium, axe-core."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
AXE_PREFIX = Path(__file__).parent / ".cache"
AXE_JS = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.10.3"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 and a free port, in a background thread."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="casepath-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def axe_source() -> str | None:
    """axe.min.js from tests/web/.cache (installed by .ci/web-setup.sh), installing it with npm
    if npm is here; None when it cannot be had."""
    if not AXE_JS.exists() and shutil.which("npm"):
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(AXE_PREFIX),
                "--no-save",
                "--no-audit",
                "--no-fund",
                f"axe-core@{AXE_VERSION}",
            ],
            check=False,
            capture_output=True,
            timeout=180,
        )
    return AXE_JS.read_text(encoding="utf-8") if AXE_JS.exists() else None


def serious_violations(result: dict[str, Any]) -> list[str]:
    """axe violations of impact serious or critical, one line each."""
    lines = []
    for violation in result.get("violations", []):
        if violation.get("impact") in ("serious", "critical"):
            targets = [", ".join(node.get("target", [])) for node in violation.get("nodes", [])]
            lines.append(f"{violation['id']} ({violation['impact']}): {targets[:5]}")
    return lines
