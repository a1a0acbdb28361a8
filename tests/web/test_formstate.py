"""The guided form's state <-> profile data, and validation mapped onto the form's fields."""

from __future__ import annotations

from datetime import date

import pytest

from casepath.profile.loading import load_profile_text, parse_profile
from casepath.profile.model import Profile
from casepath.web import formspec
from casepath.web.formcheck import check_state, error_ids
from casepath.web.formstate import (
    FormState,
    Row,
    blank_row,
    from_pairs,
    from_profile,
    row_is_blank,
    to_profile_data,
)


def pairs_of(state: FormState) -> list[tuple[str, str]]:
    """What a browser would submit for a form rendered from `state`."""
    out: list[tuple[str, str]] = [("on", state.on)]
    for name, value in state.scalars.items():
        spec = formspec.SCALARS[name]
        if spec.kind == "check" and not value:
            continue
        out.append((f"p-{name}", value))
    for section, rows in state.rows.items():
        spec = formspec.SECTIONS[section]
        for row in rows:
            for f in spec.fields:
                value = row.values.get(f.name, f.default)
                if f.kind == "check" and not value:
                    continue  # an unchecked box is not submitted
                out.append((f"{section}-{row.key}-{f.name}", value))
    return out


def test_every_profile_field_has_a_form_field() -> None:
    """A field added to the model must be added to the form too (or it would be lost)."""
    # `answers` are given to the questions a result asks, not typed into the form.
    fields = set(Profile.model_fields) - {"answers"}
    assert fields - set(formspec.SECTIONS) == set(formspec.SCALARS)
    for section, spec in formspec.SECTIONS.items():
        model = Profile.model_fields[section].annotation.__args__[0]  # type: ignore[union-attr]
        fields = {f.name for f in spec.fields} - formspec.FORM_ONLY.get(section, set())
        assert fields == set(model.model_fields), section


def test_every_step_names_known_sections() -> None:
    used = [s for step in formspec.STEPS for s in step.sections]
    assert sorted(used) == sorted(formspec.SECTIONS)


def test_round_trip_of_the_worked_example(s16_yaml: bytes) -> None:
    profile = load_profile_text(s16_yaml)
    state = from_profile(profile, "2026-03-01")
    again = from_pairs(pairs_of(state))
    assert again.on == "2026-03-01"
    data, _ = to_profile_data(again)
    assert parse_profile(data) == profile


def test_round_trip_of_every_kind_of_record() -> None:
    profile = parse_profile(
        {
            "name": "Dana Reyes",
            "note": "test",
            "self_employed": True,
            "still_practicing_case_management": False,
            "degrees": [
                {
                    "level": "master",
                    "field": "social_work",
                    "cswe_accredited": True,
                    "conferred": "2010-05-01",
                    "supervised_field_experience": "behavioral_health",
                }
            ],
            "licenses": [
                {
                    "type": "LCSW",
                    "status": "active",
                    "restricted": True,
                    "restriction_note": "probation",
                    "expires": "2027-01-31",
                }
            ],
            "certifications": [{"name": "CCM", "status": "active", "valid_through": "2026-05-31"}],
            "exams_passed": [{"name": "ASWB_masters", "date": "2011-01-01"}],
            "jobs": [
                {
                    "title": "CM",
                    "start": "2012-01-01",
                    "hours_per_week": 32.5,
                    "paid": False,
                    "supervised": True,
                    "cdms_domains_attested": 2,
                }
            ],
            "ce_records": [{"hours": 1.5, "topic": "ethics", "date": "2025-01-01"}],
            "other_professional_development": [
                {"category": "presentation", "date": "2024-01-01", "amount": 2}
            ],
            "purchasing_companies": [{"name": "Acme", "billable_hours_per_month": 60}],
            "disclosures": [
                {"type": "criminal_conviction", "level": "felony", "year": 2012, "documented": True}
            ],
        }
    )
    data, _ = to_profile_data(from_pairs(pairs_of(from_profile(profile))))
    assert parse_profile(data) == profile


def test_blank_rows_are_ignored() -> None:
    state = FormState(rows={"jobs": [blank_row("jobs")]})
    assert row_is_blank("jobs", state.rows["jobs"][0])
    data, rows = to_profile_data(state)
    assert data == {}
    assert rows.keys == {}


def test_rows_keep_document_order_and_survive_gaps() -> None:
    pairs = [
        ("jobs-zz-title", "Second"),
        ("jobs-zz-start", "2021-01-01"),
        ("jobs-aa-title", "Third"),
        ("jobs-aa-start", "2022-01-01"),
        ("unknown-field", "ignored"),
        ("jobs-BAD!-title", "ignored"),
        ("jobs-aa-nonsense", "ignored"),
    ]
    data, rows = to_profile_data(from_pairs(pairs))
    assert [j["title"] for j in data["jobs"]] == ["Second", "Third"]
    assert rows.key_for("jobs", 1) == "aa"
    assert rows.key_for("jobs", 2) is None


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("number", "40", 40),
        ("number", "32.5", 32.5),
        ("number", "forty", "forty"),
        ("number", "nan", "nan"),
        ("tri", "yes", True),
        ("tri", "no", False),
        ("tri", "", None),
        ("check", "true", True),
        ("yesno", "no", False),
    ],
)
def test_values_are_converted_or_kept_as_typed(kind: str, raw: str, expected: object) -> None:
    from casepath.web.formstate import convert

    present, value = convert(formspec.FieldSpec("x", "X", kind), raw)  # type: ignore[arg-type]
    assert value == expected
    assert present == (expected is not None)


def test_problems_land_on_their_fields() -> None:
    state = from_pairs(
        [
            ("on", "2026-02-30"),
            ("p-name", "Dana"),
            ("jobs-a1-title", "Fine"),
            ("jobs-a1-start", "2020-01-01"),
            ("jobs-b2-title", "Broken"),
            ("jobs-b2-start", "2021-01-01"),
            ("jobs-b2-hours_per_week", "400"),
            ("jobs-c3-title", "Backwards"),
            ("jobs-c3-start", "2022-01-01"),
            ("jobs-c3-end", "2021-01-01"),
        ]
    )
    checked = check_state(state)
    assert checked.profile is None
    errors = checked.errors.by_id
    assert "168" in errors["e-jobs-b2-hours_per_week"]
    assert "before start" in errors["e-jobs-c3"]
    assert "e-on" in errors
    texts = [item.text for item in checked.errors.summary]
    assert any(t.startswith("Job 2, Hours per week:") for t in texts)
    assert any(t.startswith("Job 3:") for t in texts)
    targets = {item.target for item in checked.errors.summary}
    assert {"f-jobs-b2-hours_per_week", "f-jobs-c3-title", "f-on"} <= targets
    ids = error_ids(state)
    assert set(errors) <= set(ids)


def test_a_good_form_gives_a_profile_and_a_date() -> None:
    state = from_pairs(
        [("on", "2026-03-01"), ("jobs-a-start", "2020-01-01"), ("jobs-a-role", "non_cm")]
    )
    checked = check_state(state)
    assert checked.profile is not None and not checked.errors
    assert checked.on == date(2026, 3, 1)


def test_row_of_unknown_value_is_kept() -> None:
    row = Row("r0", {"level": "phd", "conferred": "2015-01-01"})
    data, _ = to_profile_data(FormState(rows={"degrees": [row]}))
    assert data["degrees"][0]["level"] == "phd"
    checked = check_state(FormState(rows={"degrees": [row]}))
    assert "doctorate" in checked.errors.by_id["e-degrees-r0-level"]
