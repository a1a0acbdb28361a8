import sys
from pathlib import Path

import pytest

# Test helpers (scenario_check) live beside the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _private_database(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the user's own casepath database: each gets a SQLite file of its own
    (created only if the test uses it)."""
    folder = tmp_path_factory.mktemp("db")
    monkeypatch.setenv("CASEPATH_DATABASE_URL", f"sqlite:///{folder / 'casepath.sqlite3'}")
