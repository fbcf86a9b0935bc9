#!/usr/bin/env bash
# Shared by the benchmarks that need a running local runtime: one throwaway database, its own RabbitMQ
# exchange and queue, free ports and a temporary data folder, all removed again on exit.
# Expects scripts/lib.sh sourced and the repository root as the working directory.

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Installs the Debian packages named when their command or library is missing.
ensure_debian_packages() {
  local missing=()
  command -v vips >/dev/null || missing+=(libvips-tools)
  [[ $(ldconfig -p) == *'libvips.so.42 '* ]] || missing+=(libvips42)
  /usr/bin/python3 -c 'import PIL' 2>/dev/null || missing+=(python3-pil)
  if ((${#missing[@]} > 0)); then
    echo "installing ${missing[*]}..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Builds the thumbnail module (never mvn install) and prints the classpath of its classes and libraries, for the
# benchmarks that run its engines or PictureHash from a single-file Java program.
thumbnail_classpath() {
  echo "building the thumbnail module..." >&2
  mvn -o -q -B -pl functions/thumbnail -am package -DskipTests >&2
  local lib=target/bench/thumbnail-lib
  rm -rf "$lib" && mkdir -p "$lib"
  (cd "$lib" && "$JAVA_HOME/bin/jar" xf ../../../functions/thumbnail/target/thumbnail-*-exec.jar BOOT-INF/lib)
  echo "functions/thumbnail/target/classes:$lib/BOOT-INF/lib/*"
}

# start_local: builds the local runtime jar (never mvn install) and starts it the README's way
# (./deploy.sh local). Sets BENCH_WORK, BENCH_BASE, BENCH_DB, BENCH_S3_PORT, BENCH_LOCAL_PID.
start_local() {
  find_java
  ensure_services
  echo "building the local runtime..." >&2
  mvn -o -q -B -pl local -am package -DskipTests
  BENCH_WORK=$(mktemp -d)
  BENCH_DB="scrapbook_bench_$(date +%s)_$$"
  BENCH_RUN="bench.$(date +%s).$$"
  local port
  port=$(free_port)
  BENCH_S3_PORT=$(free_port)
  BENCH_BASE="http://127.0.0.1:$port"
  trap stop_local EXIT
  SCRAPBOOK_SKIP_BUILD=1 SCRAPBOOK_DATA_DIR="$BENCH_WORK/data" SCRAPBOOK_PORT="$port" \
    SCRAPBOOK_S3_PORT="$BENCH_S3_PORT" SCRAPBOOK_DB_URL="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB" \
    SCRAPBOOK_EVENTS_EXCHANGE="scrapbook.$BENCH_RUN" SCRAPBOOK_DISPATCHER_QUEUE="scrapbook.$BENCH_RUN.thumbnail" \
    ./deploy.sh local >"$BENCH_WORK/local.log" 2>&1 &
  BENCH_LOCAL_PID=$!
  # Up to 5 minutes: a start on 2 cores shared with other builds has taken over 2.
  for _ in $(seq 1 300); do
    if curl -fsS "$BENCH_BASE/health" >/dev/null 2>&1; then
      echo "local runtime up: $(curl -fsS "$BENCH_BASE/health")" >&2
      return
    fi
    kill -0 "$BENCH_LOCAL_PID" 2>/dev/null || break
    sleep 1
  done
  echo "the local runtime did not come up; its log:" >&2
  tail -n 40 "$BENCH_WORK/local.log" >&2
  exit 1
}

stop_local() {
  if [ -n "${BENCH_LOCAL_PID:-}" ] && kill -0 "$BENCH_LOCAL_PID" 2>/dev/null; then
    kill "$BENCH_LOCAL_PID"
    wait "$BENCH_LOCAL_PID" 2>/dev/null || true
  fi
  if [ -n "${BENCH_DB:-}" ]; then
    psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $BENCH_DB" >/dev/null 2>&1 || true
  fi
  if [ -n "${BENCH_RUN:-}" ] && command -v rabbitmqctl >/dev/null; then
    for queue in "scrapbook.$BENCH_RUN.thumbnail" "scrapbook.$BENCH_RUN.thumbnail.dead"; do
      rabbitmqctl -q delete_queue "$queue" >/dev/null 2>&1 || true
    done
  fi
  [ -n "${BENCH_WORK:-}" ] && rm -rf "$BENCH_WORK"
}

bench_sql() {
  psql -X -q -h 127.0.0.1 -U postgres -d "$BENCH_DB" -v ON_ERROR_STOP=1 "$@"
}

# The local runtime's peak resident memory (VmHWM), in MB.
local_peak_rss_mb() {
  local java_pid
  java_pid=$(pgrep -P "$BENCH_LOCAL_PID" java || echo "$BENCH_LOCAL_PID")
  awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$java_pid/status"
}
