"""A process killed in the middle of a save leaves the previous version intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL

from casepath.profile.loading import load_profile
from casepath.store import Database, profiles

EXAMPLE = Path(__file__).resolve().parents[2] / "src/casepath/examples/dana-reyes.yaml"

# Writes version 2 (its row and the bumped counter reach the database inside the open
# transaction), says so, then waits to be killed before it can commit.
SAVER = textwrap.dedent(
    """
    import sys, time
    from casepath.profile.loading import load_profile
    from casepath.store import open_database, profiles

    db = open_database(sys.argv[1])
    changed = load_profile(sys.argv[3]).model_copy(update={"name": "Half-saved"})
    with db.transaction() as session:
        saved = profiles.save(session, sys.argv[2], changed)
        session.flush()
        print("written", saved.version, flush=True)
        time.sleep(120)
    """
)


def test_a_save_killed_before_its_commit_leaves_the_previous_version(
    database: Database, database_url: URL
) -> None:
    dana = load_profile(EXAMPLE)
    with database.transaction() as session:
        first = profiles.create(session, "Dana", dana)
    database.dispose()  # the child must be the only writer, as after a restart

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SAVER,
            database_url.render_as_string(hide_password=False),
            first.profile_id,
            str(EXAMPLE),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().split() == ["written", "2"]
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with database.reading() as session:
        after = profiles.latest(session, first.profile_id)
        assert (after.version, after.profile) == (1, dana)
        assert [n for n, _ in profiles.history(session, first.profile_id)] == [1]
        if database.url.drivername == "sqlite":
            assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    with database.transaction() as session:  # the next save goes on from version 1
        assert profiles.save(session, first.profile_id, dana).version == 2
