"""`casepath reminders send [--on DATE]`: e-mail renewal reminders (90, 30 and 7 days before each
deadline and late-window end), each once. Meant for a daily timer (cron, a systemd timer);
running it twice on one day sends nothing the second time. Needs `CASEPATH_SMTP_URL`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from casepath import mail
from casepath.interfaces.cli_db import EXIT_INTERNAL, _fail, ready_database
from casepath.store import reminders

reminders_app = typer.Typer(
    help="Renewal reminders by e-mail.", no_args_is_help=True, pretty_exceptions_enable=False
)


@reminders_app.command("send")
def send(
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD", help="The day to act as (default: today)."),
    ] = None,
) -> None:
    """Send the reminders due today that have not been sent yet."""
    from casepath.interfaces import cli  # the date parser; imported late (cli imports us)

    day = cli.parse_on(on)
    if not mail.configured():
        _fail(f"{mail.SMTP_URL_ENV} is not set: reminders are sent by e-mail", EXIT_INTERNAL)
    db = ready_database()
    try:
        outcome = reminders.send_all(db, day, mail.send)
    finally:
        db.dispose()
    # Counts only: the output of a timer ends up in system logs, which get no addresses.
    typer.echo(
        f"{day.isoformat()}: sent {outcome.sent}, already sent {outcome.already}, "
        f"failed {outcome.failed}"
    )
    if outcome.failed:
        raise typer.Exit(EXIT_INTERNAL)
