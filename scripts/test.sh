#!/usr/bin/env bash
# `npm test`: every check CI runs, against the real local stack (started if absent):
# generated code up to date, schema check, types, lint, then every workspace's jest
# suite (unit, integration and end-to-end tests against Postgres, Redis and Kafka).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ready_machine
echo "== generated code"
npx turbo run generate --output-logs=errors-only
bash scripts/codegen-check.sh
echo "== schema check (composition, breaking changes, client operations)"
npm run --silent schema:check
echo "== typecheck, lint, tests"
npx turbo run typecheck lint test --concurrency=2 --output-logs=new-only "$@"
