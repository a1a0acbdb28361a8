"""Alembic's entry point: migrations run on the engine casepath hands over (see migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from casepath.store.models import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through casepath (casepath db upgrade), not alembic")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
