#!/usr/bin/env bash
# Refresh requirements.lock: exact versions with hashes of casepath's dependencies, its
# development tools and its build backend, for CPython 3.11 on x86-64 Linux. Run after changing
# the dependencies in pyproject.toml; scripts/setup.sh and .ci/run install from the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/uv ]; then .venv/bin/python -m pip install --quiet "uv>=0.5"; fi
.venv/bin/uv pip compile pyproject.toml scripts/build-requirements.in --extra dev \
  --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
  --no-header --upgrade -o requirements.lock
