"""Versioned profiles: every save a new version, old ones kept, validated both ways."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from casepath import service
from casepath.profile.loading import load_profile
from casepath.profile.model import Profile
from casepath.store import Database, profiles
from casepath.store.models import ProfileVersion

EXAMPLE = Path(__file__).resolve().parents[2] / "src/casepath/examples/dana-reyes.yaml"


@pytest.fixture
def dana() -> Profile:
    return load_profile(EXAMPLE)


def test_every_save_is_a_new_version_and_the_old_ones_are_kept(
    database: Database, dana: Profile
) -> None:
    renamed = dana.model_copy(update={"name": "Dana R. Reyes"})
    with database.transaction() as session:
        first = profiles.create(session, "Dana", dana)
    with database.transaction() as session:
        second = profiles.save(session, first.profile_id, renamed)
    assert (first.version, second.version) == (1, 2)
    with database.reading() as session:
        assert profiles.latest(session, first.profile_id).profile == renamed
        assert profiles.version(session, first.profile_id, 1).profile == dana
        assert [n for n, _ in profiles.history(session, first.profile_id)] == [1, 2]
        [summary] = profiles.summaries(session)
    assert (summary.label, summary.versions) == ("Dana", 2)


def test_a_stored_profile_is_judged_like_the_file(database: Database, dana: Profile) -> None:
    with database.transaction() as session:
        saved = profiles.create(session, "Dana", dana)
    with database.reading() as session:
        stored = profiles.check(session, saved.profile_id, on=date(2026, 3, 1))
    assert stored == service.check(dana, on=date(2026, 3, 1))


def test_saving_to_an_unknown_profile_is_refused(database: Database, dana: Profile) -> None:
    with pytest.raises(profiles.ProfileNotFound), database.transaction() as session:
        profiles.save(session, "no-such-profile", dana)
    with database.reading() as session, pytest.raises(profiles.ProfileNotFound):
        profiles.latest(session, "no-such-profile")


def test_a_failed_transaction_keeps_nothing(database: Database, dana: Profile) -> None:
    with database.transaction() as session:
        saved = profiles.create(session, "Dana", dana)
    with pytest.raises(RuntimeError), database.transaction() as session:
        profiles.save(session, saved.profile_id, dana.model_copy(update={"name": "Lost"}))
        raise RuntimeError("something failed before the commit")
    with database.reading() as session:
        assert profiles.latest(session, saved.profile_id).version == 1
        assert profiles.latest(session, saved.profile_id).profile.name == "Dana Reyes"


def test_a_document_changed_behind_casepaths_back_is_rejected_when_read(
    database: Database, dana: Profile
) -> None:
    with database.transaction() as session:
        saved = profiles.create(session, "Dana", dana)
        session.execute(
            update(ProfileVersion)
            .where(ProfileVersion.profile_id == saved.profile_id)
            .values(document={"jobs": [{"start": "2020-01-01", "hours_per_week": "forty"}]})
        )
    with (
        database.reading() as session,
        pytest.raises(
            ValueError, match=r"version 1 is not a valid profile: jobs\[0\]\.hours_per_week"
        ),
    ):
        profiles.latest(session, saved.profile_id)


@pytest.mark.parametrize("label", ["", "   ", "x" * 201])
def test_a_bad_label_is_refused_with_a_message(
    database: Database, dana: Profile, label: str
) -> None:
    with pytest.raises(ValueError, match="label: expected"), database.transaction() as session:
        profiles.create(session, label, dana)


def test_concurrent_saves_get_consecutive_versions(database: Database, dana: Profile) -> None:
    with database.transaction() as session:
        saved = profiles.create(session, "Dana", dana)
    errors: list[BaseException] = []

    def save_some(worker: int) -> None:
        try:
            for n in range(5):
                changed = dana.model_copy(update={"name": f"worker {worker} save {n}"})
                with database.transaction() as session:
                    profiles.save(session, saved.profile_id, changed)
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=save_some, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.reading() as session:
        assert [n for n, _ in profiles.history(session, saved.profile_id)] == list(range(1, 22))
