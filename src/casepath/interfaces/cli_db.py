"""`casepath db ...` and `casepath profiles ...`: the database and the profiles kept in it.

    casepath db upgrade              bring the database's schema up to date (run after upgrading)
    casepath db status               where the database is and whether it is up to date
    casepath profiles save FILE      store a profile (a new one, or a new version with --id)
    casepath profiles list           the stored profiles
    casepath profiles show ID        a stored version as YAML (--version N; default the newest)
    casepath profiles check ID       judge the newest version, as `casepath check` does

The database is `CASEPATH_DATABASE_URL` (sqlite:///PATH or postgresql+psycopg://...), or a
SQLite file in the user's data folder. Registered on the main app by casepath.interfaces.cli.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from casepath import service
from casepath.profile.loading import ProfileError, dump_profile_yaml, load_profile
from casepath.profile.model import Profile
from casepath.store import Database, DatabaseBehind, migrate, open_database, profiles
from casepath.store.config import DatabaseConfigError, describe

EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2

db_app = typer.Typer(
    help="The database: create it, bring it up to date.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
profiles_app = typer.Typer(
    help="Profiles kept in the database, every save a new version.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def register(app: typer.Typer) -> None:
    from casepath.interfaces.cli_accounts import accounts_app, org_app
    from casepath.interfaces.cli_reminders import reminders_app

    app.add_typer(db_app, name="db")
    app.add_typer(profiles_app, name="profiles")
    app.add_typer(accounts_app, name="accounts")
    app.add_typer(reminders_app, name="reminders")
    app.add_typer(org_app, name="org")


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _open() -> Database:
    try:
        return open_database()
    except DatabaseConfigError as exc:
        _fail(str(exc))


def ready_database() -> Database:
    """The configured database, refusing one that is behind (an empty one is created)."""
    db = _open()
    try:
        migrate.require_current(db, create_if_empty=True)
    except DatabaseBehind as exc:
        db.dispose()
        _fail(str(exc), EXIT_INTERNAL)
    return db


def require_database_for_serve() -> None:
    """`casepath serve` starts only on an up-to-date database (creating a new one)."""
    ready_database().dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database's schema up to date (creating the database when it is new)."""
    db = _open()
    try:
        before = migrate.state(db)
        if not before.known:
            _fail(
                f"the database {describe(db.url)} is at schema {before.current}, made by a newer "
                "casepath; upgrade casepath",
                EXIT_INTERNAL,
            )
        migrate.upgrade(db)
        after = migrate.state(db)
    finally:
        db.dispose()
    if before.current == after.current:
        typer.echo(f"{describe(db.url)}: already up to date ({after.current})")
    else:
        typer.echo(
            f"{describe(db.url)}: upgraded from {before.current or 'empty'} to {after.current}"
        )


@db_app.command("status")
def db_status() -> None:
    """Where the database is and whether its schema is up to date."""
    db = _open()
    try:
        found = migrate.state(db)
    finally:
        db.dispose()
    typer.echo(f"database: {describe(db.url)}")
    typer.echo(f"schema: {found.current or 'none'} (this casepath: {found.head})")
    if not found.up_to_date:
        typer.echo(f"run: {migrate.UPGRADE_COMMAND}")
        raise typer.Exit(EXIT_INTERNAL)


def _load(path: Path) -> Profile:
    try:
        return load_profile(path)
    except ProfileError as exc:
        _fail(str(exc))


@profiles_app.command("save")
def profiles_save(
    file: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON).")],
    profile_id: Annotated[
        str | None, typer.Option("--id", help="Add a new version to this stored profile.")
    ] = None,
    label: Annotated[
        str | None, typer.Option(help="A short name for a new profile (default: its name).")
    ] = None,
) -> None:
    """Store a profile file: a new profile, or a new version of --id."""
    profile = _load(file)
    db = ready_database()
    try:
        with db.transaction() as session:
            if profile_id is None:
                saved = profiles.create(session, label or profile.name or file.stem, profile)
            else:
                saved = profiles.save(session, profile_id, profile)
    except profiles.ProfileNotFound:
        _fail(f"--id: no stored profile {profile_id!r} (see 'casepath profiles list')")
    except ValueError as exc:
        _fail(str(exc))
    finally:
        db.dispose()
    typer.echo(f"saved {saved.profile_id} version {saved.version}")


@profiles_app.command("list")
def profiles_list() -> None:
    """The stored profiles: id, number of versions, label."""
    db = ready_database()
    try:
        with db.reading() as session:
            rows = profiles.summaries(session)
    finally:
        db.dispose()
    for row in rows:
        plural = "version" if row.versions == 1 else "versions"
        typer.echo(f"{row.profile_id}  {row.versions} {plural}  {row.label}")


@profiles_app.command("show")
def profiles_show(
    profile_id: Annotated[str, typer.Argument(metavar="ID")],
    number: Annotated[
        int | None, typer.Option("--version", min=1, help="Default: the newest.")
    ] = None,
) -> None:
    """A stored version of a profile, as YAML."""
    db = ready_database()
    try:
        with db.reading() as session:
            if number is None:
                saved = profiles.latest(session, profile_id)
            else:
                saved = profiles.version(session, profile_id, number)
    except profiles.ProfileNotFound:
        which = profile_id if number is None else f"{profile_id} version {number}"
        _fail(f"no stored profile {which} (see 'casepath profiles list')")
    finally:
        db.dispose()
    typer.echo(
        f"# {saved.profile_id} version {saved.version}, saved {saved.saved_at:%Y-%m-%d %H:%M} UTC"
    )
    typer.echo(dump_profile_yaml(saved.profile), nl=False)


@profiles_app.command("check")
def profiles_check(
    profile_id: Annotated[str, typer.Argument(metavar="ID")],
    on: Annotated[
        str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="Default: today.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Judge the newest version of a stored profile, as `casepath check` does."""
    from rich.console import Console

    from casepath.interfaces import cli  # the report renderer; imported late (cli imports us)

    day = cli.parse_on(on)
    db = ready_database()
    try:
        with db.reading() as session:
            saved = profiles.latest(session, profile_id)
    except profiles.ProfileNotFound:
        _fail(f"no stored profile {profile_id} (see 'casepath profiles list')")
    finally:
        db.dispose()
    report = service.check(saved.profile, on=day)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    source = f"{saved.profile_id} version {saved.version}"
    cli.render_report(report, Console(), source=source)
