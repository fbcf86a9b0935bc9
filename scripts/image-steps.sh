#!/usr/bin/env bash
# The steps of a function's container image that need no container engine; images/Dockerfile runs these very
# commands, and so do the cold-start benchmark and the image test, so what is measured is what the image runs.
#
#   image-steps.sh extract FAT_JAR DIR   unpack an executable jar (built with -Paot) into DIR/app.jar + DIR/lib/
#   image-steps.sh train DIR FUNCTION    serve FUNCTION's real requests once and write DIR/app.aot (JEP 514/515)
#   image-steps.sh start DIR             run the function as the image does (exec: the JVM takes this PID)
#   image-steps.sh migrate DIR           run the Flyway migrations and exit
#
# train, start and migrate take the function's environment (SCRAPBOOK_DB_URL, SCRAPBOOK_S3_*, ...). train
# also needs psql and curl, and the services migrated and reachable.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

# Every start is a cold start in a scale-to-zero service: C1 alone compiles fast enough for a function's
# short life, SerialGC is the cheapest collector on one or two CPUs, and lazy beans cost nothing until used.
jvm_flags() {
  local spring="-Dspring.aot.enabled=true -Dspring.main.lazy-initialization=true"
  # Spring AOT fixed the conditions at build time (Flyway off, no bucket setup, a web server, no run-once
  # reconcile) and a lazy Flyway would never run: the one-off runs (migrate, the reconcile CronJob) need both off.
  if [ "${SCRAPBOOK_DB_MIGRATE:-false}" = true ] || [ "${SCRAPBOOK_RECONCILE_ONCE:-false}" = true ]; then
    spring="-Dspring.aot.enabled=false -Dspring.main.lazy-initialization=false"
  fi
  # Native access for thumbnail's libvips binding (the extracted jar's manifest does not carry the attribute).
  echo "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75 --enable-native-access=ALL-UNNAMED $spring ${JAVA_OPTS:-}"
}

extract() {
  local jar=$1 dir=$2
  rm -rf "$dir"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" --application-filename app.jar
  # Spring AOT's initializers are what make the extracted app start fast: refuse a jar built without -Paot.
  if ! "${JAVA_HOME:+$JAVA_HOME/bin/}jar" tf "$dir/app.jar" | grep -c '__ApplicationContextInitializer.class$' >/dev/null; then
    echo "$jar has no Spring AOT classes: build it with mvn -Paot package" >&2
    exit 1
  fi
}

wait_http() {
  local port=$1 pid=$2
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { echo "the function exited during training" >&2; exit 1; }
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the function did not answer on port $port" >&2
  exit 1
}

train() {
  local dir=$1 fn=$2 port=${SCRAPBOOK_PORT:-8080}
  # shellcheck source=scripts/training/requests.sh
  . "$here/training/requests.sh"
  rm -f "$dir/app.aot"
  # shellcheck disable=SC2046 # the flags are words
  SCRAPBOOK_PORT=$port SCRAPBOOK_DB_MIGRATE=false \
    "$java" $(jvm_flags) -XX:AOTCacheOutput="$dir/app.aot" -jar "$dir/app.jar" &
  training_pid=$! training_cache=$dir/app.aot
  # A failed request must leave neither the function running nor a cache of a half-done training.
  trap 'kill "$training_pid" 2>/dev/null; wait "$training_pid" || true; rm -f "$training_cache"' EXIT
  wait_http "$port" "$training_pid"
  training_requests "$fn" "$port"
  # A clean exit is when the JVM writes the cache.
  kill -TERM "$training_pid"
  wait "$training_pid" || true
  trap - EXIT
  [ -s "$dir/app.aot" ] || { echo "no AOT cache was written" >&2; exit 1; }
}

start() {
  local dir=$1
  # shellcheck disable=SC2046 # the flags are words
  exec "$java" $(jvm_flags) -XX:AOTCache="$dir/app.aot" -jar "$dir/app.jar"
}

migrate() {
  local dir=$1
  # shellcheck disable=SC2046 # the flags are words
  SCRAPBOOK_DB_MIGRATE=true exec "$java" $(SCRAPBOOK_DB_MIGRATE=true jvm_flags) -Dspring.context.exit=onRefresh \
    -jar "$dir/app.jar"
}

case ${1:-} in
  extract) extract "$2" "$3" ;;
  train) train "$2" "$3" ;;
  start) start "$2" ;;
  migrate) migrate "$2" ;;
  *)
    sed -n '2,11p' "$0" >&2
    exit 2 ;;
esac
