# Sourced by the scripts that run the system, its tests or the bench (scripts/start.sh,
# scripts/test.sh, bench/run.sh): the repo root as working directory ($ROOT), and
# ready_machine, which installs the dependencies if missing and brings the local stack up
# (stack.sh starts only what is not running).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ready_machine() {
  [ -d node_modules ] || { echo "== installing dependencies (npm ci)"; npm ci --no-audit --no-fund; }
  echo "== local stack"
  bash scripts/stack.sh up
}
