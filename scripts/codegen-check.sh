#!/usr/bin/env bash
# Fails when committed generated files are stale: the subgraphs' resolver types
# (graphql-codegen), the rest-subgraph's SDL (generated from its OpenAPI sources) and
# supergraph.graphql (composition of supergraph.yaml).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GENERATED=(apps/*/src/__generated__ apps/rest-subgraph/schema.graphql supergraph.graphql)
npx turbo run codegen --output-logs=errors-only
sdl_log="$(mktemp)"
trap 'rm -f "$sdl_log"' EXIT
npm run --silent openapi:sdl -- --write >/dev/null 2>"$sdl_log" || { cat "$sdl_log" >&2; exit 1; }
npm run --silent compose >/dev/null
if ! git diff --quiet --exit-code -- "${GENERATED[@]}" || [ -n "$(git ls-files --others --exclude-standard -- "${GENERATED[@]}")" ]; then
  echo "codegen-check: generated files are stale; run 'npm run codegen && npm run openapi:sdl -- --write && npm run compose' and commit:" >&2
  git status --short -- "${GENERATED[@]}" >&2
  exit 1
fi
echo "codegen-check: generated files are up to date"
