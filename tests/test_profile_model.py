"""The model refuses conversions that would hide a mistake in the profile."""

from __future__ import annotations

import pytest

from casepath.profile.loading import ProfileError, parse_profile


@pytest.mark.parametrize(
    ("job", "expected"),
    [
        (
            {"start": "2024-01-01", "hours_per_week": True},
            "jobs[0].hours_per_week: expected a number, got true",
        ),
        (
            {"start": "2024-01-01", "documented_hours": float("inf")},
            "jobs[0].documented_hours: expected a number",
        ),
    ],
)
def test_silent_conversions_are_refused(job: dict[str, object], expected: str) -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile({"jobs": [job]})
    assert str(error.value).startswith(expected)


def test_booleans_and_dates_still_load_where_they_belong() -> None:
    profile = parse_profile({"jobs": [{"start": "2024-01-01", "paid": True, "hours_per_week": 40}]})
    assert profile.jobs[0].paid is True
    assert profile.jobs[0].hours_per_week == 40


def test_a_number_where_a_date_belongs_is_refused_with_its_line() -> None:
    from casepath.profile.loading import load_profile_text

    with pytest.raises(ProfileError) as error:
        load_profile_text("jobs:\n  - title: x\n    start: 0\n    hours_per_week: 40\n")
    assert str(error.value) == "jobs[0].start: expected a date YYYY-MM-DD, got 0 (line 3)"


@pytest.mark.parametrize("day", ["0005-01-01", "1899-12-31", "2200-01-01"])
def test_a_date_outside_a_plausible_career_is_refused(day: str) -> None:
    profile = {"certifications": [{"name": "CCM", "status": "active", "valid_through": day}]}
    with pytest.raises(ProfileError) as error:
        parse_profile(profile)
    assert str(error.value).startswith(
        "certifications[0].valid_through: expected a date between 1900-01-01 and 2199-12-31"
    )


def test_dates_at_the_edges_of_the_range_load() -> None:
    profile = parse_profile(
        {"jobs": [{"start": "1900-01-01", "end": "2199-12-31", "hours_per_week": 40}]}
    )
    assert profile.jobs[0].end is not None
