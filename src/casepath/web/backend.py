"""The port between the web layer and the service: what the pages and the API call.

The web layer never imports the engine directly. `create_app` takes any object with these
methods, so tests can drive the pages with reports built by hand, and production passes the real
`casepath.service` module (`ServiceBackend`).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from casepath.profile.model import Profile
from casepath.result import CredentialInfo, Report, RequirementsDoc
from casepath.whatif import Change, WhatIfReport


class Backend(Protocol):
    """What the web layer needs from the service."""

    def check(self, profile: Profile, on: date | None = None, *, explain: bool = True) -> Report:
        """`explain=False` may leave out the trace (the compact API answer)."""
        ...

    def credentials(self) -> list[CredentialInfo]: ...

    def requirements(self, credential: str, on: date | None = None) -> RequirementsDoc: ...

    def what_if(
        self, profile: Profile, changes: list[Change], on: date | None = None
    ) -> WhatIfReport: ...


class ServiceBackend:
    """The real service (`casepath.service`), looked up on every call.

    The lookup is late on purpose: the module is the single entry point of the core, and a
    running server must see the same functions the CLI sees.
    """

    def check(self, profile: Profile, on: date | None = None, *, explain: bool = True) -> Report:
        from casepath import service

        return service.check(profile, on, explain=explain)

    def credentials(self) -> list[CredentialInfo]:
        from casepath import service

        return service.credentials()

    def requirements(self, credential: str, on: date | None = None) -> RequirementsDoc:
        from casepath import service

        return service.requirements(credential, on)

    def what_if(
        self, profile: Profile, changes: list[Change], on: date | None = None
    ) -> WhatIfReport:
        from casepath import whatif

        return whatif.what_if(profile, changes, on)
