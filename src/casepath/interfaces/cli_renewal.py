"""`casepath renewal PROFILE [--on DATE] [--format text|json] [--ics FILE]`.

A per-certification renewal plan: what to complete by when, days left, and a warning when the
deadline is within 90 days; `--ics FILE` also writes the deadlines and windows as an iCalendar
file. Registered on the main app by casepath.interfaces.cli (`cli_renewal.register(app)`).
Exit codes as for `check`: 2 for bad input, with one line "error: ..." on stderr.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from casepath.renewal.plan import RenewalPlan
from casepath.textsafety import visible, visible_model


def register(app: typer.Typer) -> None:
    """Add the `renewal` command to the casepath app."""
    app.command(name="renewal")(renewal)


def renewal(
    profile: Annotated[
        Path,
        typer.Argument(
            help="Profile file (YAML or JSON; `-` reads standard input); see "
            "spec/profile-format.md."
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="YYYY-MM-DD",
            help="Evaluation date. Default: today.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("--format", help="Output format: text or json.", case_sensitive=False)
    ] = "text",
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", metavar="FILE", help="Also write deadlines and windows as iCalendar."
        ),
    ] = None,
) -> None:
    """A renewal plan per certification held: what to complete by when, and days left."""
    from casepath.interfaces import cli as base
    from casepath.profile.loading import ProfileError
    from casepath.renewal.ics import renewal_calendar
    from casepath.renewal.plan import plans_for
    from casepath.service import check

    fmt = output.lower()
    if fmt not in ("text", "json"):
        base.fail(f'--format: expected "text" or "json", got "{output}"')
    day = base.parse_on(on)
    person = base.read_profile_arg(profile)
    base._require_rules()
    try:
        report = check(person, on=day)
    except ProfileError as exc:  # answers that cannot be taken
        base.fail(f"{profile}: {exc}")
    except Exception as exc:
        base.fail(
            f"internal error while checking {profile} ({type(exc).__name__}: {exc})",
            base.EXIT_INTERNAL,
        )
    if fmt == "text":
        report = visible_model(report)  # what reaches the terminal drives no escape sequence
    plans = plans_for(report.renewals, day)
    if ics is not None:
        try:
            ics.write_bytes(renewal_calendar(report.renewals, day, person.name))
        except OSError as exc:
            base.fail(f"--ics: cannot write {ics}: {exc.strerror or exc}")
    if fmt == "json":
        base._print_json(
            {
                "evaluated_on": day.isoformat(),
                "plans": [p.model_dump(mode="json", exclude={"renewal": {"trace"}}) for p in plans],
            }
        )
        return
    render_plans(plans, day, Console(), ics)


def render_plans(plans: list[RenewalPlan], on: date, console: Console, ics: Path | None) -> None:
    from casepath.interfaces.cli import status_text

    console.print(Text(f"Renewal plan on {on.isoformat()}", style="bold"))
    if not plans:
        console.print("  No certifications held: nothing to renew.")
    for plan in plans:
        heading = Text(f"{plan.credential}", style="bold")
        if plan.issuer:
            heading.append(f" ({plan.issuer})", style="bold")
        heading.append(": ")
        heading.append_text(status_text(plan.status))
        console.rule(heading, align="left")
        if plan.deadline is not None:
            left = f" ({plan.days_left} days left)" if (plan.days_left or 0) >= 0 else ""
            console.print(f"  Deadline: {plan.deadline.isoformat()}{left}")
        if plan.warning:
            console.print(Text(f"  Warning: {plan.warning}", style="bold yellow"))
        table = Table(header_style="bold")
        table.add_column("To do", overflow="fold")
        table.add_column("By", no_wrap=True)
        table.add_column("Days left", justify="right", no_wrap=True)
        for item in plan.items:
            table.add_row(
                Text(("✓ " if item.done else "") + item.what),
                item.by.isoformat() if item.by else "",
                "" if item.days_left is None else str(item.days_left),
            )
        console.print(Padding(table, (0, 0, 0, 2), expand=False))
        renewal = plan.renewal
        not_counted = [e for e in renewal.ledger if e.reason]
        if not_counted:
            console.print("  CE records with a remark:")
            for entry in not_counted:
                console.print(
                    f"    - {entry.date.isoformat()} {entry.hours:g} h {escape(entry.topic)}: "
                    f"{entry.counted_hours:g} h counted; {escape(entry.reason)}",
                    highlight=False,
                )
        for note in renewal.notes:
            console.print(f"  Note: {escape(note)}", highlight=False)
        if renewal.alternatives:
            console.print(
                "  Outcome under each reading: "
                + "; ".join(f"{escape(k)}: {escape(v)}" for k, v in renewal.alternatives.items()),
                highlight=False,
            )
        if renewal.rules:
            console.print(f"  Rules: {escape(', '.join(renewal.rules))}", highlight=False)
    if ics is not None:
        console.print(Text(f"Calendar written to {visible(str(ics))}"))
