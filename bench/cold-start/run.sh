#!/usr/bin/env bash
# Cold start per function: from launching the JVM to the first successful real request, launched exactly
# as the container image launches it (scripts/image-steps.sh start: extracted jar, Spring AOT, AOT cache
# trained on real requests, tuned flags) beside the plain fat jar (java -jar) in the same run, launches
# alternating. Also the CPU-seconds the process used up to that response and its peak RSS.
#
# Usage: bench/cold-start/run.sh [RUNS] [FUNCTION...]     (default: 5 runs of save-image thumbnail gallery share)
# Builds the functions with -Paot, extracts and trains each one as images/Dockerfile does, on a throwaway
# database and an in-memory S3 server; the machine's PostgreSQL and RabbitMQ must run. Prints a table of
# medians and ratios; it and the raw figures stay in target/cold-start/ (table.txt, runs.tsv).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=scripts/training/services.sh
. scripts/training/services.sh
# shellcheck source=scripts/training/requests.sh
. scripts/training/requests.sh

runs=${1:-5}
shift || true
functions=("$@")
((${#functions[@]})) || functions=(save-image thumbnail gallery share)

find_java
export PATH="$JAVA_HOME/bin:$PATH"
ensure_services

modules=$(printf 'functions/%s,' "${functions[@]}")
echo "building ${functions[*]} with Spring AOT..."
mvn -q -B -Paot -pl "${modules%,}" -am package -DskipTests >/dev/null

work=${COLD_START_WORK:-target/cold-start}
rm -rf "$work"
mkdir -p "$work"
app_pid=''
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
  stop_services
}
trap cleanup EXIT
start_services

# The benchmark keeps its own copy of each jar, so that builds during a run do not change what it measures.
fat_jar() {
  echo "$work/$1-exec.jar"
}

for fn in "${functions[@]}"; do
  echo "extracting and training $fn..."
  cp "functions/$fn/target/$fn-0.1.0-SNAPSHOT-exec.jar" "$(fat_jar "$fn")"
  scripts/image-steps.sh extract "$(fat_jar "$fn")" "$work/$fn" >/dev/null
  if [ "$fn" = "${functions[0]}" ]; then
    SCRAPBOOK_PORT=$(free_port) scripts/image-steps.sh migrate "$work/$fn" >"$work/migrate.log" 2>&1
  fi
  SCRAPBOOK_PORT=$(free_port) scripts/image-steps.sh train "$work/$fn" "$fn" >"$work/$fn-train.log" 2>&1
done

# Sets "seconds cpu-seconds peak-rss-MB" in $measured for one launch; the data is seeded before the clock starts.
launch() {
  local fn=$1 variant=$2 port token image t0 t1 stat
  port=$(free_port)
  read -r token image < <(seed)
  t0=$EPOCHREALTIME
  if [ "$variant" = plain ]; then
    SCRAPBOOK_PORT=$port java -jar "$(fat_jar "$fn")" >"$work/$fn-$variant.log" 2>&1 &
  else
    SCRAPBOOK_PORT=$port scripts/image-steps.sh start "$work/$fn" >"$work/$fn-$variant.log" 2>&1 &
  fi
  app_pid=$!
  until ! port_free "$port" && first_request "$fn" "$port" "$token" "$image" 2>/dev/null; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      # Other test runs on this machine pick free ports too; losing that race is not the function's fault.
      if grep -q "Port $port was already in use" "$work/$fn-$variant.log"; then
        app_pid=''
        launch "$fn" "$variant"
        return
      fi
      echo "$fn ($variant) died: see $work/$fn-$variant.log" >&2
      exit 1
    fi
    ((${EPOCHREALTIME%.*} - ${t0%.*} < 120)) || { echo "$fn ($variant) never answered" >&2; exit 1; }
    sleep 0.01
  done
  t1=$EPOCHREALTIME
  read -ra stat <"/proc/$app_pid/stat"
  # utime and stime, fields 14 and 15 (counted after the command name, which has no space here).
  local ticks=$((stat[13] + stat[14])) hwm
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$app_pid/status")
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=''
  measured="$(echo "$t1 - $t0" | bc) $(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc) $((hwm / 1024))"
}

printf 'function\tvariant\tseconds\tcpu_seconds\tpeak_rss_mb\n' >"$work/runs.tsv"
for ((run = 1; run <= runs; run++)); do
  for fn in "${functions[@]}"; do
    # Alternate which goes first, so that neither always meets a warmer page cache.
    variants=(plain image)
    ((run % 2)) || variants=(image plain)
    for variant in "${variants[@]}"; do
      launch "$fn" "$variant"
      read -r secs cpu rss <<<"$measured"
      printf '%s\t%s\t%s\t%s\t%s\n' "$fn" "$variant" "$secs" "$cpu" "$rss" >>"$work/runs.tsv"
      printf 'run %d/%d  %-10s %-5s %6.2f s  %6.2f CPU-s  %5d MB\n' "$run" "$runs" "$fn" "$variant" "$secs" "$cpu" "$rss"
    done
  done
done

echo
echo "Cold start, launch to first successful request: medians of $runs runs ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
bench/cold-start/table.awk "$work/runs.tsv" | tee "$work/table.txt"
