"""Every scenario of the repository through the pages and the real service: the results page
(cards, renewals, roadmap) and the form filled from the profile render for each of them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from casepath import service
from casepath.profile.loading import parse_profile
from casepath.web.app import create_app
from casepath.web.roadmap import roadmap_svg

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((REPO / "scenarios").glob("*/*.yaml"))


@pytest.fixture(scope="module")
def real_client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=True) as client:
        yield client


def scenario(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.skipif(not SCENARIOS, reason="no scenarios/ in this checkout")
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_results_page_and_form_render(real_client: TestClient, path: Path) -> None:
    data = scenario(path)
    on = str(data["evaluation_date"])
    content = yaml.safe_dump(data["profile"]).encode()
    response = real_client.post(
        "/results/upload", files={"file": (path.name, content)}, data={"on": on}
    )
    assert response.status_code == 200, response.text[:500]
    html = response.text
    assert f'<time datetime="{on}">{on}</time>' in html
    assert html.count("data-credential=") == 6
    held = [c for c in data["profile"].get("certifications") or [] if c.get("status")]
    if held:
        assert "Renewal of certifications you hold" in html
    # the roadmap alone is well-formed XML
    profile = parse_profile(data["profile"])
    report = service.check(profile, date.fromisoformat(on))
    ET.fromstring(roadmap_svg(profile, report, report.evaluated_on))
