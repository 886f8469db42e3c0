#!/usr/bin/env bash
# The local stack without Docker: PostgreSQL 127.0.0.1:5432, Redis 127.0.0.1:6379 and a
# single-node Apache Kafka broker (KRaft) on 127.0.0.1:9092.
#
#   bash scripts/stack.sh up              start what is not running, wait until it is ready
#   bash scripts/stack.sh down [--purge]  stop what `up` started (--purge: drop Kafka's data)
#   bash scripts/stack.sh status          exit 0 if all three listen, 1 otherwise
#
# Postgres and Redis are normally already running on the machine (see shared/ENVIRONMENT.md);
# `up` starts them only if they are down, and records that in .run/<service>.pid so that
# `down` never stops a server it did not start. The Kafka jars come from Maven Central
# (infra/kafka/pom.xml) into .cache/kafka/libs, once per machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
POM="$ROOT/infra/kafka/pom.xml"
LIBS="$ROOT/.cache/kafka/libs"
LIBS_MARKER="$LIBS/.fetched"
KAFKA_RUN="$RUN/kafka"
KAFKA_DATA="$KAFKA_RUN/data"
KAFKA_LOG="$KAFKA_RUN/logs/server.log"
KAFKA_PID="$RUN/kafka.pid"
# Fixed, so that the data folder always matches: base64url("commerce-local-1").
KAFKA_CLUSTER_ID="Y29tbWVyY2UtbG9jYWwtMQ"

PG_TIMEOUT_S=30
REDIS_TIMEOUT_S=15
KAFKA_TIMEOUT_S=90
STOP_TIMEOUT_S=30

die() {
  echo "stack: $*" >&2
  exit 1
}

now_ms() { date +%s%3N; }

since() { # elapsed seconds since a now_ms value, one decimal
  local ms=$(($(now_ms) - $1))
  printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100))
}

line() { printf '%-8s  %-14s  %s\n' "$1" "$2" "$3"; }

listening() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 -t 1; }

redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

kafka_ready() { grep -qs 'Kafka Server started' "$KAFKA_LOG" && listening 9092; }

# Alive and not a zombie: a daemon's parent is init, which here may reap it only seconds later.
running() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
  [ -n "$state" ] && [ "$state" != Z ]
}

# wait_for CHECK TIMEOUT_S [PID]: poll CHECK every 0.2 s; fail early if PID dies.
wait_for() {
  local check=$1 deadline=$(($(now_ms) + $2 * 1000)) pid=${3:-}
  until "$check"; do
    if [ -n "$pid" ] && ! running "$pid"; then return 1; fi
    if [ "$(now_ms)" -ge "$deadline" ]; then return 1; fi
    sleep 0.2
  done
}

# The pid in FILE if that process is still alive and is the program NAME; the pid number
# alone could have been reused since it was recorded.
live_pid() {
  local file=$1 name=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$name" || return 1
  echo "$pid"
}

# ---------------------------------------------------------------------------- postgres

pg_pid() { # the postmaster serving port 5432, from its data directory's postmaster.pid
  local datadir
  datadir=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $6; exit }')
  [ -n "$datadir" ] && head -1 "$datadir/postmaster.pid" 2>/dev/null
}

postgres_up() {
  if pg_ready; then
    line postgres 127.0.0.1:5432 "(already running)"
    return
  fi
  [ -d /etc/postgresql ] || die "postgres: not running on 127.0.0.1:5432 and not installed (/etc/postgresql missing)"
  local t0 out="$RUN/postgres.out"
  t0=$(now_ms)
  # shellcheck disable=SC2046 # the cluster version, as shared/ENVIRONMENT.md starts it
  if ! pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start >"$out" 2>&1 </dev/null 9>&-; then
    cat "$out" >&2
    die "postgres: pg_ctlcluster could not start the cluster (output above)"
  fi
  wait_for pg_ready "$PG_TIMEOUT_S" || die "postgres: started but not accepting connections on 127.0.0.1:5432 after ${PG_TIMEOUT_S} s"
  pg_pid >"$RUN/postgres.pid" || die "postgres: running, but its postmaster pid could not be found"
  line postgres 127.0.0.1:5432 "(started, $(since "$t0"))"
}

# ------------------------------------------------------------------------------- redis

