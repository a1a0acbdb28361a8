#!/usr/bin/env bash
# Set up everything casepath needs, from nothing: a virtualenv with the package and its
# development tools, Debian's chromium for the browser tests, and axe-core for the
# accessibility test. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Exact versions with hashes (requirements.lock, refreshed by scripts/lock.sh), then casepath
# itself from this checkout with the locked build backend.
.venv/bin/python -m pip install -qq --require-hashes -r requirements.lock
.venv/bin/python -m pip install -qq --no-deps --no-build-isolation -e .

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: /usr/bin/chromium is missing and cannot be installed here; browser tests will be skipped" >&2
  fi
fi

# The store's tests run on PostgreSQL too (scripts/test.sh starts a throwaway server).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "note: PostgreSQL is missing and cannot be installed here; its store tests will be skipped" >&2
  fi
fi

# Web set-up of the web app's tests (axe-core from the npm registry), when present.
if [ -f .ci/web-setup.sh ]; then
  bash .ci/web-setup.sh
fi
echo "casepath is set up: .venv/bin/casepath --help"
