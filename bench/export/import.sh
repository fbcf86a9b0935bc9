#!/usr/bin/env bash
# Import throughput: POST /api/account/import of an export of [images] images (small generated JPEGs with
# titles, notes, provenance and a board) into another account on the local runtime, which saves each through
# save-image's path (S3, row, confirmed event). Prints the time and images/s, beside the export of the same zip.
#
# Usage: bench/export/import.sh [images]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
# shellcheck source=bench/export/load.sh
. bench/export/load.sh

count=${1:-1000}
start_local
source_token=$(load source "$count")
started=$(date +%s.%N)
curl -fsS -H "Authorization: Bearer $source_token" "$BENCH_BASE/api/account/export" -o "$BENCH_WORK/export.zip"
exported=$(date +%s.%N)
read -r target_token _ < <("$JAVA_HOME/bin/java" bench/paths/PathsBench.java account "$BENCH_BASE" target)
curl -fsS -H "Authorization: Bearer $target_token" -H 'Content-Type: application/zip' \
  --data-binary "@$BENCH_WORK/export.zip" "$BENCH_BASE/api/account/import" -o "$BENCH_WORK/report.json"
imported=$(date +%s.%N)
echo "report: $(head -c 200 "$BENCH_WORK/report.json")"
/usr/bin/python3 - "$count" "$started" "$exported" "$imported" "$(stat -c %s "$BENCH_WORK/export.zip")" <<'PY'
import sys
n, start, mid, end, size = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"export of {n} images ({size / 1e6:.1f} MB): {mid - start:.1f} s, {n / (mid - start):.0f} images/s")
print(f"import of the same zip into another account: {end - mid:.1f} s, {n / (end - mid):.1f} images/s")
PY
