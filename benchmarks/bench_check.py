"""Benchmark: full eligibility checks per second, and the wall time of one CLI check.

A full check judges every credential of the catalogue with projection (earliest dates over a
ten-year horizon) and every open question that the profile makes relevant, and builds the
explained trace. Profiles are synthetic but realistic: 1-4 jobs (full- and part-time, several
settings and roles), a licence, a degree, CE records.

Usage: python benchmarks/bench_check.py [--profiles N] [--seconds S]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

from casepath.profile.model import Profile
from casepath.service import check

SETTINGS = [
    "hospital",
    "health_plan_payer",
    "home_health",
    "workers_comp_vocational",
    "independent_cm_firm",
    "health_system_clinic",
    "self_employed",
]
ROLES = ["direct_cm", "direct_cm", "non_cm", "supervisor_of_cm"]
TOPICS = [
    "nursing_case_management",
    "case_management",
    "ethics",
    "general_healthcare",
    "ACLS_clinical",
    "social_work_case_management",
]


def synthetic_profile(rng: random.Random, on: date) -> dict[str, object]:
    nurse = rng.random() < 0.7
    start = on - timedelta(days=rng.randint(400, 6000))
    jobs = []
    cursor = start
    for _ in range(rng.randint(1, 4)):
        end = cursor + timedelta(days=rng.randint(200, 2000))
        ongoing = end >= on
        jobs.append(
            {
                "title": "Case manager",
                "setting": rng.choice(SETTINGS),
                "start": cursor.isoformat(),
                "end": None if ongoing else end.isoformat(),
                "hours_per_week": rng.choice([40, 40, 36, 32, 20]),
                "role": rng.choice(ROLES),
                "paid": True,  # stated: a job left without it is an open question (CONV-11)
                "supervised_by_ccm": rng.random() < 0.4,
                "supervisor_ccm_since": (
                    cursor + timedelta(days=rng.randint(-500, 500))
                ).isoformat(),
                "cdms_domains_attested": rng.randint(0, 4),
            }
        )
        if ongoing:
            break
        cursor = end + timedelta(days=rng.randint(1, 60))
    return {
        "degrees": [
            {
                "level": rng.choice(["associate", "bachelor", "master"]),
                "field": "nursing" if nurse else "social_work",
                "accredited": True,
                "cswe_accredited": True,
                "conferred": (start - timedelta(days=100)).isoformat(),
                "supervised_field_experience": "health",
            }
        ],
        "licenses": [
            {
                "type": "RN" if nurse else rng.choice(["LMSW", "LCSW", "LSW"]),
                "state": "MN",
                "status": "active",
                "issued": (start - timedelta(days=30)).isoformat(),
                "expires": (on + timedelta(days=rng.randint(-100, 900))).isoformat(),
            }
        ],
        "jobs": jobs,
        "ce_records": [
            {
                "hours": rng.choice([2, 6, 8, 15]),
                "topic": rng.choice(TOPICS),
                "date": (on - timedelta(days=rng.randint(0, 1500))).isoformat(),
                "approver": "ANCC",
            }
            for _ in range(rng.randint(0, 6))
        ],
    }


def bench_checks(count: int, seconds: float, *, explain: bool = True) -> tuple[float, float]:
    rng = random.Random(2026)
    on = date(2026, 3, 1)
    profiles = [Profile.model_validate(synthetic_profile(rng, on)) for _ in range(count)]
    check(profiles[0], on)  # load the rulebooks once, as a server would
    rates = []
    for _ in range(3):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds / 3:
            check(profiles[done % count], on, explain=explain)
            done += 1
        rates.append(done / (time.perf_counter() - started))
    return statistics.median(rates), max(rates)


def bench_cli(runs: int = 5) -> float:
    example = Path(__file__).resolve().parents[1] / "src/casepath/examples/dana-reyes.yaml"
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "profile.yaml"
        target.write_text(example.read_text())
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "casepath",
                    "check",
                    str(target),
                    "--on",
                    "2026-03-01",
                    "--format",
                    "json",
                ],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    for explain in (True, False):
        median, best = bench_checks(args.profiles, args.seconds, explain=explain)
        label = "with the explained trace" if explain else "without the trace (explain=False)"
        print(
            f"full checks per second, {label} (1 core, {args.profiles} profiles): "
            f"median {median:,.0f}, best {best:,.0f}  ({1000 / median:.2f} ms per check)"
        )
    print(f"one `casepath check` process (wall, median of 5): {bench_cli():.2f} s")


if __name__ == "__main__":
    yaml.safe_load("{}")  # PyYAML imported up front, as the CLI does
    main()
