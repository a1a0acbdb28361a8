"""Write a seeded synthetic roster: the long tables of spec/roster-format.md for N people.

Usage: python benchmarks/make_roster.py N FOLDER [--format parquet|csv] [--seed S] [--on DATE]
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from casepath.roster.synthetic import synthetic_roster, write_roster


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("people", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 3, 1))
    args = parser.parse_args()
    started = time.perf_counter()
    tables = synthetic_roster(args.people, args.on, seed=args.seed)
    write_roster(tables, args.folder, args.format)
    rows = {name: table.num_rows for name, table in tables.items()}
    print(f"{args.people} people written to {args.folder} in {time.perf_counter() - started:.1f} s")
    print(", ".join(f"{name}: {count}" for name, count in rows.items()))


if __name__ == "__main__":
    main()
