"""Migrations: from an empty database to the newest schema and back down, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from casepath.store import Database, DatabaseBehind, migrate
from casepath.store.models import Base


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _revisions_oldest_first() -> list[str]:
    scripts = migrate._scripts()
    return [r.revision for r in reversed(list(scripts.walk_revisions()))]


def test_upgrade_from_empty_to_head_and_back_down(empty_database: Database) -> None:
    assert migrate.state(empty_database).empty
    migrate.upgrade(empty_database)
    assert migrate.state(empty_database).up_to_date
    assert _tables(empty_database) == set(Base.metadata.tables)
    migrate.downgrade(empty_database, "base")
    assert migrate.state(empty_database).current is None
    assert _tables(empty_database) == set()
    migrate.upgrade(empty_database)  # and up again: downgrades leave nothing in the way
    assert migrate.state(empty_database).up_to_date


def test_every_migration_goes_up_and_down_one_step_at_a_time(empty_database: Database) -> None:
    revisions = _revisions_oldest_first()
    for revision in revisions:
        migrate.upgrade(empty_database, revision)
        assert migrate.state(empty_database).current == revision
    for previous in [*reversed(revisions[:-1]), None]:
        migrate.downgrade(empty_database, "-1")
        assert migrate.state(empty_database).current == previous


def test_the_models_and_the_migrations_describe_the_same_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_an_empty_database_is_created_when_asked(empty_database: Database) -> None:
    found = migrate.require_current(empty_database, create_if_empty=True)
    assert found.up_to_date


def test_an_empty_database_is_refused_when_creating_is_not_allowed(
    empty_database: Database,
) -> None:
    with pytest.raises(DatabaseBehind, match="run: casepath db upgrade"):
        migrate.require_current(empty_database, create_if_empty=False)


def test_a_database_behind_is_refused_with_the_command_to_run(database: Database) -> None:
    revisions = _revisions_oldest_first()
    migrate.downgrade(database, revisions[-2] if len(revisions) > 1 else "base")
    with pytest.raises(DatabaseBehind, match="run: casepath db upgrade") as caught:
        migrate.require_current(database, create_if_empty=True)
    assert migrate.head_revision() in str(caught.value)
    assert migrate.state(database).current != migrate.head_revision()  # not migrated silently


def test_a_database_from_a_newer_casepath_is_refused(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    with pytest.raises(DatabaseBehind, match="newer casepath"):
        migrate.require_current(database, create_if_empty=True)
