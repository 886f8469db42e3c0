#!/usr/bin/env bash
# `npm run bench`: the side-by-side benchmarks (docs/BENCHMARKS.md). Brings the local stack
# up if it is down, builds everything, then runs bench/dist/main.js, which starts and stops
# its own processes. Options: --only=s1,s2,s3 (a subset), --profile (CPU profiles after).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
ready_machine
echo "== build (npx turbo run build)"
npx turbo run build --output-logs=errors-only
echo "== bench"
exec node bench/dist/main.js "$@"
