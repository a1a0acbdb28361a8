"""Store tests run on SQLite and on PostgreSQL.

The PostgreSQL server is named by CASEPATH_TEST_POSTGRES_URL (scripts/test.sh starts a
throwaway one and sets it). Without it the PostgreSQL cases are skipped, except in CI
(CI=true), where a missing server is a failure: the suite must really run on both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from casepath.store import Database, migrate, open_database, passwords

POSTGRES_ENV = "CASEPATH_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def _postgres_admin_url() -> URL:
    value = os.environ.get(POSTGRES_ENV, "").strip()
    if not value:
        reason = (
            f"{POSTGRES_ENV} is not set: no PostgreSQL server for the tests "
            "(scripts/test.sh starts one when Debian's postgresql is installed)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"in CI the store tests must run on PostgreSQL too: {reason}")
        pytest.skip(reason)
    return make_url(value)


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[URL]:
    """An empty database of each kind: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("sqlite")
        yield make_url(f"sqlite:///{folder / 'test.sqlite3'}")
        return
    admin_url = _postgres_admin_url()
    name = f"casepath_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.set(database=name)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def empty_database(database_url: URL) -> Iterator[Database]:
    db = open_database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A database of each kind at the newest schema."""
    migrate.upgrade(empty_database)
    return empty_database


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters, so tests that sign in many times stay fast; the real
    parameters are checked by test_accounts.py::test_real_hashes_use_rfc_9106_parameters."""
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_HASHER", quick)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", quick.hash("no such account"))
