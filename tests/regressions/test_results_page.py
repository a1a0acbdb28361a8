"""Regression tests of what the results page says (one test per defect).

Each test failed before its fix; the docstring says what went wrong.
"""

from __future__ import annotations

from pathlib import Path

from casepath.web.presenters import renewal
from scenario_check import SCENARIOS, load_scenario


def test_a_closed_renewal_is_not_called_at_risk() -> None:
    """A CCM renewal past its late window said "Renewal at risk — something is still missing"
    although it can no longer be made (profile-format.md: not_eligible, way back an event)."""
    scenario = load_scenario(Path(SCENARIOS) / "renewal" / "ccm-r9-day-31-too-late.yaml")
    report = scenario.run()
    view = renewal(report.renewals[0], scenario.evaluation_date)
    assert view.status.words == "Renewal no longer possible"
    assert view.status.code == "not_eligible"