redis_up() {
  if redis_ready; then
    line redis 127.0.0.1:6379 "(already running)"
    return
  fi
  command -v redis-server >/dev/null || die "redis: not running on 127.0.0.1:6379 and redis-server is not installed"
  local t0 out="$RUN/redis.out"
  t0=$(now_ms)
  if ! redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >"$out" 2>&1 </dev/null 9>&-; then
    cat "$out" >&2
    die "redis: redis-server could not start (output above; its log is /var/log/redis/ci.log)"
  fi
  wait_for redis_ready "$REDIS_TIMEOUT_S" || die "redis: started but not answering PING on 127.0.0.1:6379 after ${REDIS_TIMEOUT_S} s (see /var/log/redis/ci.log)"
  redis-cli -h 127.0.0.1 -p 6379 info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p' >"$RUN/redis.pid"
  line redis 127.0.0.1:6379 "(started, $(since "$t0"))"
}

# ------------------------------------------------------------------------------- kafka

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

# The broker's classpath, fetched again whenever the pom changes. Maven writes into a
# scratch folder that replaces libs/ only when the copy succeeded, so an interrupted
# download never leaves a half-filled classpath behind.
kafka_jars() {
  local hash t0 partial="$LIBS.partial"
  hash=$(pom_hash)
  if [ -f "$LIBS_MARKER" ] && [ "$(cat "$LIBS_MARKER")" = "pom-sha256 $hash" ]; then return; fi
  command -v mvn >/dev/null || die "kafka: Maven (mvn) is needed once to fetch the broker jars"
  echo "kafka: fetching broker jars from Maven Central (first run only)..."
  t0=$(now_ms)
  rm -rf "$partial"
  # Maven 3.8 writes ANSI colour resets even with -q, so its output is shown only on failure.
  mvn -q -B -f "$POM" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$partial" >"$RUN/maven.out" 2>&1 </dev/null 9>&- ||
    { cat "$RUN/maven.out" >&2; die "kafka: Maven could not fetch the broker jars (output above)"; }
  rm -rf "$LIBS"
  mv "$partial" "$LIBS"
  echo "pom-sha256 $hash" >"$LIBS_MARKER"
  echo "kafka: $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $(since "$t0")"
}

# The JVM for the broker and its storage tool; log4j2.yaml sends everything to $KAFKA_LOG.
KAFKA_JAVA=(java -Xmx512m -XX:+UseSerialGC -cp "$LIBS/*"
  -Dlog4j2.configurationFile="$ROOT/infra/kafka/log4j2.yaml" -Dkafka.logs.dir="$KAFKA_RUN/logs")

kafka_failed() { # tell why the broker did not come up, stop what is left of it, and exit
  local pid=$1 why=$2
  echo "--- tail of $KAFKA_LOG" >&2
  tail -n 40 "$KAFKA_LOG" >&2 2>/dev/null || true
  echo "--- tail of $RUN/kafka.out" >&2
  tail -n 20 "$RUN/kafka.out" >&2 2>/dev/null || true
  if running "$pid"; then stop_pid kafka "$pid" TERM >/dev/null; fi
  rm -f "$KAFKA_PID"
  die "kafka: $why"
}

kafka_up() {
  local pid t0
  if pid=$(live_pid "$KAFKA_PID" kafka.Kafka); then
    # Ours, from an earlier `up`; it may still be starting if that `up` was interrupted.
    wait_for kafka_ready "$KAFKA_TIMEOUT_S" "$pid" || kafka_failed "$pid" "the broker started earlier (pid $pid) is not ready"
    line kafka 127.0.0.1:9092 "(already running)"
    return
  fi
  rm -f "$KAFKA_PID"
  if listening 9092; then # a broker started some other way: use it
    # Tests also start brokers of their own (packages/testing) from these jars.
    kafka_jars
    line kafka 127.0.0.1:9092 "(already running)"
    return
  fi
  listening 9093 && die "kafka: 127.0.0.1:9093 (the controller port) is taken by another process"
  command -v java >/dev/null || die "kafka: java is not installed (JDK 17 needed)"

  t0=$(now_ms)
  kafka_jars
  mkdir -p "$KAFKA_DATA" "$KAFKA_RUN/logs"
  sed "s|^log\.dirs=.*|log.dirs=$KAFKA_DATA|" "$ROOT/infra/kafka/server.properties" >"$KAFKA_RUN/server.properties"
  if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_RUN/server.properties" -g \
      >"$KAFKA_RUN/format.out" 2>&1 </dev/null 9>&- ||
      { cat "$KAFKA_RUN/format.out" >&2; die "kafka: formatting $KAFKA_DATA failed (output above)"; }
  fi
  # Readiness is read from this log, so an earlier run's "Kafka Server started" must go.
  if [ -f "$KAFKA_LOG" ]; then mv -f "$KAFKA_LOG" "$KAFKA_LOG.previous"; fi

  # setsid + nohup: the broker outlives this script and the terminal or test runner that ran
  # it. fd 9 (the stack lock) is closed so the broker does not hold the lock forever.
  setsid nohup "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_RUN/server.properties" \
    >"$RUN/kafka.out" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$KAFKA_PID"
  if ! wait_for kafka_ready "$KAFKA_TIMEOUT_S" "$pid"; then
    if running "$pid"; then
      kafka_failed "$pid" "not ready after ${KAFKA_TIMEOUT_S} s (log tail above)"
    fi
    kafka_failed "$pid" "the broker exited while starting (log tail above)"
  fi
  line kafka 127.0.0.1:9092 "(started, $(since "$t0"))"
}

