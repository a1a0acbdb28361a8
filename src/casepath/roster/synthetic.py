"""Seeded synthetic rosters: realistic long tables for N people, generated with numpy so that a
million people take seconds. Used by the tests (conformance of the batch and columnar paths) and
by benchmarks/make_roster.py. The same seed always gives the same roster.

People are nurses, social workers and counselors with a degree, a licence (some expired,
restricted or about to expire), one to four jobs in a row (full- or part-time, several settings
and roles, some documented hours, some supervised by a CCM), sometimes a concurrent part-time job,
CE records, and sometimes a certification held or an exam passed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

SETTINGS = np.array(
    [
        "hospital",
        "health_plan_payer",
        "home_health",
        "workers_comp_vocational",
        "independent_cm_firm",
        "health_system_clinic",
        "self_employed",
        "community_mental_health",
        "county_social_services",
        "disability_insurer_tpa",
        "snf_ltc",
        "other",
    ]
)
ROLES = np.array(["direct_cm", "direct_cm", "direct_cm", "non_cm", "supervisor_of_cm"])
TOPICS = np.array(
    [
        "nursing_case_management",
        "case_management",
        "ethics",
        "general_healthcare",
        "ACLS_clinical",
        "social_work_case_management",
        "disability_management",
        "case_management_leadership",
        "other",
    ]
)
APPROVERS = np.array(["ANCC", "CCMC", "NASW", "ACMA", "ASWB_ACE", "other"])
UNITS = np.array(["Inpatient CM", "Utilization Review", "Population Health", "Behavioral Health"])


def _pick(rng: np.random.Generator, choices: np.ndarray, n: int) -> np.ndarray:
    return choices[rng.integers(0, len(choices), n)]


def _days(on: date, offsets: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Dates `offsets` days from `on`; null where `mask` is true."""
    base = np.datetime64(on.isoformat(), "D")
    return pa.array(base + offsets.astype("timedelta64[D]"), pa.date32(), mask=mask)


def _ids(n: int) -> np.ndarray:
    return np.char.add("E", np.char.zfill(np.arange(1, n + 1).astype(str), 7))


def synthetic_roster(people: int, on: date, seed: int = 2026) -> dict[str, pa.Table]:
    """The tables of a roster of `people` people, realistic as of `on`."""
    rng = np.random.default_rng(seed)
    n = people
    ids = _ids(n)
    kind = rng.choice(3, n, p=[0.6, 0.3, 0.1])  # nurse, social worker, counselor
    career = rng.integers(200, 6500, n)  # days since the first job started

    staff = pa.table(
        {
            "employee_id": ids,
            "name": np.char.add("Person ", np.arange(1, n + 1).astype(str)),
            "unit": _pick(rng, UNITS, n),
            "fte": rng.choice([1.0, 1.0, 0.9, 0.8, 0.5], n),
            "status": rng.choice(["active", "active", "active", "active", "leave"], n),
            "self_employed": rng.random(n) < 0.03,
        }
    )

    degree_level = np.where(
        kind == 0,
        rng.choice(["associate", "bachelor", "bachelor", "master"], n),
        rng.choice(["bachelor", "master", "master", "doctorate"], n),
    )
    degree_field = np.choose(
        kind,
        [
            np.full(n, "nursing"),
            np.full(n, "social_work"),
            rng.choice(["counseling", "rehabilitation_counseling", "psychology", "other"], n),
        ],
    )
    degrees = pa.table(
        {
            "employee_id": ids,
            "level": degree_level,
            "field": degree_field,
            "accredited": rng.random(n) < 0.97,
            "cswe_accredited": (kind == 1) & (rng.random(n) < 0.9),
            "conferred": _days(on, -career - rng.integers(30, 400, n)),
            "supervised_field_experience": rng.choice(
                ["health", "behavioral_health", "case_management", "none"], n
            ),
        }
    )

    lic_type = np.choose(
        kind,
        [
            rng.choice(["RN", "RN", "RN", "LPN"], n),
            rng.choice(["LMSW", "LCSW", "LSW", "LICSW"], n),
            rng.choice(["LPC", "LPC", "other"], n),
        ],
    )
    has_licence = rng.random(n) < 0.95
    lic_status = rng.choice(["active"] * 17 + ["expired", "lapsed", "inactive"], n)
    licenses = pa.table(
        {
            "employee_id": ids,
            "type": lic_type,
            "state": rng.choice(["MN", "WI", "IA", "ND"], n),
            "status": lic_status,
            "restricted": rng.random(n) < 0.03,
            "issued": _days(on, -career - 30),
            "expires": _days(on, rng.integers(-200, 900, n)),
        }
    ).filter(pa.array(has_licence))

    jobs = _jobs(rng, ids, career, on)

    ce_count = rng.integers(0, 9, n)
    ce_ids = np.repeat(ids, ce_count)
    m = len(ce_ids)
    ce = pa.table(
        {
            "employee_id": ce_ids,
            "hours": rng.choice([1.0, 2.0, 3.5, 6.0, 8.0, 15.0, 20.0], m),
            "topic": _pick(rng, TOPICS, m),
            "date": _days(on, -rng.integers(0, 2000, m)),
            "approver": _pick(rng, APPROVERS, m),
        }
    )

    holds = rng.random(n) < 0.15
    cert_ids = ids[holds]
    k = len(cert_ids)
    cert_name = np.where(
        kind[holds] == 0,
        rng.choice(["CCM", "CMGT-BC", "ACM-RN"], k),
        rng.choice(["CCM", "C-SWCM", "C-ASWCM", "CDMS", "CRC"], k),
    )
    valid_through = rng.integers(-120, 1500, k)
    certifications = pa.table(
        {
            "employee_id": cert_ids,
            "name": cert_name,
            "status": rng.choice(["active"] * 9 + ["expired"], k),
            "cycle_start": _days(on, valid_through - 5 * 365 + 1),
            "valid_through": _days(on, valid_through),
        }
    )

    passed = (kind == 1) & (rng.random(n) < 0.5)
    exam_ids = ids[passed]
    exams = pa.table(
        {
            "employee_id": exam_ids,
            "name": rng.choice(["ASWB_bachelors", "ASWB_masters", "ASWB_clinical"], len(exam_ids)),
            "date": _days(on, -rng.integers(100, 3000, len(exam_ids))),
        }
    )
    return {
        "staff": staff,
        "licenses": licenses,
        "certifications": certifications,
        "degrees": degrees,
        "jobs": jobs,
        "ce": ce,
        "exams": exams,
    }


