"""Opening the database: one engine per process, short sessions, one transaction per change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from casepath.store.config import database_url

SQLITE_BUSY_TIMEOUT_MS = 10_000


WRITE_OPTION = "casepath_write"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite starts transactions itself, late and without savepoint support: a SAVEPOINT
    # opened outside its transaction commits on RELEASE. Turn that off and begin ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets readers in other worker processes
    # go on while one process writes; the busy timeout makes writers wait rather than fail.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed save survives a power cut
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A write transaction takes the write lock at once (BEGIN IMMEDIATE): with WAL, a deferred
    # transaction that reads and then writes fails at once if another process wrote meanwhile,
    # instead of waiting its turn. Reads begin plainly and never block.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Database:
    """The engine and session factory for one database URL."""

    def __init__(self, url: URL) -> None:
        self.url = url
        if url.drivername == "sqlite":
            self.engine: Engine = create_engine(url)
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        writer = self.engine.execution_options(**{WRITE_OPTION: True})
        self._sessions = sessionmaker(writer, expire_on_commit=False)
        self._readers = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end of the block, or not at
        all if the block raises (or the process dies before the end)."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        with self._readers() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: URL | str | None = None) -> Database:
    """The database at `url` (default: `CASEPATH_DATABASE_URL` or the user's SQLite file).
    A SQLite file's folder is created when missing."""
    resolved = database_url(url) if not isinstance(url, URL) else url
    if resolved.drivername == "sqlite" and resolved.database:
        Path(resolved.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return Database(resolved)