# -------------------------------------------------------------------------------- down

# stop_pid NAME PID SIGNAL: SIGNAL, then up to STOP_TIMEOUT_S for it to exit, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 sig=$3 t0 deadline
  t0=$(now_ms)
  deadline=$((t0 + STOP_TIMEOUT_S * 1000))
  kill -s "$sig" "$pid" 2>/dev/null || true
  while running "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
  if running "$pid"; then
    kill -s KILL "$pid" 2>/dev/null || true
    line "$name" "pid $pid" "(killed: still running ${STOP_TIMEOUT_S} s after SIG$sig)"
  else
    line "$name" "pid $pid" "(stopped, $(since "$t0"))"
  fi
}

# down_one NAME PROGRAM SIGNAL: stop NAME only if `up` started it (its pid file says so).
down_one() {
  local name=$1 program=$2 sig=$3 file="$RUN/$1.pid" pid
  if pid=$(live_pid "$file" "$program"); then
    stop_pid "$name" "$pid" "$sig"
  elif [ -f "$file" ]; then
    line "$name" "-" "(was not running)"
  else
    line "$name" "-" "(not started by stack.sh, left as is)"
  fi
  rm -f "$file"
}

# ------------------------------------------------------------------------------ status

# status_of NAME PORT PROGRAM CHECK...: one line for NAME; fails if CHECK fails.
status_of() {
  local name=$1 port=$2 program=$3 state=listening owner="" pid rc=0
  shift 3
  if ! "$@"; then state="not listening" rc=1; fi
  if pid=$(live_pid "$RUN/$name.pid" "$program"); then owner=" (started by stack.sh, pid $pid)"; fi
  line "$name" "127.0.0.1:$port" "$state$owner"
  return "$rc"
}

# -------------------------------------------------------------------------------- main

usage() { die "usage: bash scripts/stack.sh up | down [--purge] | status"; }

with_lock() { # concurrent `up`s (parallel test runners) must not start two brokers
  exec 9>"$RUN/stack.lock"
  flock -w 300 9 || die "another stack.sh has held $RUN/stack.lock for 5 minutes"
}

mkdir -p "$RUN"
case "${1:-}" in
  up)
    [ $# -eq 1 ] || usage
    with_lock
    postgres_up
    redis_up
    kafka_up
    ;;
  down)
    [ $# -le 2 ] || usage
    purge=false
    case "${2:-}" in
      "") ;;
      --purge) purge=true ;;
      *) usage ;;
    esac
    with_lock
    # The reverse of the order `up` starts them in.
    down_one kafka kafka.Kafka TERM
    # SIGINT is Postgres's "fast" shutdown; its SIGTERM ("smart") waits for every client.
    down_one redis redis-server TERM
    down_one postgres postgres INT
    if $purge; then
      if listening 9092; then
        die "kafka: data kept: a broker still listens on 127.0.0.1:9092"
      fi
      if [ -d "$KAFKA_DATA" ]; then
        rm -rf "$KAFKA_DATA"
        echo "kafka: removed $KAFKA_DATA"
      fi
    fi
    ;;
  status)
    [ $# -eq 1 ] || usage
    rc=0
    status_of postgres 5432 postgres pg_ready || rc=1
    status_of redis 6379 redis-server redis_ready || rc=1
    status_of kafka 9092 kafka.Kafka listening 9092 || rc=1
    exit "$rc"
    ;;
  *) usage ;;
esac
