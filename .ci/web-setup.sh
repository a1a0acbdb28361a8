#!/usr/bin/env bash
# Web test prerequisites, idempotent: Debian's chromium (driven by Playwright's Python package;
# `playwright install` cannot download browsers here) and axe-core from the npm registry (for
# the accessibility test only; installed into tests/web/.cache, which git ignores).
# Run from the repository root. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_VERSION="${AXE_VERSION:-4.10.3}"
AXE_PREFIX="tests/web/.cache"

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
fi

installed=""
if [ -f "$AXE_PREFIX/node_modules/axe-core/package.json" ]; then
  installed="$(node -p "require('./$AXE_PREFIX/node_modules/axe-core/package.json').version" 2>/dev/null || true)"
fi
if [ "$installed" != "$AXE_VERSION" ]; then
  mkdir -p "$AXE_PREFIX"
  npm install --prefix "$AXE_PREFIX" --no-save --no-audit --no-fund "axe-core@$AXE_VERSION"
fi

echo "chromium $(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo 'not installed')"
echo "axe-core $(node -p "require('./$AXE_PREFIX/node_modules/axe-core/package.json').version")"
