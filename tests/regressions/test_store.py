"""Regression tests of the store (issue 10), one per defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from casepath.store import migrate, open_database
from casepath.store.models import StoredProfile
from casepath.store.types import utcnow


def test_a_savepoint_released_inside_a_failed_transaction_keeps_nothing_on_sqlite(
    tmp_path: Path,
) -> None:
    """pysqlite began no transaction before a SAVEPOINT, so RELEASE committed it: a reminder
    marked as sent stayed marked although its e-mail failed and the transaction rolled back."""
    db = open_database(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    migrate.upgrade(db)
    with pytest.raises(RuntimeError), db.transaction() as session:
        with session.begin_nested():
            session.add(StoredProfile(label="x", created_at=utcnow(), latest_version=0))
        raise RuntimeError("the rest of the transaction failed")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(StoredProfile)) == 0
    db.dispose()
