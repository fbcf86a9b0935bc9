#!/usr/bin/env bash
# The image steps that need no container engine, run for real on save-image: build with Spring AOT,
# extract, migrate, train the AOT cache on real requests, start as the image starts and save an image.
# Fails when a step fails, when the JVM cannot use the cache, or when the save does not answer 201.
# Part of ./test.sh; about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=scripts/training/services.sh
. scripts/training/services.sh
# shellcheck source=scripts/training/requests.sh
. scripts/training/requests.sh

find_java
export PATH="$JAVA_HOME/bin:$PATH"
ensure_services

fail() {
  echo "images/test.sh: $*" >&2
  exit 1
}

work=target/image-test
app_pid=''
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
  stop_services
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work"

mvn -q -B -Paot -pl functions/save-image -am package -DskipTests >"$work/build.log" 2>&1 \
  || fail "build failed, see $work/build.log"
start_services
# Its own exchange: a save must find it declared by the function itself.
export SCRAPBOOK_EVENTS_EXCHANGE="scrapbook.image-test.${services_db#scrapbook_bench_}"

scripts/image-steps.sh extract functions/save-image/target/save-image-0.1.0-SNAPSHOT-exec.jar "$work/app" >/dev/null
if [ ! -s "$work/app/app.jar" ] || [ ! -d "$work/app/lib" ]; then
  fail "extract left no app.jar and lib/"
fi

SCRAPBOOK_PORT=$(free_port) scripts/image-steps.sh migrate "$work/app" >"$work/migrate.log" 2>&1 \
  || fail "migrate failed, see $work/migrate.log"
[ "$(sql "select count(*) from flyway_schema_history where success")" -ge 1 ] || fail "migrate ran no migration"

SCRAPBOOK_PORT=$(free_port) scripts/image-steps.sh train "$work/app" save-image >"$work/train.log" 2>&1 \
  || fail "training failed, see $work/train.log"

port=$(free_port)
read -r token _ < <(seed)
# AOTMode=on: the JVM refuses to start rather than silently run without the cache.
SCRAPBOOK_PORT=$port JAVA_OPTS="-XX:AOTMode=on" scripts/image-steps.sh start "$work/app" >"$work/start.log" 2>&1 &
app_pid=$!
until ! port_free "$port"; do
  kill -0 "$app_pid" 2>/dev/null || fail "the function did not start with its AOT cache, see $work/start.log"
  sleep 0.1
done
status=$(curl -sS -o "$work/saved.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: image/jpeg' --data-binary "@scripts/training/photo.jpg" "http://127.0.0.1:$port/api/save")
[ "$status" = 201 ] || fail "the save answered $status: $(cat "$work/saved.json")"
image=$(jq -r .id "$work/saved.json")
[ "$(sql "select status from images where id = '$image'")" = pending ] || fail "no row for the saved image"
grep -q 'Starting AOT-processed SaveImageApplication' "$work/start.log" || fail "Spring AOT was not used"
if grep -q 'no exchange' "$work/start.log"; then
  fail "the image-saved event found no exchange: see $work/start.log"
fi
echo "images/test.sh: extract, migrate, train, start with the AOT cache and a real save: ok"
