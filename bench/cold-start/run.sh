#!/usr/bin/env bash
# Cold start per function: from launching the JVM to the first successful real request, launched exactly
# as the container image launches it (scripts/image-steps.sh start: extracted jar, Spring AOT, AOT cache
# trained on real requests, tuned flags) beside the plain fat jar (java -jar) in the same run, launches
# alternating. As Knative's activator does, the first request is sent once the readiness probe answers 200.
# For each launch: the phases (JVM boot to main, context refresh to the web server listening, to ready, to the
# first response), wall clock and CPU-seconds (user + system) of each, and peak RSS at the first response. After
# each image launch: requests 2-20 timed one by one, then 30 more untimed, then 19 timed as "warm".
#
# Usage: bench/cold-start/run.sh [RUNS] [FUNCTION...]     (default: 5 runs of save-image thumbnail gallery share)
# Builds the functions with -Paot, extracts and trains each one as images/Dockerfile does, on a throwaway
# database and an in-memory S3 server; the machine's PostgreSQL and RabbitMQ must run. Prints tables of
# medians and ratios; they and the raw figures stay in target/cold-start/ (table.txt, runs.tsv, requests.tsv).
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
# The container image sets no SSL_CERT_FILE; a machine that does (this one) would make MinIO's client parse every
# CA certificate of the distribution at start, a cost no deployed function pays unless configured to.
unset SSL_CERT_FILE
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

# The memory limit of the function's Knative service, which the JVM in its pod sees through the cgroup and sizes
# its heap from (MaxRAMPercentage): image launches get it as -XX:MaxRAM, so their heap and RSS are the pod's.
container_memory() {
  sed -n 's/.*limits:.*memory: *\([0-9]*\)Mi.*/\1/p' "knative/base/app/$1.yaml"
}

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

# The startup phases line a function logs at ready (dev.scrapbook.startup.StartupPhases), as
# "boot_s boot_cpu refresh_s refresh_cpu ready_s ready_cpu": durations from t0, main, web server up, to ready.
phases() {
  local log=$1 t0=$2
  grep -o 'startup phases: .*' "$log" | head -n 1 | tr '=/' '  ' | awk -v t0="$t0" '{
    for (i = 3; i <= NF; i += 3) { at[$i] = $(i + 1) / 1000; cpu[$i] = $(i + 2) / 1000 }
    printf "%.3f %.2f %.3f %.2f %.3f %.2f", at["main"] - t0, cpu["main"], at["web"] - at["main"], cpu["web"] - cpu["main"],
      at["ready"] - at["web"], cpu["ready"] - cpu["web"] }'
}

# Times first_request once per line of seeds on stdin ("token image"), in ms, one a line.
timed_requests() {
  local fn=$1 port=$2 token image
  while read -r token image; do
    request_timing='%{time_total}\n' first_request "$fn" "$port" "$token" "$image" | awk '{ printf "%.1f\n", $1 * 1000 }'
  done
}

# Sets $measured to "seconds cpu-seconds peak-rss-MB <phases> first_s first_cpu" for one launch; the data is
# seeded before the clock starts. Image launches then time requests 2-20 and warm requests into requests.tsv.
launch() {
  local fn=$1 variant=$2 run=$3 port token image t0 t1 stat seeds
  port=$(free_port)
  local count=1
  [ "$variant" = plain ] || count=69
  seeds=$(seed_many "$count")
  read -r token image <<<"$seeds"
  t0=$EPOCHREALTIME
  if [ "$variant" = plain ]; then
    SCRAPBOOK_PORT=$port java -jar "$(fat_jar "$fn")" >"$work/$fn-$variant.log" 2>&1 &
  else
    SCRAPBOOK_PORT=$port JAVA_OPTS="-XX:MaxRAM=$(container_memory "$fn")m" scripts/image-steps.sh start "$work/$fn" \
      >"$work/$fn-$variant.log" 2>&1 &
  fi
  app_pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      # Other test runs on this machine pick free ports too; losing that race is not the function's fault.
      if grep -q "Port $port was already in use" "$work/$fn-$variant.log"; then
        app_pid=''
        launch "$fn" "$variant" "$run"
        return
      fi
      echo "$fn ($variant) died: see $work/$fn-$variant.log" >&2
      exit 1
    fi
    ((${EPOCHREALTIME%.*} - ${t0%.*} < 300)) || { echo "$fn ($variant) never became ready" >&2; exit 1; }
    sleep 0.01
  done
  local ready_at=$EPOCHREALTIME
  first_request "$fn" "$port" "$token" "$image" || { echo "$fn ($variant): first request failed, see $work/$fn-$variant.log" >&2; exit 1; }
  t1=$EPOCHREALTIME
  read -ra stat <"/proc/$app_pid/stat"
  # utime and stime, fields 14 and 15 (counted after the command name, which has no space here).
  local ticks=$((stat[13] + stat[14])) hwm phase
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$app_pid/status")
  if [ "$variant" = image ]; then
    sed -n '2,20p' <<<"$seeds" | timed_requests "$fn" "$port" | sed "s/^/$fn\t$run\tafter-cold\t/" >>"$work/requests.tsv"
    sed -n '21,50p' <<<"$seeds" | timed_requests "$fn" "$port" >/dev/null
    sed -n '51,69p' <<<"$seeds" | timed_requests "$fn" "$port" | sed "s/^/$fn\t$run\twarm\t/" >>"$work/requests.tsv"
  fi
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=''
  phase=$(phases "$work/$fn-$variant.log" "$t0")
  local cpu ready_cpu
  cpu=$(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc)
  ready_cpu=$(awk '{ print $2 + $4 + $6 }' <<<"$phase")
  measured="$(echo "$t1 - $t0" | bc) $cpu $((hwm / 1024)) $phase $(echo "$t1 - $ready_at" | bc) $(echo "$cpu - $ready_cpu" | bc)"
}

printf 'function\tvariant\tseconds\tcpu_seconds\tpeak_rss_mb\tboot_s\tboot_cpu\trefresh_s\trefresh_cpu\tready_s\tready_cpu\tfirst_s\tfirst_cpu\tload\n' >"$work/runs.tsv"
printf 'function\trun\twhen\tms\n' >"$work/requests.tsv"
for ((run = 1; run <= runs; run++)); do
  for fn in "${functions[@]}"; do
    # Alternate which goes first, so that neither always meets a warmer page cache.
    variants=(plain image)
    ((run % 2)) || variants=(image plain)
    for variant in "${variants[@]}"; do
      launch "$fn" "$variant" "$run"
      load=$(cut -d' ' -f1 /proc/loadavg)
      printf '%s\t%s\t%s\t%s\n' "$fn" "$variant" "${measured// /$'\t'}" "$load" >>"$work/runs.tsv"
      read -r secs cpu rss _ <<<"$measured"
      printf 'run %d/%d  %-10s %-5s %6.2f s  %6.2f CPU-s  %5d MB  load %s\n' "$run" "$runs" "$fn" "$variant" "$secs" "$cpu" "$rss" "$load"
    done
  done
done

echo
echo "Cold start, launch to first successful request: medians of $runs runs ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
bench/cold-start/table.awk "$work/runs.tsv" | tee "$work/table.txt"
echo
bench/cold-start/phases.awk "$work/runs.tsv" | tee -a "$work/table.txt"
echo
bench/cold-start/requests.awk "$work/requests.tsv" | tee -a "$work/table.txt"
