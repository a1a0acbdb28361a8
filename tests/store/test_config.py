"""Which database casepath uses."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from casepath.store.config import DatabaseConfigError, database_url, describe


def test_without_a_url_the_database_is_a_sqlite_file_in_the_users_data_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CASEPATH_DATABASE_URL", raising=False)
    url = database_url()
    assert url.drivername == "sqlite"
    assert url.database is not None
    expected = Path(platformdirs.user_data_dir("casepath", appauthor=False))
    assert Path(url.database) == expected / "casepath.sqlite3"


@pytest.mark.parametrize(
    "value",
    ["sqlite:////var/lib/casepath/db.sqlite3", "postgresql+psycopg://casepath@db:5432/casepath"],
)
def test_the_environment_names_the_database(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CASEPATH_DATABASE_URL", value)
    assert database_url().render_as_string(hide_password=False) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sqlite://", "needs a file path"),
        ("sqlite:///:memory:", "needs a file path"),
        ("postgresql://casepath@db/casepath", "got the driver 'postgresql'"),
        ("not a url", "not a database URL"),
    ],
)
def test_unusable_urls_are_refused_with_a_reason(value: str, message: str) -> None:
    with pytest.raises(DatabaseConfigError, match=message):
        database_url(value)


def test_passwords_never_appear_in_messages() -> None:
    url = database_url("postgresql+psycopg://casepath:s3cret@db/casepath")
    assert "s3cret" not in describe(url)
