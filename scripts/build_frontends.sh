#!/usr/bin/env bash
# Install (npm ci) and build the two SPAs only when needed. Safe to run on every `make run`.
#   - npm ci when node_modules is missing or package-lock.json changed since the last install
#   - rebuild a panel when its sources, shared/, build.mjs, the lock file or a system manifest
#     (apps/*/system.json names each system's interface bundles) are newer than its
#     dist/index.html (FORCE=1 rebuilds everything)
set -euo pipefail
cd "$(dirname "$0")/../static_frontends"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "build_frontends: node and npm are required (apt-get install nodejs npm)" >&2
  exit 1
fi

lock_hash="$(sha1sum package-lock.json | cut -c1-16)"
stamp="node_modules/.installed-${lock_hash}"
if [ ! -f "$stamp" ]; then
  echo "build_frontends: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  rm -f node_modules/.installed-*
  touch "$stamp"
fi

stale=()
for panel in section31 student; do
  shell="$panel/dist/index.html"
  if [ "${FORCE:-0}" = "1" ] || [ ! -f "$shell" ]; then
    stale+=("$panel")
    continue
  fi
  newer="$(find "$panel/src" shared build.mjs package-lock.json ../apps -type f -newer "$shell" \
    \( -path '../apps/*/system.json' -o -not -path '../apps/*' \) -not -path '*/tests/*' -print -quit)"
  if [ -n "$newer" ]; then
    stale+=("$panel")
  fi
done

if [ "${#stale[@]}" -eq 0 ]; then
  echo "build_frontends: bundles are up to date"
  exit 0
fi
node build.mjs "${stale[@]}"
