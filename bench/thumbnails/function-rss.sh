#!/usr/bin/env bash
# Peak RSS of the thumbnail function (its own exec jar, as its image runs it) while it handles two
# 24-megapixel JPEGs at once, for each engine. The local runtime provides the database rows and the S3
# server; the originals are saved through it, then set back to pending and their two image-saved
# CloudEvents posted to the thumbnail function together.
#
# Usage: bench/thumbnails/function-rss.sh
#   FUNCTION_JAVA_OPTS  JVM flags (default: the image's, with MaxRAM standing for the Knative memory limit)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

# The image's flags (see the cold-start work) and, as no container limit applies here, MaxRAM = the
# thumbnail service's Knative memory limit, so the JVM sizes its heap as it would there.
java_opts=${FUNCTION_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:MaxRAM=1536m}

ensure_debian_packages
scripts/fetch-photos.sh target/photos >/dev/null
start_local
data="$BENCH_WORK/data"

# No Debian wallpaper package found here holds 24-megapixel photos: two real ones are upscaled with
# libvips (4352x2448 x1.5 = 6528x3672, 5312x2988 x1.23 = 6534x3675), quality 90.
big="$BENCH_WORK/big"
mkdir -p "$big"
vips resize target/photos/Bridge_by_Sander_Klootwijk.jpg "$big/bridge-24mp.jpg[Q=90]" 1.5
vips resize target/photos/seeding_by_Clements_Engelhardt.jpg "$big/seeding-24mp.jpg[Q=90]" 1.23
for jpeg in "$big"/*.jpg; do
  echo "$(basename "$jpeg"): $(vipsheader "$jpeg" | awk '{print $2}'), $(($(stat -c %s "$jpeg") / 1000)) kB" >&2
done

read -r token _ < <("$JAVA_HOME/bin/java" bench/paths/PathsBench.java account "$BENCH_BASE" rss)
ids=()
for jpeg in "$big"/*.jpg; do
  ids+=("$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: image/jpeg' --data-binary "@$jpeg" \
    "$BENCH_BASE/api/save" | sed -E 's/.*"id" *: *"([0-9a-f-]{36})".*/\1/')")
done
id_list=$(printf "'%s'," "${ids[@]}")
id_list=${id_list%,}
for _ in $(seq 1 120); do
  [ "$(bench_sql -tAc "select count(*) from images where id in ($id_list) and status = 'pending'")" = 0 ] && break
  sleep 1
done

function_pid=
stop_function() {
  if [ -n "$function_pid" ] && kill -0 "$function_pid" 2>/dev/null; then
    kill "$function_pid"
    wait "$function_pid" 2>/dev/null || true
  fi
  function_pid=
}
trap 'stop_function; stop_local' EXIT

jar=$(ls functions/thumbnail/target/thumbnail-*-exec.jar)
echo
echo "thumbnail function: java $java_opts -jar $(basename "$jar")"
for engine in vips java; do
  bench_sql -c "update images set status = 'pending', thumb_width = null, thumb_height = null, thumb_format = null,
                preview_width = null, preview_height = null, preview_format = null where id in ($id_list)"
  port=$(free_port)
  # shellcheck disable=SC2086 # the options are words on purpose
  SCRAPBOOK_PORT=$port SCRAPBOOK_DB_URL="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB" SCRAPBOOK_DB_MIGRATE=false \
    SCRAPBOOK_S3_ENDPOINT="http://127.0.0.1:$BENCH_S3_PORT" SCRAPBOOK_S3_ACCESS_KEY=scrapbook \
    SCRAPBOOK_S3_SECRET_KEY="$(cat "$data/s3-secret")" SCRAPBOOK_AUTH_SECRET="$(cat "$data/auth-secret")" \
    SCRAPBOOK_THUMBNAIL_ENGINE=$engine \
    "$JAVA_HOME/bin/java" $java_opts -jar "$jar" >"$BENCH_WORK/thumbnail-$engine.log" 2>&1 &
  function_pid=$!
  for _ in $(seq 1 90); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 1
  done
  health=$(curl -fsS "http://127.0.0.1:$port/health")
  idle=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$function_pid/status")
  outcomes=()
  for id in "${ids[@]}"; do
    curl -fsS -X POST "http://127.0.0.1:$port/" -H 'ce-specversion: 1.0' -H 'ce-type: dev.scrapbook.image.saved' \
      -H 'ce-source: /bench' -H "ce-id: rss-$engine-$id" -H "ce-subject: $id" \
      -H 'Content-Type: application/json' -d "{\"imageId\":\"$id\"}" >"$BENCH_WORK/outcome-$id" &
    outcomes+=($!)
  done
  wait "${outcomes[@]}"
  peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$function_pid/status")
  native_warnings=$(grep -c "restricted method" "$BENCH_WORK/thumbnail-$engine.log" || true)
  echo "engine $engine: $health"
  for id in "${ids[@]}"; do
    echo "  outcome: $(cat "$BENCH_WORK/outcome-$id")"
  done
  echo "  peak RSS after start: $idle MB; with two 24-MP JPEGs at once: $peak MB (target <= 300 MB); native-access warnings: $native_warnings"
  stop_function
done
