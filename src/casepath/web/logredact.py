"""Keep secrets out of the server's access log: one-time links and calendar feed addresses
carry their secret in the path, which uvicorn logs on every request."""

from __future__ import annotations

import logging
import re

# /account/link/<token> and /account/calendar/<token>.ics
_SECRET_PATH = re.compile(r"(/account/(?:link|calendar)/)[^/?\s\"]+")
REDACTED = r"\1[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces the secret part of such paths in a log record's arguments and message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _SECRET_PATH.sub(REDACTED, a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _SECRET_PATH.sub(REDACTED, record.msg)
        return True


def install() -> None:
    """Attach the filter to uvicorn's access log, once per process."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSecrets) for f in access.filters):
        access.addFilter(RedactSecrets())
