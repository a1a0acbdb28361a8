"""The work a check request does, as functions a runner can send to a worker process.

Reading and validating the body, the check itself and writing the answer all run here, off the
event loop: a 1 MB body costs as much to read as to judge.
"""

from __future__ import annotations

from datetime import date

from casepath.profile.model import Profile
from casepath.result import Report
from casepath.web.backend import Backend
from casepath.web.bodies import read_check, read_profile
from casepath.web.schemas import ValidationResult

# Left out of an answer unless it is asked for (`?explain=true` or `"explain": true`): the
# evaluated tree of every credential and renewal, and the CE ledger (one entry per record per
# renewal). They are most of the size of an answer: 40 MB for a 0.9 MB profile otherwise.
EXPLANATION: dict[str, object] = {
    "results": {"__all__": {"trace"}},
    "renewals": {"__all__": {"trace", "ledger"}},
}


def report_json(report: Report, explain: bool) -> bytes:
    """The answer of POST /check: compact unless `explain`."""
    exclude = None if explain else EXPLANATION
    return report.model_dump_json(exclude=exclude).encode()  # type: ignore[arg-type]


def check_body(backend: Backend, raw: bytes, explain: bool) -> bytes:
    """POST /api/v1/check: the body read, judged and answered (BodyError for a bad body)."""
    profile, on, asked = read_check(raw)
    wanted = explain or asked
    return report_json(backend.check(profile, on, explain=wanted), wanted)


def check_profile(backend: Backend, profile: Profile, on: date | None) -> Report:
    """The report behind a results page (with the trace: the page explains each verdict)."""
    return backend.check(profile, on, explain=True)


def validate_body(raw: bytes) -> bytes:
    """POST /api/v1/profiles/validate: the profile with its defaults, and its record counts."""
    profile = read_profile(raw)
    counts = {
        name: len(value)
        for name, value in profile.model_dump().items()
        if isinstance(value, list) and value
    }
    return ValidationResult(valid=True, profile=profile, counts=counts).model_dump_json().encode()
