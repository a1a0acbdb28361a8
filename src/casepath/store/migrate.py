"""Schema migrations with Alembic. The migrations ship inside the package (`migrations/`), so an
installed casepath can bring its database up to date: `casepath db upgrade`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect

from casepath.store.config import describe
from casepath.store.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
UPGRADE_COMMAND = "casepath db upgrade"


class DatabaseBehind(RuntimeError):
    """The database's schema is not the one this casepath needs; the message says what to run."""


@dataclass(frozen=True)
class MigrationState:
    current: str | None  # None: no casepath tables yet
    head: str
    known: bool  # the current revision is one this casepath knows
    empty: bool  # the database has no tables at all

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = db.engine
    return config


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "casepath ships at least one migration"
    return head


def state(db: Database) -> MigrationState:
    scripts = _scripts()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        empty = not inspect(connection).get_table_names()
    return MigrationState(
        current=current, head=head_revision(), known=_known(scripts, current), empty=empty
    )


def _known(scripts: ScriptDirectory, revision: str | None) -> bool:
    if revision is None:
        return True
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:  # "Can't locate revision": made by a newer casepath
        return False


def upgrade(db: Database, revision: str = "head") -> None:
    command.upgrade(_config(db), revision)


def downgrade(db: Database, revision: str) -> None:
    command.downgrade(_config(db), revision)


def require_current(db: Database, *, create_if_empty: bool) -> MigrationState:
    """Refuse to go on with a database that is behind (or from a newer casepath).

    An empty database (a new SQLite file) is created at the newest schema when
    `create_if_empty`; a database with data is never migrated behind its owner's back.
    """
    try:
        found = state(db)
    except Exception as exc:  # cannot connect, wrong password, not a database file
        raise DatabaseBehind(
            f"cannot open the database {describe(db.url)}: {type(exc).__name__}"
        ) from exc
    if found.up_to_date:
        return found
    if found.empty and create_if_empty:
        upgrade(db)
        return state(db)
    if not found.known:
        raise DatabaseBehind(
            f"the database {describe(db.url)} is at schema {found.current}, which this casepath "
            "does not know: it was made by a newer casepath; upgrade casepath"
        )
    raise DatabaseBehind(
        f"the database {describe(db.url)} is at schema {found.current or 'none'} and this "
        f"casepath needs {found.head}; run: {UPGRADE_COMMAND}"
    )