def _jobs(rng: np.random.Generator, ids: np.ndarray, career: np.ndarray, on: date) -> pa.Table:
    """One to four jobs in a row per person, and for some a concurrent part-time job."""
    n = len(ids)
    count = rng.integers(1, 5, n)
    person = np.repeat(np.arange(n), count)
    m = len(person)
    length = rng.integers(120, 2200, m)
    gap = rng.integers(1, 90, m)
    step = length + gap
    # start of each job: the person's first start, plus the steps of the jobs before it
    first = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(count, out=first[1:])
    before = np.cumsum(step) - step
    before -= np.repeat(before[first[:-1]], count)
    start = -career[person] + before
    end = start + length
    keep = start < 0
    last = np.zeros(m, dtype=bool)
    last[first[1:] - 1] = True
    ongoing = (end >= 0) | (last & (rng.random(m) < 0.6))
    person, start, end, ongoing = person[keep], start[keep], end[keep], ongoing[keep]
    # a concurrent part-time job for some people, inside their career
    extra = np.flatnonzero(rng.random(n) < 0.12)
    e_start = -rng.integers(30, 1 + np.maximum(career[extra], 31))
    e_len = rng.integers(60, 1500, len(extra))
    e_end = e_start + e_len
    e_ongoing = e_end >= 0
    person = np.concatenate([person, extra])
    start = np.concatenate([start, e_start])
    end = np.concatenate([end, e_end])
    ongoing = np.concatenate([ongoing, e_ongoing])
    hours = np.concatenate(
        [
            rng.choice([40.0, 40.0, 40.0, 36.0, 32.0, 24.0, 20.0], len(person) - len(extra)),
            rng.choice([8.0, 12.0, 16.0, 20.0], len(extra)),
        ]
    )
    m = len(person)
    order = np.lexsort((start, person))
    person, start, end, ongoing, hours = (
        person[order],
        start[order],
        end[order],
        ongoing[order],
        hours[order],
    )
    documented = rng.random(m) < 0.1
    ccm = rng.random(m) < 0.35
    return pa.table(
        {
            "employee_id": ids[person],
            "title": np.full(m, "Case manager"),
            "setting": _pick(rng, SETTINGS, m),
            "start": _days(on, start),
            "end": _days(on, np.minimum(end, -1), mask=ongoing),
            "hours_per_week": pa.array(hours, mask=documented),
            "documented_hours": pa.array(
                np.round(hours * np.maximum(np.minimum(end, 0) - start, 1) / 7 * 5 / 5),
                mask=~documented,
            ),
            "role": _pick(rng, ROLES, m),
            "paid": rng.random(m) < 0.97,
            "supervised_by_ccm": ccm,
            "supervisor_ccm_since": _days(on, start + rng.integers(-900, 600, m), mask=~ccm),
            "cdms_domains_attested": rng.integers(0, 5, m),
        }
    )


def write_roster(tables: dict[str, pa.Table], folder: Path, fmt: str = "parquet") -> None:
    """The tables as `<table>.parquet` or `<table>.csv` files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        if fmt == "parquet":
            pq.write_table(table, folder / f"{name}.parquet")
        else:
            pacsv.write_csv(table, folder / f"{name}.csv")
