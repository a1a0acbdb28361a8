"""Profile loading: every spec example loads, every kind of bad input gets a one-line error that
names the field, the value and what was expected, and dumping round-trips."""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casepath.profile.loading import (
    MAX_ISSUES,
    MAX_PROFILE_BYTES,
    ProfileError,
    ProfileIssue,
    dump_profile_json,
    dump_profile_yaml,
    load_profile,
    load_profile_text,
    parse_profile,
)
from casepath.profile.model import (
    FIRST_PLAUSIBLE_DATE,
    LAST_PLAUSIBLE_DATE,
    CERecord,
    Certification,
    CertificationName,
    CertificationStatus,
    Degree,
    DegreeLevel,
    Disclosure,
    ExamPassed,
    FieldExperience,
    Job,
    License,
    LicenseStatus,
    LicenseType,
    PDCategory,
    ProfessionalDevelopment,
    Profile,
    PurchasingCompany,
    Role,
    Setting,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = sorted((SHARED / "spec" / "examples").glob("*.yaml"))


def one_line(text: str) -> bool:
    return len(text.splitlines()) == 1


def error_of(content: bytes | str) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        load_profile_text(content)
    error = caught.value
    assert one_line(str(error)), str(error)
    assert all(one_line(str(issue)) for issue in error.issues)
    return error


# --------------------------------------------------------------------------------------------
# The spec's examples


@pytest.mark.parametrize(
    "example",
    EXAMPLES or [pytest.param(None, marks=pytest.mark.skip(reason=f"no examples in {SHARED}"))],
    ids=lambda path: path.stem if isinstance(path, Path) else "none",
)
def test_every_spec_example_profile_loads(example: Path) -> None:
    scenario = yaml.safe_load(example.read_text(encoding="utf-8"))
    profile = parse_profile(scenario["profile"])
    # The same profile, as a file of its own, loads to the same record.
    as_file = yaml.safe_dump(scenario["profile"], sort_keys=False)
    assert load_profile_text(as_file, source=example.name) == profile
    assert load_profile_text(dump_profile_yaml(profile)) == profile
    assert load_profile_text(dump_profile_json(profile)) == profile


def test_the_spec_sample_profile_loads() -> None:
    spec = SHARED / "spec" / "profile-format.md"
    if not spec.exists():
        pytest.skip(f"no {spec}")
    text = spec.read_text(encoding="utf-8")
    sample = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    profile = load_profile_text(sample)
    assert profile.name == "Dana Reyes"
    assert profile.jobs[0].hours_per_week == 20
    assert profile.jobs[0].end is None
    assert [d.type for d in profile.disclosures] == ["criminal_conviction", "late_renewal_reason"]


# --------------------------------------------------------------------------------------------
# Bad values: the issue names the path, the value and what was expected


@dataclass(frozen=True)
class Bad:
    content: str
    path: str
    words: tuple[str, ...]
    line: int | None = None


JOB = "jobs:\n  - start: 2024-01-01\n"

BAD_VALUES: dict[str, Bad] = {
    "wrong type": Bad(
        "jobs:\n  - start: 2020-01-01\n  - start: 2020-01-01\n    hours_per_week: forty\n",
        "jobs[1].hours_per_week",
        ('expected a number, got "forty"',),
        line=4,
    ),
    "impossible date": Bad(
        "jobs:\n  - start: 2024-13-01\n",
        "jobs[0].start",
        ('expected a date YYYY-MM-DD, got "2024-13-01"',),
        line=2,
    ),
    "day out of range": Bad(
        "degrees:\n  - level: master\n    conferred: 2023-02-30\n",
        "degrees[0].conferred",
        ("expected a date YYYY-MM-DD", '"2023-02-30"'),
    ),
    "date with a time": Bad(
        "jobs:\n  - start: 2024-01-01 10:30:00\n",
        "jobs[0].start",
        ("expected a date YYYY-MM-DD without a time", "2024-01-01 10:30:00"),
    ),
    "end before start": Bad(
        "jobs:\n  - start: 2019-01-01\n  - start: 2021-01-01\n    end: 2020-01-01\n",
        "jobs[1]",
        ("end (2020-01-01) is before start (2021-01-01)", "or null for an ongoing job"),
        line=3,
    ),
    "licence expires before issued": Bad(
        "licenses:\n  - {type: RN, status: active, issued: 2020-01-01, expires: 2019-01-01}\n",
        "licenses[0]",
        ("expires (2019-01-01) is before issued (2020-01-01)",),
    ),
    "negative hours": Bad(
        JOB + "    hours_per_week: -5\n",
        "jobs[0].hours_per_week",
        ("expected a number >= 0, got -5",),
    ),
    "too many hours": Bad(
        JOB + "    hours_per_week: 200\n",
        "jobs[0].hours_per_week",
        ("expected a number <= 168, got 200",),
    ),
    "zero CE hours": Bad(
        "ce_records:\n  - {hours: 0, topic: ethics, date: 2024-01-01}\n",
        "ce_records[0].hours",
        ("expected a number > 0, got 0",),
    ),
    "fraction for a count": Bad(
        JOB + "    cdms_domains_attested: 2.5\n",
        "jobs[0].cdms_domains_attested",
        ("expected a whole number, got 2.5",),
    ),
    "count out of range": Bad(
        JOB + "    cdms_domains_attested: 9\n",
        "jobs[0].cdms_domains_attested",
        ("expected a whole number <= 4, got 9",),
    ),
    "unknown degree level": Bad(
        "degrees:\n  - level: phd\n    conferred: 2020-05-01\n",
        "degrees[0].level",
        ('expected one of associate, bachelor, master, doctorate, got "phd"',),
        line=2,
    ),
    "unknown setting": Bad(
        JOB + "    setting: spaceship\n",
        "jobs[0].setting",
        ("expected one of hospital, health_system_clinic", "other", '"spaceship"'),
    ),
    "misspelt setting": Bad(
        JOB + "    setting: Hosptial\n",
        "jobs[0].setting",
        ('got "Hosptial"', 'did you mean "hospital"?'),
    ),
    "unknown key with a suggestion": Bad(
        JOB + "    hours_per_wek: 40\n",
        "jobs[0].hours_per_wek",
        ('unknown key; did you mean "hours_per_week"?',),
        line=3,
    ),
    "nested unknown key in degrees": Bad(
        "degrees:\n  - level: bachelor\n    conferred: 2015-05-16\n    feild: nursing\n",
        "degrees[0].feild",
        ('unknown key; did you mean "field"?',),
        line=4,
    ),
    "unknown key with nothing close": Bad(
        "licenses:\n  - {type: RN, status: active, zzz: 1}\n",
        "licenses[0].zzz",
        ("unknown key; the known keys are type, state, status", "expires, note"),
    ),
    "top-level unknown key": Bad(
        "job:\n  - start: 2024-01-01\n",
        "job",
        ('unknown key; did you mean "jobs"?',),
        line=1,
    ),
    "missing required field": Bad(
        "degrees:\n  - level: master\n    field: social_work\n",
        "degrees[0].conferred",
        ("required field missing",),
        line=2,
    ),
    "list given as a mapping": Bad(
        "degrees:\n  level: bachelor\n  conferred: 2015-05-16\n",
        "degrees",
        ("expected a list, got a mapping",),
        line=1,
    ),
    "record given as text": Bad(
        "degrees: [bachelor]\n",
        "degrees[0]",
        ("expected a mapping of fields (required: level, conferred)", 'got "bachelor"'),
    ),
    "empty list item": Bad(
        "jobs:\n  -\n",
        "jobs[0]",
        ("expected a mapping of fields (required: start), got null",),
    ),
    "not a boolean": Bad(
        "self_employed: maybe\n",
        "self_employed",
        ('expected true or false, got "maybe"',),
    ),
    "YAML boolean where text is expected": Bad(
        "licenses:\n  - {type: RN, status: active, state: NO}\n",
        "licenses[0].state",
        ("expected text, got false", "put the value in quotes"),
    ),
    "number where text is expected": Bad(
        "name: 2020\n",
        "name",
        ("expected text, got 2020", "quotes"),
    ),
    "year out of range": Bad(
        "disclosures:\n  - {type: criminal_conviction, year: 1812}\n",
        "disclosures[0].year",
        ("expected a whole number >= 1900, got 1812",),
    ),
}


@pytest.mark.parametrize("case", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_bad_value_names_path_value_and_expectation(case: Bad) -> None:
    error = error_of(case.content)
    assert len(error.issues) == 1, error.issues
    issue = error.issues[0]
    assert issue.path == case.path
    for words in case.words:
        assert words in issue.message
    if case.line is not None:
        assert issue.line == case.line
    assert str(error) == str(issue)
    assert str(error).startswith(f"{case.path}: ")


def test_exact_messages_for_already_parsed_data() -> None:
    """`parse_profile` (web forms, API bodies) gives the messages without line numbers."""
    cases: list[tuple[dict[str, Any], str]] = [
        (
            {"jobs": [{"start": "2020-01-01"}, {"start": "2020-01-01", "hours_per_week": "forty"}]},
            'jobs[1].hours_per_week: expected a number, got "forty"',
        ),
        (
            {"degrees": [{"level": "phd", "conferred": "2020-01-01"}]},
            'degrees[0].level: expected one of associate, bachelor, master, doctorate, got "phd"',
        ),
        (
            {"jobs": [{"start": "2024-13-01"}]},
            'jobs[0].start: expected a date YYYY-MM-DD, got "2024-13-01"',
        ),
        (
            {"jobs": [{"start": "2024-01-01", "hours_per_week": -5}]},
            "jobs[0].hours_per_week: expected a number >= 0, got -5",
        ),
        (
            {"jobs": [{"start": "2024-01-01", "hours_per_wek": 40}]},
            'jobs[0].hours_per_wek: unknown key; did you mean "hours_per_week"?',
        ),
        (
            {"degrees": [{"level": "master"}]},
            "degrees[0].conferred: required field missing",
        ),
        ({"degrees": {"level": "master"}}, "degrees: expected a list, got a mapping"),
    ]
    for data, expected in cases:
        with pytest.raises(ProfileError) as caught:
            parse_profile(data)
        assert str(caught.value) == expected
        assert caught.value.issues[0].line is None


def test_every_problem_is_reported_and_the_summary_counts_them() -> None:
    content = (
        "name: Dana\n"
        "jobs:\n"
        "  - start: 2024-13-01\n"
        "    hours_per_week: forty\n"
        "degrees:\n"
        "  - level: phd\n"
    )
    error = error_of(content)
    # In the order of the file, whatever the order of the model.
    assert [issue.path for issue in error.issues] == [
        "jobs[0].start",
        "jobs[0].hours_per_week",
        "degrees[0].level",
        "degrees[0].conferred",
    ]
    assert [issue.line for issue in error.issues] == [3, 4, 6, 6]
    assert str(error) == (
        'jobs[0].start: expected a date YYYY-MM-DD, got "2024-13-01" (line 3) (and 3 more problems)'
    )
    assert error.total == 4


def test_one_more_problem_is_singular() -> None:
    error = error_of("jobs:\n  - start: 2024-13-01\n    hours_per_week: forty\n")
    assert str(error).endswith("(and 1 more problem)")


def test_a_flood_of_problems_is_summarised_not_listed() -> None:
    error = error_of("ce_records:\n" + "  - 1\n" * 5000)
    assert len(error.issues) == MAX_ISSUES
    assert error.total == 5000
    assert str(error).endswith("(and 4999 more problems)")


def test_values_with_line_breaks_stay_on_one_line() -> None:
    error = error_of('name: Dana\njobs:\n  - start: "2024\\n01\\u2028\\u008501"\n')
    assert error.issues[0].path == "jobs[0].start"
    assert "\\n" in error.issues[0].message
    weird_key = error_of('"hours\\nper week": 40\n')
    assert weird_key.issues[0].path == '["hours\\nper week"]'


def test_key_that_is_not_text() -> None:
    error = error_of("true: 1\n")
    assert error.issues[0].path == ""
    assert error.issues[0].message.startswith("unknown key true; the known keys are name,")


def test_values_are_shown_briefly() -> None:
    error = error_of(JOB + f"    title: [{'x, ' * 1000}x]\n    setting: {'y' * 500}\n")
    messages = [issue.message for issue in error.issues]
    assert messages[0] == "expected text, got a list"
    assert len(messages[1].split("got ")[1]) < 70 and messages[1].endswith('…"')


# --------------------------------------------------------------------------------------------
# Bad files: the whole file is the problem (path "")


def whole_file_message(content: bytes | str) -> str:
    error = error_of(content)
    assert len(error.issues) == 1
    assert error.issues[0].path == ""
    assert str(error) == error.issues[0].message
    return error.issues[0].message


def test_empty_file() -> None:
    assert whole_file_message("") == "the file is empty; expected a YAML or JSON profile"
    assert whole_file_message(b"") == "the file is empty; expected a YAML or JSON profile"


def test_whitespace_only_file() -> None:
    message = whole_file_message(" \n\t\n  \r\n")
    assert message == "the file is empty; expected a YAML or JSON profile"


def test_comments_only_file() -> None:
    message = whole_file_message("# my profile\n# TODO\n")
    assert message == "the file holds no profile data; expected a YAML or JSON profile"


def test_not_yaml() -> None:
    message = whole_file_message("jobs: [unclosed")
    assert message.startswith("not valid YAML: ")
    assert "at line 2, column 1" in message
    assert "flow sequence started at line 1, column 7" in message


def test_not_yaml_mapping_value_in_plain_text() -> None:
    message = whole_file_message("name: Dana: Reyes\n")
    assert message.startswith("not valid YAML: mapping values are not allowed")
    assert "line 1, column 11" in message


def test_tab_indentation_gets_a_hint() -> None:
    message = whole_file_message("jobs:\n\t- start: 2024-01-01\n")
    assert message.startswith("not valid YAML: ")
    assert "line 2, column 1" in message
    assert "tabs" in message


def test_top_level_list() -> None:
    message = whole_file_message("- name: Dana\n- name: Sam\n")
    assert message == "expected a mapping of profile fields at the top level, got a list"
    assert whole_file_message("[1, 2]") == message


def test_top_level_scalar() -> None:
    message = whole_file_message("Dana Reyes, RN since 2015")
    assert message == (
        'expected a mapping of profile fields at the top level, got "Dana Reyes, RN since 2015"'
    )
    with pytest.raises(ProfileError) as caught:
        parse_profile(None)
    assert str(caught.value).endswith("got null")


def test_ten_megabyte_file() -> None:
    content = b"name: Dana\n" + b"#" * (10 * 1024 * 1024 - 11)
    message = whole_file_message(content)
    assert message == "file too large: 10.0 MiB; a profile must be at most 2 MiB"
    text_message = whole_file_message(content.decode())
    assert text_message == message


def test_just_over_the_limit_shows_bytes() -> None:
    message = whole_file_message(b"#" * (MAX_PROFILE_BYTES + 1))
    assert message == "file too large: 2,097,153 bytes; a profile must be at most 2 MiB"
    # At the limit it is read.
    assert load_profile_text(b"name: Dana\n" + b"#" * (MAX_PROFILE_BYTES - 11)).name == "Dana"


@pytest.mark.parametrize(
    "content",
    [
        b"name: Dana\x00\x00\x00\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)),
        b"\xff\xd8\xff\xe0\x10JFIF\x01\x02",
    ],
    ids=["nul-bytes", "png", "all-bytes", "jpeg"],
)
def test_binary_file(content: bytes) -> None:
    message = whole_file_message(content)
    assert message == "not a text file (binary content); expected a YAML or JSON profile"


def test_binary_text_argument() -> None:
    message = whole_file_message("name: Dana\x00")
    assert message == "not a text file (binary content); expected a YAML or JSON profile"


def test_text_that_is_not_utf8() -> None:
    message = whole_file_message("name: Dana\nsupervisor: José\n".encode("cp1252"))
    assert (
        message
        == "not UTF-8 text: byte 0xE9 at line 2 cannot be decoded; save the profile as UTF-8"
    )


def test_utf8_and_utf16_with_byte_order_marks() -> None:
    assert load_profile_text("\ufeffname: José\n".encode()).name == "José"
    assert load_profile_text("name: José\n".encode("utf-16")).name == "José"
    assert load_profile_text('\ufeff{"name": "José"}').name == "José"


def test_control_character_in_yaml() -> None:
    message = whole_file_message("name: Dana\x01\n")
    assert message.startswith("not valid YAML: character U+0001 is not allowed")
    assert "line 1, column 11" in message


def test_malformed_json() -> None:
    message = whole_file_message('{\n  "name": "Dana",\n  "jobs": [\n}\n')
    assert message == "not valid JSON: expecting value at line 4, column 1"
    message = whole_file_message('{"name": "Dana" "jobs": []}')
    assert message == "not valid JSON: expecting ',' delimiter at line 1, column 17"


def test_json_problems_have_the_same_paths() -> None:
    error = error_of('{"jobs": [{"start": "2024-01-01", "hours_per_week": "forty"}]}')
    assert str(error) == 'jobs[0].hours_per_week: expected a number, got "forty"'


def test_yaml_flow_mapping_is_not_mistaken_for_json() -> None:
    profile = load_profile_text("{name: Dana, jobs: [{start: 2024-01-01}]}")
    assert profile.name == "Dana"
    assert profile.jobs[0].start == date(2024, 1, 1)


def test_duplicate_key_at_top_level() -> None:
    message = whole_file_message("name: Dana\njobs: []\nself_employed: false\njobs: []\n")
    assert message == 'duplicate key "jobs" at line 4 (first given at line 2)'


def test_duplicate_key_in_a_record() -> None:
    error = error_of(
        "jobs:\n  - start: 2020-01-01\n    hours_per_week: 40\n    start: 2021-01-01\n"
    )
    assert error.issues[0].path == "jobs[0]"
    assert error.issues[0].message == 'duplicate key "start" at line 4 (first given at line 2)'


def test_duplicate_key_in_json() -> None:
    message = whole_file_message('{"name": "Dana",\n "name": "Sam"}')
    assert message == 'duplicate key "name" at line 2 (first given at line 1)'


def test_yaml_merge_keys_are_not_duplicates() -> None:
    content = (
        "jobs:\n"
        "  - &base {start: 2020-01-01, setting: hospital, hours_per_week: 40}\n"
        "  - <<: *base\n"
        "    hours_per_week: 20\n"
    )
    profile = load_profile_text(content)
    assert profile.jobs[1].hours_per_week == 20
    assert profile.jobs[1].setting == Setting.hospital


def test_code_execution_tags_are_refused() -> None:
    message = whole_file_message("name: !!python/object/apply:os.system ['echo hi']\n")
    assert message.startswith("not valid YAML: could not determine a constructor")


def test_deep_nesting_does_not_crash() -> None:
    # casepath's behaviour, not the parser's wording: one line saying the file is not valid,
    # where it went wrong, and no crash (libyaml's own depth limit may answer first).
    message = whole_file_message("name: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert message.startswith("not valid YAML: ")
    assert "\n" not in message and "line 1" in message
    message = whole_file_message("[" * 200_000 + "]" * 200_000)
    assert message.startswith("not valid JSON: ")
    assert "\n" not in message


def test_nesting_deeper_than_a_profile_needs_is_refused_by_casepath() -> None:
    # Block-style nesting that every YAML parser accepts stops at casepath's own limit.
    text = "".join("  " * level + "a:\n" for level in range(60)) + "  " * 60 + "b: 1\n"
    message = whole_file_message(text)
    assert message.startswith("not valid YAML: nested too deeply")


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("jobs: *a7")
    message = whole_file_message("\n".join(lines))
    assert message.startswith("the profile is too large once its YAML aliases")
    assert whole_file_message("x: &x [*x]\njobs: *x\n").startswith("the profile is too large")


def test_huge_integer_is_a_value_problem_not_a_crash() -> None:
    error = error_of("disclosures:\n  - type: x\n    year: " + "9" * 5000 + "\n")
    assert error.issues[0].path == "disclosures[0].year"
    error = error_of('{"disclosures": [{"type": "x", "year": ' + "9" * 5000 + "}]}")
    assert error.issues[0].path == "disclosures[0].year"


def test_wrong_content_type_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        load_profile_text(123)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Accepted shorthands


def test_null_list_is_empty() -> None:
    profile = load_profile_text("name: Dana\njobs:\ndegrees: ~\n")
    assert profile.jobs == [] and profile.degrees == []
    assert parse_profile({"ce_records": None}).ce_records == []


def test_null_for_ongoing_job() -> None:
    assert load_profile_text(JOB + "    end: null\n").jobs[0].end is None


def test_empty_json_object_is_an_empty_profile() -> None:
    assert load_profile_text("{}") == Profile()


# --------------------------------------------------------------------------------------------
# Files


def test_load_profile_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "dana.yaml"
    path.write_text("name: Dana\njobs:\n  - start: 2024-03-02\n", encoding="utf-8")
    assert load_profile(path).jobs[0].start == date(2024, 3, 2)
    assert load_profile(str(path)).name == "Dana"


def test_load_profile_errors_carry_the_source(tmp_path: Path) -> None:
    path = tmp_path / "dana.yaml"
    path.write_text("name: Dana\njobs:\n  - start: tomorrow\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.source == str(path)
    assert str(caught.value) == 'jobs[0].start: expected a date YYYY-MM-DD, got "tomorrow" (line 3)'


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value) == f"cannot read {path}: no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(tmp_path)
    assert str(caught.value) == f"cannot read {tmp_path}: it is a directory, not a profile file"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("name: Dana\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value) == f"cannot read {path}: permission denied"


def test_large_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)  # sparse: cheap to make
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value) == "file too large: 10.0 MiB; a profile must be at most 2 MiB"


def test_binary_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value) == "not a text file (binary content); expected a YAML or JSON profile"


# --------------------------------------------------------------------------------------------
# The error types


def test_issue_str() -> None:
    assert str(ProfileIssue("jobs[0].start", "required field missing")) == (
        "jobs[0].start: required field missing"
    )
    assert str(ProfileIssue("", "the file is empty")) == "the file is empty"
    assert str(ProfileIssue("name", "bad", line=3)) == "name: bad (line 3)"
    assert str(ProfileIssue("name", "two\nlines")) == "name: two lines"


def test_error_is_a_value_error_and_pickles() -> None:
    error = error_of("jobs:\n  - start: 2024-13-01\n    hours_per_week: forty\n")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.issues == error.issues and str(copy) == str(error) and copy.source == "<input>"


# --------------------------------------------------------------------------------------------
# Dumping


def test_dump_leaves_out_nulls_and_defaults_in_model_order() -> None:
    profile = Profile(
        name="Dana",
        jobs=[Job(start=date(2024, 3, 2), hours_per_week=20, role=Role.direct_cm, note="hi")],
    )
    text = dump_profile_yaml(profile)
    assert text == (
        "name: Dana\n"
        "jobs:\n"
        "- start: 2024-03-02\n"
        "  hours_per_week: 20.0\n"
        "  role: direct_cm\n"
        "  note: hi\n"
    )
    assert load_profile_text(text) == profile
    data = yaml.safe_load(dump_profile_json(profile))
    assert data == {
        "name": "Dana",
        "jobs": [
            {"start": "2024-03-02", "hours_per_week": 20.0, "role": "direct_cm", "note": "hi"}
        ],
    }


def test_dump_of_an_empty_profile() -> None:
    assert load_profile_text(dump_profile_yaml(Profile())) == Profile()
    assert load_profile_text(dump_profile_json(Profile())) == Profile()


def test_dump_keeps_text_that_looks_like_other_types() -> None:
    profile = Profile(
        name="2024-01-01",
        licenses=[License(type=LicenseType.RN, status=LicenseStatus.active, state="NO")],
        jobs=[Job(start=date(2020, 1, 1), title="null", supervisor="yes")],
        exams_passed=[ExamPassed(name="123", date=date(2020, 1, 1))],
    )
    assert load_profile_text(dump_profile_yaml(profile)) == profile
    assert load_profile_text(dump_profile_json(profile)) == profile


# Hypothesis: any valid profile round-trips through both formats.

text = st.text(max_size=30)
optional_text = st.none() | text
dates = st.dates(min_value=FIRST_PLAUSIBLE_DATE, max_value=LAST_PLAUSIBLE_DATE)
optional_dates = st.none() | dates
optional_bools = st.none() | st.booleans()


def hours(low: float, high: float, *, exclude_low: bool = False) -> st.SearchStrategy[float]:
    numbers = st.floats(low, high, exclude_min=exclude_low, allow_nan=False)
    return numbers | st.integers(int(low) + exclude_low, int(high)).map(float)


@st.composite
def date_pairs(draw: st.DrawFn) -> tuple[date, date | None]:
    start = draw(dates)
    end = draw(st.none() | st.dates(min_value=start, max_value=LAST_PLAUSIBLE_DATE))
    return start, end


@st.composite
def jobs(draw: st.DrawFn) -> Job:
    start, end = draw(date_pairs())
    return Job(
        title=draw(text),
        setting=draw(st.sampled_from(Setting)),
        start=start,
        end=end,
        hours_per_week=draw(st.none() | hours(0, 168)),
        documented_hours=draw(st.none() | hours(0, 100_000)),
        role=draw(st.sampled_from(Role)),
        paid=draw(st.booleans()),
        supervised=draw(optional_bools),
        supervised_by_ccm=draw(st.booleans()),
        supervisor_ccm_since=draw(optional_dates),
        supervisor=draw(optional_text),
        cdms_domains_attested=draw(st.integers(0, 4)),
        note=draw(optional_text),
    )


@st.composite
def licenses(draw: st.DrawFn) -> License:
    issued, expires = draw(date_pairs())
    return License(
        type=draw(st.sampled_from(LicenseType)),
        state=draw(optional_text),
        status=draw(st.sampled_from(LicenseStatus)),
        restricted=draw(st.booleans()),
        restriction_note=draw(optional_text),
        issued=draw(st.none() | st.just(issued)),
        expires=expires,
        note=draw(optional_text),
    )


@st.composite
def certifications(draw: st.DrawFn) -> Certification:
    start, through = draw(date_pairs())
    return Certification(
        name=draw(st.sampled_from(CertificationName)),
        status=draw(st.sampled_from(CertificationStatus)),
        cycle_start=draw(st.none() | st.just(start)),
        valid_through=through,
        note=draw(optional_text),
    )


degrees = st.builds(
    Degree,
    level=st.sampled_from(DegreeLevel),
    field=text,
    accredited=optional_bools,
    cswe_accredited=optional_bools,
    core_accredited=optional_bools,
    conferred=dates,
    supervised_field_experience=st.none() | st.sampled_from(FieldExperience),
    note=optional_text,
)
exams = st.builds(ExamPassed, name=text, date=dates, note=optional_text)
ce_records = st.builds(
    CERecord,
    hours=hours(0, 1000, exclude_low=True),
    topic=text,
    date=dates,
    approver=text,
    note=optional_text,
)
development = st.builds(
    ProfessionalDevelopment,
    category=st.sampled_from(PDCategory),
    date=dates,
    amount=hours(0, 10_000),
    note=optional_text,
)


@st.composite
def companies(draw: st.DrawFn) -> PurchasingCompany:
    start, end = draw(date_pairs())
    return PurchasingCompany(
        name=draw(text),
        start=draw(st.none() | st.just(start)),
        end=end,
        billable_hours_per_month=draw(st.none() | hours(0, 744)),
        note=draw(optional_text),
    )


disclosures = st.builds(
    Disclosure,
    type=text,
    level=optional_text,
    year=st.none() | st.integers(1900, 2199),
    documented=optional_bools,
    note=optional_text,
)
profiles = st.builds(
    Profile,
    name=optional_text,
    degrees=st.lists(degrees, max_size=2),
    licenses=st.lists(licenses(), max_size=2),
    certifications=st.lists(certifications(), max_size=2),
    exams_passed=st.lists(exams, max_size=2),
    jobs=st.lists(jobs(), max_size=3),
    ce_records=st.lists(ce_records, max_size=2),
    other_professional_development=st.lists(development, max_size=2),
    self_employed=st.booleans(),
    purchasing_companies=st.lists(companies(), max_size=2),
    disclosures=st.lists(disclosures, max_size=2),
    still_practicing_case_management=optional_bools,
    note=optional_text,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_dump_round_trips(profile: Profile) -> None:
    as_yaml = dump_profile_yaml(profile)
    as_json = dump_profile_json(profile)
    assert load_profile_text(as_yaml) == profile
    assert load_profile_text(as_json) == profile
    assert load_profile_text(as_yaml.encode()) == profile
    # Stable: dumping what was read gives the same text.
    assert dump_profile_yaml(load_profile_text(as_yaml)) == as_yaml


# --------------------------------------------------------------------------------------------
# Nothing but ProfileError escapes, whatever the input


def loads_or_profile_error(content: bytes | str) -> None:
    try:
        load_profile_text(content)
    except ProfileError as error:
        assert one_line(str(error)), str(error)
        assert all(one_line(str(issue)) for issue in error.issues)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_arbitrary_content_never_escapes_as_another_exception(content: bytes | str) -> None:
    loads_or_profile_error(content)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2024-13-01", "2024-02-29", "phd", "hospital", "forty", "-5"])
    | st.dates().map(str)
)
keys = st.sampled_from(
    ["name", "jobs", "degrees", "start", "end", "level", "conferred", "hours_per_week", "note"]
) | st.text(max_size=8)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_arbitrary_documents_never_escape_as_another_exception(document: object) -> None:
    loads_or_profile_error(yaml.safe_dump(document, allow_unicode=True))
    loads_or_profile_error(json_text(document))
    try:
        parse_profile(document)
    except ProfileError as error:
        assert one_line(str(error))


def json_text(document: object) -> str:
    return json.dumps(document, default=str)


def test_unexpected_failure_inside_validation_becomes_a_profile_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(*args: object, **kwargs: object) -> Profile:
        raise RuntimeError("validator bug\nwith a second line")

    monkeypatch.setattr(Profile, "model_validate", explode)
    with pytest.raises(ProfileError) as caught:
        load_profile_text("name: Dana\n")
    assert caught.value.issues[0].message == (
        "could not read the profile: validator bug with a second line"
    )
