"""Where the database is: `CASEPATH_DATABASE_URL`, or a SQLite file in the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DATABASE_URL_ENV = "CASEPATH_DATABASE_URL"
SUPPORTED_DRIVERS = ("sqlite", "postgresql+psycopg")


class DatabaseConfigError(ValueError):
    """The configured database URL cannot be used; the message says why and what to write."""


def default_sqlite_path() -> Path:
    return Path(platformdirs.user_data_dir("casepath", appauthor=False)) / "casepath.sqlite3"


def database_url(value: str | None = None) -> URL:
    """The database to use: `value`, else `CASEPATH_DATABASE_URL`, else the default SQLite file."""
    text = value if value is not None else os.environ.get(DATABASE_URL_ENV, "").strip()
    if not text:
        return make_url(f"sqlite:///{default_sqlite_path()}")
    try:
        url = make_url(text)
    except ArgumentError:
        raise DatabaseConfigError(
            f"{DATABASE_URL_ENV}: expected sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME, "
            "got a value that is not a database URL"
        ) from None
    if url.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseConfigError(
            f"{DATABASE_URL_ENV}: expected a sqlite:/// or postgresql+psycopg:// URL, "
            f"got the driver {url.drivername!r}"
        )
    if url.drivername == "sqlite" and url.database in (None, "", ":memory:"):
        raise DatabaseConfigError(
            f"{DATABASE_URL_ENV}: a SQLite database needs a file path (sqlite:///PATH); "
            "an in-memory database would forget everything"
        )
    return url


def describe(url: URL) -> str:
    """The URL for messages and logs, without its password."""
    return url.render_as_string(hide_password=True)
