"""The store: casepath's relational database (SQLAlchemy 2, Alembic migrations).

Interfaces use it to keep things across visits (versioned profiles today); the engine never
touches it: the store hands validated `Profile` objects to `service.check`.
"""

from casepath.store.config import DATABASE_URL_ENV, database_url
from casepath.store.database import Database, open_database
from casepath.store.migrate import DatabaseBehind, MigrationState

__all__ = [
    "DATABASE_URL_ENV",
    "Database",
    "DatabaseBehind",
    "MigrationState",
    "database_url",
    "open_database",
]
