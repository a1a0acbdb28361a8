#!/usr/bin/env bash
# Quick start, step 2: every check the project has: lint, types, rulebooks, all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/casepath rulebooks validate
.venv/bin/pytest -q "$@"
