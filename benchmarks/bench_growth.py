"""Benchmark: the time of one full check as a profile's jobs and CE records grow.

A full check judges every credential (projection over ten years, every open question the
profile makes relevant) and the renewal of every certification held (CE ledger and judge),
with the explained trace. Two series on one synthetic person (an RN with a BSN who holds the
CRC and the CDMS, so that two renewal ledgers are built):

- jobs: N back-to-back case-management jobs over the last years (short jobs, full- and
  part-time, several settings and roles), with 10 CE records;
- CE records: N records spread over the last five years (several topics and approvers),
  with 3 jobs.

Each figure is the median of a few runs of `check(profile, on)`, wall time and CPU time of the
process (the CPU time is steadier on a shared machine); the profile is validated once.

Usage: python benchmarks/bench_growth.py [--sizes 1,10,100,1000,10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

from casepath.profile.model import Profile
from casepath.renewal.ledger import forget_ledgers
from casepath.service import check

ON = date(2026, 3, 1)
SETTINGS = ["hospital", "health_plan_payer", "home_health", "health_system_clinic"]
ROLES = ["direct_cm", "direct_cm", "supervisor_of_cm", "non_cm"]
TOPICS = [
    "case_management",
    "nursing_case_management",
    "ethics",
    "general_healthcare",
    "disability_management",
    "ACLS_clinical",
]
APPROVERS = ["ANCC", "CCMC", "CCMC_preapproved", "CDMS_preapproved", "ACMA", "other"]


def jobs(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """`count` back-to-back jobs ending on the evaluation date (the last one ongoing)."""
    length = max(1, min(400, 9000 // max(count, 1)))  # 10,000 one-day jobs: 27 years
    out: list[dict[str, Any]] = []
    end = ON
    for index in range(count):
        start = end - timedelta(days=length - 1)
        out.append(
            {
                "title": f"Case manager {index}",
                "setting": rng.choice(SETTINGS),
                "start": start.isoformat(),
                "end": None if index == 0 else end.isoformat(),
                "hours_per_week": rng.choice([40, 40, 32, 20]),
                "role": rng.choice(ROLES),
                "supervised_by_ccm": rng.random() < 0.5,
                "supervisor_ccm_since": (start - timedelta(days=30)).isoformat(),
                "cdms_domains_attested": rng.randint(0, 4),
            }
        )
        end = start - timedelta(days=1)
    return out


def ce_records(count: int, rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "hours": rng.choice([1, 2, 6, 8]),
            "topic": rng.choice(TOPICS),
            "date": (ON - timedelta(days=rng.randint(0, 5 * 365))).isoformat(),
            "approver": rng.choice(APPROVERS),
        }
        for _ in range(count)
    ]


def profile(job_count: int, record_count: int) -> Profile:
    rng = random.Random(job_count * 100_003 + record_count)
    return Profile.model_validate(
        {
            "degrees": [
                {
                    "level": "bachelor",
                    "field": "nursing",
                    "accredited": True,
                    "conferred": "2008-05-15",
                    "supervised_field_experience": "health",
                }
            ],
            "licenses": [
                {
                    "type": "RN",
                    "state": "MN",
                    "status": "active",
                    "issued": "2008-07-01",
                    "expires": "2027-06-30",
                }
            ],
            "certifications": [
                {"name": "CRC", "status": "active", "valid_through": "2026-12-31"},
                {"name": "CDMS", "status": "active", "valid_through": "2026-09-30"},
            ],
            "jobs": jobs(job_count, rng),
            "ce_records": ce_records(record_count, rng),
        }
    )


def seconds_per_check(subject: Profile, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of the process (robust on a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        forget_ledgers()  # every run from cold, as a new request would be
        started, started_cpu = time.perf_counter(), time.process_time()
        check(subject, ON)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    check(profile(1, 1), ON)  # load the rulebooks once, as a server would
    print(f"one full check (with trace and renewals): median of {args.runs} runs, wall / CPU ms")
    print(f"{'N':>7} | {'N jobs, 10 CE records':>21} | {'3 jobs, N CE records':>21}")
    print(f"{'-' * 7}-+-{'-' * 21}-+-{'-' * 21}")
    for size in sizes:
        jobs_wall, jobs_cpu = seconds_per_check(profile(size, 10), args.runs)
        ce_wall, ce_cpu = seconds_per_check(profile(3, size), args.runs)
        print(
            f"{size:>7,} | {jobs_wall * 1000:>9,.1f} / {jobs_cpu * 1000:>9,.1f} | "
            f"{ce_wall * 1000:>9,.1f} / {ce_cpu * 1000:>9,.1f}"
        )


if __name__ == "__main__":
    main()
