#!/usr/bin/env bash
# Quick start, step 1: set everything up, then check the bundled example profile.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/casepath check src/casepath/examples/dana-reyes.yaml --on 2026-03-01
