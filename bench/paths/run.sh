#!/usr/bin/env bash
# Save and gallery paths of the local runtime: POST /api/save in upload mode (1-5 MB JPEGs, 8 clients),
# GET /api/images for a user with 100,000 images (plus EXPLAIN ANALYZE of its query), and save -> thumbnail
# ready end to end. Starts its own local runtime on a throwaway database and removes it all on exit.
#
# Usage: bench/paths/run.sh [saves] [end-to-end saves] [gallery pages per client]   (defaults 160 40 150)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

saves=${1:-160}
e2e_saves=${2:-40}
pages=${3:-150}
clients=8

ensure_debian_packages
mapfile -t photos < <(scripts/fetch-photos.sh target/photos)
start_local

# Uploads: the wallpapers re-encoded at two qualities, kept when 1-5 MB.
uploads="$BENCH_WORK/uploads"
mkdir -p "$uploads"
for photo in "${photos[@]}"; do
  for quality in 92 97; do
    vips copy "$photo" "$uploads/$(basename "$photo" .jpg)-q$quality.jpg[Q=$quality]"
  done
done
find "$uploads" -type f \( -size -1000k -o -size +5000k \) -delete
echo "uploads: $(find "$uploads" -type f | wc -l) JPEGs, $(du -sh "$uploads" | cut -f1) ($(find "$uploads" -type f -printf '%s\n' | sort -n | awk 'NR==1{min=$1} {max=$1} END {printf "%.1f-%.1f MB", min/1e6, max/1e6}'))"

bench() {
  "$JAVA_HOME/bin/java" -Dserver.pid="$BENCH_LOCAL_PID" bench/paths/PathsBench.java "$@"
}
read -r saver_token _ < <(bench account "$BENCH_BASE" "saver")
read -r gallery_token gallery_user < <(bench account "$BENCH_BASE" "gallery")

results="$BENCH_WORK/results.tsv"
echo "save: $saves uploads by $clients clients..." >&2
bench save "$BENCH_BASE" "$saver_token" "$uploads" "$clients" "$saves" | tee -a "$results"

echo "waiting for the thumbnail backlog to drain..." >&2
for _ in $(seq 1 600); do
  [ "$(bench_sql -tAc "select count(*) from images where status = 'pending'")" = 0 ] && break
  sleep 1
done
echo "end to end: $e2e_saves saves, one client, then $clients clients..." >&2
bench e2e "$BENCH_BASE" "$saver_token" "$uploads" 1 "$e2e_saves" | sed 's/^/1 client: /' | tee -a "$results"
bench e2e "$BENCH_BASE" "$saver_token" "$uploads" "$clients" "$e2e_saves" | sed "s/^/$clients clients: /" | tee -a "$results"

echo "gallery: inserting 100,000 images for one user..." >&2
bench_sql -v owner="$gallery_user" <<'SQL'
insert into images (owner_id, sha256, status, format, width, height, bytes, page_url, page_title,
                    thumb_width, thumb_height, thumb_format, preview_width, preview_height, preview_format,
                    saved_at, event_sent_at)
select :'owner'::uuid, sha256(int8send(i)), 'ready', 'jpeg', 4000, 3000, 2500000,
       'https://example.org/page/' || i, 'Page ' || i, 400, 300, 'jpeg', 1600, 1200, 'jpeg',
       now() - i * interval '1 minute', now()
from generate_series(1, 100000) as i;
analyze images;
SQL
echo "gallery: $clients clients walking $pages pages each by cursor..." >&2
bench gallery "$BENCH_BASE" "$gallery_token" "$clients" "$pages" | tee -a "$results"
bench gallery "$BENCH_BASE" "$gallery_token" 1 "$pages" | sed 's/^/1 client: /' | tee -a "$results"
# The same walk one image a page: the difference is the cost of an item (its row, three presigned URLs, JSON).
bench gallery "$BENCH_BASE" "$gallery_token" 1 "$pages" 1 | sed 's/^/1 client: /' | tee -a "$results"

echo
echo "EXPLAIN ANALYZE of the gallery's page query (first page, and a page 50,000 images deep):"
plans="$BENCH_WORK/plans.txt"
bench_sql -v owner="$gallery_user" <<'SQL' | tee "$plans"
explain (analyze, buffers, costs off)
select id, owner_id, status, failure_reason, format, width, height, bytes, source_url, page_url, page_title, alt,
       thumb_width, thumb_height, thumb_format, preview_width, preview_height, preview_format, saved_at
  from images where owner_id = :'owner' order by saved_at desc, id desc limit 31;
select saved_at as deep_saved_at, id as deep_id from images where owner_id = :'owner'
 order by saved_at desc, id desc offset 50000 limit 1 \gset
explain (analyze, buffers, costs off)
select id, owner_id, status, failure_reason, format, width, height, bytes, source_url, page_url, page_title, alt,
       thumb_width, thumb_height, thumb_format, preview_width, preview_height, preview_format, saved_at
  from images where owner_id = :'owner' and (saved_at, id) < (:'deep_saved_at', :'deep_id')
 order by saved_at desc, id desc limit 31;
SQL
if [ "$(grep -c 'Index Scan using images_owner_saved_idx' "$plans")" -eq 2 ] && ! grep -q 'Sort' "$plans"; then
  echo "plan check: both pages read images_owner_saved_idx in order, no sort: OK"
else
  echo "plan check: FAILED, the page query does not walk images_owner_saved_idx" >&2
  exit 1
fi

echo
echo "peak RSS of the local runtime (all functions, one process): $(local_peak_rss_mb) MB"
echo "engine: $(curl -fsS "$BENCH_BASE/health")"
echo
printf "%-66s %8s %8s %8s %8s %8s %11s\n" "measurement" "requests" "req/s" "p50 ms" "p99 ms" "max ms" "server cpu"
awk -F'\t' '{printf "%-66s %8d %8.1f %8.1f %8.1f %8.1f %8s ms\n", $1, $2, $3, $4, $5, $6, $7}' "$results"
