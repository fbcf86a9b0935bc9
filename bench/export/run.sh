#!/usr/bin/env bash
# The export's memory: GET /api/account/export of 10,000 images against the gallery function alone (its exec
# jar, the image's JVM flags and a 512 MB heap cap like its pod), beside two baselines measured in the same run:
# the same function idle, and exporting 100 images. Each case runs in a fresh JVM, [rounds] times; while it runs,
# a full GC is forced every second (jcmd GC.run) and the heap after each is read from -Xlog:gc, which is the live
# heap; peak RSS (VmHWM) is read at the end. Prints medians per case and the ratios to the baselines.
# The galleries (small generated JPEGs with titles, notes, provenance and a board) are written straight into the
# local runtime's embedded S3 folder and database, which the gallery function then reads.
#
# Usage: bench/export/run.sh [rounds] [big]   (defaults 3, 10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

rounds=${1:-3}
big=${2:-10000}
start_local
echo "building the gallery function's exec jar..." >&2
mvn -o -q -B -pl functions/gallery -am package -DskipTests
gallery_jar=$(ls functions/gallery/target/gallery-*-exec.jar)

# shellcheck source=bench/export/load.sh
. bench/export/load.sh
small_token=$(load small 100)
big_token=$(load big "$big")

gallery_port=$(free_port)
gallery_url="http://127.0.0.1:$gallery_port"
results="$BENCH_WORK/results.tsv"
: >"$results"

# run_case NAME TOKEN: starts the gallery function, exports (or idles 20 s when TOKEN is empty), records figures.
run_case() {
  local name=$1 token=$2 gc_log="$BENCH_WORK/gc-$1-$RANDOM.log"
  SCRAPBOOK_PORT=$gallery_port SCRAPBOOK_DB_URL="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB" SCRAPBOOK_DB_MIGRATE=false \
    SCRAPBOOK_AUTH_SECRET="$(cat "$BENCH_WORK/data/auth-secret")" SCRAPBOOK_S3_ENDPOINT="http://127.0.0.1:$BENCH_S3_PORT" \
    SCRAPBOOK_S3_ACCESS_KEY=scrapbook SCRAPBOOK_S3_SECRET_KEY="$(cat "$BENCH_WORK/data/s3-secret")" \
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m -Xlog:gc:file="$gc_log" \
    -jar "$gallery_jar" >"$BENCH_WORK/gallery-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fsS "$gallery_url/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
  curl -fsS -H "Authorization: Bearer $big_token" "$gallery_url/api/account/me" >/dev/null
  # What the start left behind settles first; only the forced GCs after this mark count.
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null && sleep 1
  local mark
  mark=$(grep -c 'Pause Full' "$gc_log" || true)
  local started=$SECONDS bytes=0
  if [ -n "$token" ]; then
    curl -fsS -H "Authorization: Bearer $token" "$gallery_url/api/account/export" -o "$BENCH_WORK/export.zip" &
    local client=$!
    while kill -0 "$client" 2>/dev/null; do "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || true; sleep 1; done
    wait "$client"
    for _ in 1 2 3; do "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || true; sleep 0.3; done
    bytes=$(stat -c %s "$BENCH_WORK/export.zip")
    local entries
    entries=$(/usr/bin/python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$BENCH_WORK/export.zip")
    echo "$name: $entries entries, $bytes bytes in $((SECONDS - started)) s" >&2
  else
    for _ in $(seq 1 20); do "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || true; sleep 1; done
  fi
  local hwm
  hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  # "Pause Full (System.gc()) 45M->21M(...)": the heap after a forced full GC, the live set, while the case ran
  # (and, for an export, three times just after it, so that even a short one has samples).
  grep 'Pause Full' "$gc_log" | tail -n +"$((mark + 1))" | grep -o '[0-9]*M->[0-9]*M' | sed 's/.*->\([0-9]*\)M/\1/' |
    awk -v n="$name" -v hwm="$hwm" -v b="$bytes" '{ if ($1 > max) max = $1; sum += $1; c++ }
      END { printf "%s\t%d\t%.1f\t%d\t%d\n", n, max, sum / c, hwm, b }' >>"$results"
}

for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  run_case "idle" ""
  run_case "export 100 images" "$small_token"
  run_case "export $big images" "$big_token"
done

echo
echo "gallery function (SerialGC, -Xmx512m), $rounds rounds each; live heap = heap after a forced full GC, sampled every second"
/usr/bin/python3 - "$results" "$big" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
cases = {}
for name, peak, mean, hwm, size in rows:
    cases.setdefault(name, []).append((int(peak), float(mean), int(hwm), int(size)))
med = lambda xs: statistics.median(xs)
print(f"{'case':<22}{'live heap median MB':>22}{'live heap max MB':>18}{'peak RSS MB':>13}{'zip MB':>9}")
figures = {}
for name, runs in cases.items():
    figures[name] = (med([r[1] for r in runs]), med([r[0] for r in runs]), med([r[2] for r in runs]))
    print(f"{name:<22}{figures[name][0]:>22.1f}{figures[name][1]:>18.0f}{figures[name][2]:>13.0f}{med([r[3] for r in runs]) / 1e6:>9.1f}")
big = f"export {sys.argv[2]} images"
for base in ("idle", "export 100 images"):
    print(f"ratio {big} / {base}: live heap max {figures[big][1] / figures[base][1]:.2f}, peak RSS {figures[big][2] / figures[base][2]:.2f}")
PY
