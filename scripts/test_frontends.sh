#!/usr/bin/env bash
# JS unit tests of the frontends with node's test runner: the shared code (API client, forms,
# answer queue, interface loading) and the admin panel's stateful modules (session and
# permissions, list state, editor form state, route loading of the systems' interfaces).
set -euo pipefail
cd "$(dirname "$0")/../static_frontends"
node --test shared/tests/ section31/tests/
