#!/usr/bin/env bash
# Quick start, step 2: every check the project has: lint, types, rulebooks, all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/casepath rulebooks validate
# The store tests run on SQLite and PostgreSQL: start a throwaway PostgreSQL server for them
# unless CASEPATH_TEST_POSTGRES_URL names one already.
if [ -z "${CASEPATH_TEST_POSTGRES_URL:-}" ]; then
  pgdir=$(mktemp -d)
  if url=$(bash scripts/postgres.sh start "$pgdir"); then
    export CASEPATH_TEST_POSTGRES_URL=$url
    trap 'bash scripts/postgres.sh stop "$pgdir"' EXIT
  else
    rm -rf "$pgdir"
  fi
fi
.venv/bin/pytest -q "$@"
