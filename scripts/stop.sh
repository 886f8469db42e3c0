#!/usr/bin/env bash
# `npm run stop`: stops the apps `npm start` started (by their recorded pids), gracefully.
# The local stack stays up; `npm run stack:down` stops it.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PIDS="$ROOT/.run/apps"
shopt -s nullglob
for pid_file in "$PIDS"/*.pid; do
  pid=$(cat "$pid_file")
  # Each app runs in its own session (setsid): signal the whole group, so `tsx watch`'s
  # child goes too.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
done
for pid_file in "$PIDS"/*.pid; do
  pid=$(cat "$pid_file")
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  echo "stopped $(basename "$pid_file" .pid)"
  rm -f "$pid_file"
done
