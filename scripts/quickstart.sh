#!/usr/bin/env bash
# Quick start, step 1: set everything up, check the bundled example profile, then serve the web
# pages with an example organisation on the embedded SQLite database, printing its owner's
# one-time sign-in link. Ctrl+C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/casepath check src/casepath/examples/dana-reyes.yaml --on 2026-03-01
PORT=${PORT:-8000}
.venv/bin/casepath org create "Example Hospital" --owner owner@example.org --if-missing \
  --base-url "http://127.0.0.1:$PORT"
exec .venv/bin/casepath serve --port "$PORT"
