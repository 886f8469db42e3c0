#!/usr/bin/env bash
# `npm start`: the whole system on this machine. Brings up Postgres, Redis and Kafka (if
# absent), creates and migrates the databases, builds, then runs the gateway, the three
# subgraphs, the inventory worker, the REST services (reviews, manuals) and the
# rest-subgraph over them, each logging to .run/logs/<app>.log.
#
#   npm start              run in the foreground; Ctrl-C stops everything it started
#   npm start -- --detach  leave it running; `npm run stop` stops it
#   npm run dev            the same with `tsx watch` (restarts on change), foreground only
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MODE=run
case "${1:-}" in
  --detach) MODE=detach ;;
  --dev) MODE=dev ;;
  "") ;;
  *) echo "usage: npm start [-- --detach]" >&2; exit 2 ;;
esac

# name:port — the order they start in.
APPS=(users-subgraph:4001 products-subgraph:4002 orders-subgraph:4003 inventory-worker:4004
  reviews-service:4006 manuals-service:4007 rest-subgraph:4008 gateway:4000)
PIDS="$ROOT/.run/apps"
LOGS="$ROOT/.run/logs"
mkdir -p "$PIDS" "$LOGS"

for app in "${APPS[@]}"; do
  pid_file="$PIDS/${app%%:*}.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "start: ${app%%:*} is already running (pid $(cat "$pid_file")); run 'npm run stop' first" >&2
    exit 1
  fi
done

ready_machine
# shellcheck source=scripts/dev-env.sh
. scripts/dev-env.sh
echo "== databases"
npm run --silent db:migrate
if [ "$MODE" != dev ]; then
  echo "== build"
  npx turbo run build --output-logs=errors-only >/dev/null
fi

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "== stopping"
  bash scripts/stop.sh
}

echo "== starting"
for entry in "${APPS[@]}"; do
  app="${entry%%:*}"
  port="${entry##*:}"
  if [ "$MODE" = dev ]; then
    cmd=(npx tsx watch "apps/$app/src/index.ts")
  else
    cmd=(node "apps/$app/dist/index.js")
  fi
  PORT="$port" setsid "${cmd[@]}" >"$LOGS/$app.log" 2>&1 &
  echo $! >"$PIDS/$app.pid"
done
[ "$MODE" = detach ] || trap stop_all INT TERM EXIT

deadline=$((SECONDS + 60))
for entry in "${APPS[@]}"; do
  app="${entry%%:*}"
  port="${entry##*:}"
  until curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$PIDS/$app.pid")" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "start: $app did not become ready; last lines of .run/logs/$app.log:" >&2
      tail -n 30 "$LOGS/$app.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  printf '%-18s http://127.0.0.1:%s   (logs: .run/logs/%s.log)\n' "$app" "$port" "$app"
done

cat <<TXT

The shop is up: GraphQL at http://127.0.0.1:4000/graphql
Admin key (x-api-key) for createProduct: $API_SECRET   (from .run/secrets.env)
Metrics (loopback only): http://127.0.0.1:9400/metrics (gateway) to :9404 (worker), :9406-:9408 (REST side)
TXT

if [ "$MODE" = detach ]; then
  echo "Running in the background; stop with: npm run stop"
  exit 0
fi
echo "Ctrl-C stops everything."
# Wait until a child exits or Ctrl-C; either way stop_all runs.
wait -n
echo "start: a service exited; see .run/logs" >&2
exit 1
