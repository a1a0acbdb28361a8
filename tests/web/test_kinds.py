"""Kinds of case manager (rules.md GUIDE-7): the form's vocabulary and the settings proposed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casepath.web.formcheck import check_state
from casepath.web.formstate import from_pairs, to_profile_data
from casepath.web.kinds import KIND_IN_PROFILE, KIND_LABELS, KIND_SETTINGS, ask_which

CATALOGUE = Path(__file__).parents[2] / "src" / "casepath" / "catalogue" / "rules.md"
FORMAT = Path(__file__).resolve().parents[3] / "shared" / "spec" / "profile-format.md"


def guide_7() -> str:
    line = next(x for x in CATALOGUE.read_text().splitlines() if x.startswith("| GUIDE-7 |"))
    return line


def test_every_setting_the_catalogue_names_is_proposed() -> None:
    named = set(re.findall(r"`([a-z_]+)`", guide_7())) - {"setting", "kind"}
    proposed = {s.value for settings in KIND_SETTINGS.values() for s in settings}
    assert named == proposed


@pytest.mark.skipif(not FORMAT.exists(), reason="the shared profile format is not next to the repo")
def test_kinds_are_the_profile_formats_vocabulary() -> None:
    text = FORMAT.read_text()
    start = text.index("kind: hospital")
    block = text[start : text.index("role:", start)]
    words = re.findall(r"[a-z_]+", block.split("(rules.md GUIDE-7):", 1)[1].split(";")[0])
    assert words == list(KIND_SETTINGS) == list(KIND_LABELS)


def pairs(**job: str) -> list[tuple[str, str]]:
    return [("jobs-a-start", "2020-01-01"), ("jobs-a-role", "direct_cm")] + [
        (f"jobs-a-{k}", v) for k, v in job.items()
    ]


def test_a_kind_with_one_setting_proposes_it() -> None:
    data, _ = to_profile_data(from_pairs(pairs(kind="workers_comp")))
    assert data["jobs"][0]["setting"] == "workers_comp_vocational"
    assert ("kind" in data["jobs"][0]) is KIND_IN_PROFILE


def test_the_setting_chosen_wins_over_the_proposal() -> None:
    data, _ = to_profile_data(from_pairs(pairs(kind="hospital", setting="health_plan_payer")))
    assert data["jobs"][0]["setting"] == "health_plan_payer"


def test_a_kind_that_spans_settings_asks_which() -> None:
    assert ask_which("geriatric")
    checked = check_state(from_pairs(pairs(kind="geriatric")))
    assert checked.profile is None
    [message] = checked.errors.by_id.values()
    assert message.startswith("a geriatric case manager works in one of several settings")
    assert "Skilled nursing / long-term care" in message
    answered = check_state(from_pairs(pairs(kind="geriatric", setting="snf_ltc")))
    assert answered.profile is not None and answered.profile.jobs[0].setting.value == "snf_ltc"
