"""`casepath what-if PROFILE [--on DATE] [--full-time-from DATE] [--add-ce HOURS] ...`.

The profile judged as it is and after one or more changes (casepath.whatif, the same function
the API and the results page call), without editing the file: each credential now and with
the change. Registered on the main app by casepath.interfaces.cli (`cli_whatif.register(app)`).
Exit codes as for `check`: 2 for bad input, with one line "error: ..." on stderr.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from casepath.whatif import AddCE, Change, FullTimeFrom, SupervisorCCM, WhatIfError, WhatIfReport

# Control characters (terminal escape sequences among them) never reach the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def register(app: typer.Typer) -> None:
    """Add the `what-if` command to the casepath app."""
    app.command(name="what-if")(what_if)


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def _job_index(value: int | None, option: str) -> int | None:
    from casepath.interfaces import cli as base

    if value is None:
        return None
    if value < 1:
        base.fail(f"{option}: expected a job number from 1 (the first job), got {value}")
    return value - 1


def _date(text: str, option: str) -> date:
    from casepath.interfaces import cli as base
    from casepath.profile.model import FIRST_PLAUSIBLE_DATE, LAST_PLAUSIBLE_DATE

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        base.fail(f"{option}: expected a date YYYY-MM-DD, got {text!r}")
    if not FIRST_PLAUSIBLE_DATE <= day <= LAST_PLAUSIBLE_DATE:
        base.fail(
            f"{option}: expected a date between {FIRST_PLAUSIBLE_DATE} and "
            f"{LAST_PLAUSIBLE_DATE}, got {day}"
        )
    return day


# The fields of a change named as the options that set them.
_OPTIONS = {"start": "--full-time-from", "hours": "--add-ce", "topic": "--topic"}


def _changes(
    full_time_from: str | None,
    job: int | None,
    add_ce: float | None,
    topic: str,
    supervisor_ccm: bool,
    supervisor_job: int | None,
) -> list[Change]:
    from casepath.interfaces import cli as base

    changes: list[Change] = []
    try:
        if full_time_from is not None:
            start = _date(full_time_from, "--full-time-from")
            changes.append(FullTimeFrom(start=start, job=_job_index(job, "--job")))
        if add_ce is not None:
            if not 0 < add_ce <= 1000:
                base.fail(f"--add-ce: expected hours above 0 and at most 1000, got {add_ce:g}")
            changes.append(AddCE(hours=add_ce, topic=topic))
        if supervisor_ccm:
            changes.append(SupervisorCCM(job=_job_index(supervisor_job, "--supervisor-job")))
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = _OPTIONS.get(str(error["loc"][-1]), "change")
        base.fail(f"{field}: {error['msg']}, got {error.get('input')!r}")
    if not changes:
        base.fail(
            "what to try: expected at least one of --full-time-from DATE, --add-ce HOURS, "
            "--supervisor-ccm"
        )
    return changes


def what_if(
    profile: Annotated[
        Path, typer.Argument(help="Profile file (YAML or JSON); see spec/profile-format.md.")
    ],
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD", help="Evaluation date. Default: today."),
    ] = None,
    full_time_from: Annotated[
        str | None,
        typer.Option(
            "--full-time-from",
            metavar="YYYY-MM-DD",
            help="If a job became full-time (40 hours a week) from this date.",
        ),
    ] = None,
    job: Annotated[
        int | None,
        typer.Option(help="The job to make full-time (1 = the first). Default: the first ongoing."),
    ] = None,
    add_ce: Annotated[
        float | None,
        typer.Option("--add-ce", metavar="HOURS", help="If you added this many CE hours."),
    ] = None,
    topic: Annotated[str, typer.Option(help="Topic of the added CE hours.")] = "case_management",
    supervisor_ccm: Annotated[
        bool,
        typer.Option("--supervisor-ccm", help="If your supervisor held the CCM for the whole job."),
    ] = False,
    supervisor_job: Annotated[
        int | None,
        typer.Option(help="The job of that supervisor (1 = the first). Default: every job."),
    ] = None,
    output: Annotated[
        str, typer.Option("--format", help="Output format: text or json.", case_sensitive=False)
    ] = "text",
) -> None:
    """What changes if you go full-time, add CE hours, or have a CCM supervisor."""
    from casepath import whatif
    from casepath.interfaces import cli as base
    from casepath.profile.loading import ProfileError, load_profile

    fmt = output.lower()
    if fmt not in ("text", "json"):
        base.fail(f'--format: expected "text" or "json", got "{output}"')
    day = base.parse_on(on)
    changes = _changes(full_time_from, job, add_ce, topic, supervisor_ccm, supervisor_job)
    try:
        person = load_profile(profile)
    except ProfileError as exc:
        message = str(exc)
        base.fail(message if str(profile) in message else f"{profile}: {message}")
    except Exception as exc:
        base.fail(f"{profile}: cannot read the profile: {exc}")
    try:
        report = whatif.what_if(person, changes, day)
    except WhatIfError as exc:
        change = changes[exc.index] if exc.index is not None else None
        option = _OPTIONS.get(exc.field, exc.field)
        if exc.field == "job" and isinstance(change, SupervisorCCM):
            option = "--supervisor-job"
        elif exc.field == "job":
            option = "--job"
        base.fail(f"{option}: {exc.message}")
    if fmt == "json":
        base._print_json(report.model_dump(mode="json", exclude={"after"}))
        return
    render(report, Console())


def _outcome(status: str, when: date | None, renewal: bool) -> str:
    if status == "eligible":
        return "ready to renew" if renewal else "eligible now"
    if when is not None:
        return ("ready to renew from " if renewal else "eligible from ") + when.isoformat()
    words = {"not_eligible": "not eligible yet; no date", "indeterminate": "undecided"}
    return words.get(status, "not applicable")


def render(report: WhatIfReport, console: Console) -> None:
    """The comparison as a table: each credential now and with the change."""
    console.print(Text(f"What if, judged on {report.evaluated_on.isoformat()}", style="bold"))
    for change in report.changes:
        console.print(Text(f"  With {_clean(change)}"))
    table = Table(header_style="bold")
    table.add_column("Credential", no_wrap=True)
    table.add_column("Now", overflow="fold")
    table.add_column("With the change", overflow="fold")
    for d in report.differences:
        name = (d.variant or d.credential) + (" renewal" if d.renewal else "")
        style = "bold" if d.changed else ""
        table.add_row(
            Text(name + (" (changed)" if d.changed else ""), style=style),
            Text(_outcome(d.before.status.value, d.before.earliest_eligibility_date, d.renewal)),
            Text(
                _outcome(d.after.status.value, d.after.earliest_eligibility_date, d.renewal),
                style=style,
            ),
        )
    console.print(table)
    if not any(d.changed for d in report.differences):
        console.print("  Nothing changes.")
