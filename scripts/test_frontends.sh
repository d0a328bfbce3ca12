#!/usr/bin/env bash
# JS unit tests of the shared frontend code (API client, forms, answer queue): node's test runner.
set -euo pipefail
cd "$(dirname "$0")/../static_frontends"
node --test shared/tests/
