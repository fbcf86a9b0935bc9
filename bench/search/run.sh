#!/usr/bin/env bash
# Search of one user's 100,000 images (and 100,000 more of 100 other users) through GET /api/images on the
# local runtime: first pages and cursor walks for words rare and common, prefixes, site:, format, a date
# window and combinations, and GET /api/images/{id}/similar, beside the plain gallery in the same run; then
# EXPLAIN ANALYZE of each kind's query inside PostgreSQL (median of 9 runs: the database's own share of the
# time), and of the similar-image statements beside V9's lookup as it was planned before V12, checked for index
# use. Starts its own local runtime on a throwaway database and removes it all on exit.
#
# Usage: bench/search/run.sh [requests per kind]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

count=${1:-200}
start_local

read -r token owner < <("$JAVA_HOME/bin/java" bench/paths/PathsBench.java account "$BENCH_BASE" "searcher")
bench_sql -c "insert into users (username, password_hash) select 'other-' || n, 'not a hash' from generate_series(1, 100) n"
echo "loading 100,000 images for one user and 100,000 for 100 others..." >&2
time bench_sql -v owner="$owner" -f bench/search/load.sql >&2

# Words by how many of the user's images they are in (ts_stat counts documents per lexeme).
words() { # words MIN MAX HOW-MANY: lexemes in MIN..MAX of the images, site: terms apart
  bench_sql -tA -v owner="$owner" -v lo="$1" -v hi="$2" -v n="$3" <<'SQL'
select word from ts_stat(format('select search from images where owner_id = %L', :'owner'))
where word !~ '^(site:|[0-9])' and ndoc between :lo and :hi order by md5(word) limit :n;
SQL
}
sites() { # sites MIN MAX HOW-MANY: page hosts in MIN..MAX of the user's images
  bench_sql -tA -v owner="$owner" -v lo="$1" -v hi="$2" -v n="$3" <<'SQL'
select scrapbook_host(page_url) from images where owner_id = :'owner' group by 1
having count(*) between :lo and :hi order by md5(scrapbook_host(page_url)) limit :n;
SQL
}
mapfile -t rare < <(words 10 40 20)
mapfile -t medium < <(words 1000 3000 20)
mapfile -t common < <(words 8000 15000 20)
mapfile -t top < <(words 30000 100000 5)
mapfile -t big_sites < <(sites 2000 10000 10)
mapfile -t small_sites < <(sites 5 30 10)
mapfile -t similar_ids < <(bench_sql -tA -v owner="$owner" <<<"select id from images where owner_id = :'owner' order by md5(id::text) limit 50")
echo "words: rare ${rare[*]:0:3}..., medium ${medium[*]:0:3}..., common ${common[*]:0:3}..., top ${top[*]}; sites: ${big_sites[*]:0:2}..., ${small_sites[*]:0:2}..." >&2

week_after=$(date -u -d '-30 days' +%Y-%m-%dT%H:%M:%SZ)
week_before=$(date -u -d '-23 days' +%Y-%m-%dT%H:%M:%SZ)
requests="$BENCH_WORK/requests.tsv"
kind() { # kind NAME MODE PATH...
  local name=$1 mode=$2
  shift 2
  (IFS=$'\t'; echo "$name"$'\t'"$mode"$'\t'"$*") >>"$requests"
}
each() { # each PREFIX SUFFIX WORD...: one path per word
  local prefix=$1 suffix=$2
  shift 2
  for word in "$@"; do echo "$prefix$word$suffix"; done
}
kind "baseline: gallery, first page" first /api/images
kind "baseline: gallery, walking 20 pages" walk /api/images
mapfile -t paths < <(each '/api/images?q=' '' "${rare[@]}"); kind "q: a rare word (10-40 images)" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=' '' "${medium[@]}"); kind "q: a word in 1-3 %" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=' '' "${common[@]}"); kind "q: a word in 8-15 %" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=' '' "${top[@]}"); kind "q: a word in over 30 %" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=' '' "${common[@]}"); kind "q: a word in 8-15 %, walking 20 pages" walk "${paths[@]}"
mapfile -t paths < <(for i in "${!common[@]}"; do echo "/api/images?q=${medium[$((i % ${#medium[@]}))]}%20${common[$i]}"; done)
kind "q: two words (1-3 % and 8-15 %)" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=' '' ka lo mi re st ve da pr so tu); kind "q: two letters (a prefix of many words)" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=' '' qzx zzyq xxqw); kind "q: a word in no image" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=site%3A' '' "${big_sites[@]}"); kind "q: site: of a site of 2-10 %" first "${paths[@]}"
mapfile -t paths < <(each '/api/images?q=site%3A' '' "${small_sites[@]}"); kind "q: site: of a site of 5-30 images" first "${paths[@]}"
mapfile -t paths < <(for i in "${!big_sites[@]}"; do echo "/api/images?q=${common[$((i % ${#common[@]}))]}%20site%3A${big_sites[$i]}"; done)
kind "q: a word in 8-15 % and site: of 2-10 %" first "${paths[@]}"
kind "format=gif (3 %)" first '/api/images?format=gif'
kind "a week (savedAfter, savedBefore)" first "/api/images?savedAfter=$week_after&savedBefore=$week_before"
mapfile -t paths < <(each '/api/images?format=jpeg&savedAfter='"$week_after"'&savedBefore='"$week_before"'&q=' '' "${medium[@]}")
kind "q: a word in 1-3 %, jpeg, a week" first "${paths[@]}"
mapfile -t paths < <(each '/api/images/' '/similar' "${similar_ids[@]}"); kind "similar: GET /api/images/{id}/similar" first "${paths[@]}"

results="$BENCH_WORK/results.tsv"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "measuring, $count requests a kind, one client (load average $load_at_start)..." >&2
"$JAVA_HOME/bin/java" bench/search/SearchBench.java "$BENCH_BASE" "$token" "$requests" "$count" | tee "$results" >&2

echo
echo "EXPLAIN ANALYZE of the queries behind them, the database's own share: the access path (first run's plan), and"
echo "the median execution time PostgreSQL took (timing off: no clock overhead per node):"
plans="$BENCH_WORK/plans.txt"
out="$BENCH_WORK/explain.out"
runs=9
median() { # median NAME: reads execution times in ms, one a line; prints NAME's median, min and max
  sort -n | awk -v name="$1" '{t[NR] = $1} END {printf "-- %s: median %.2f ms of %d (min %.2f, max %.2f)\n", name, t[int((NR + 1) / 2)], NR, t[1], t[NR]}'
}
access_path() { # the lines of a plan that say how it reads
  grep -E 'Scan|Sort|Append|Aggregate|SubPlan|Nested|Hash|Limit' "$out" | grep -vE 'Sort (Method|Key)' | sed 's/  */ /g'
}
execution_ms() {
  sed -n 's/.*Execution Time: \([0-9.]*\) ms.*/\1/p' "$out"
}
explain() { # explain NAME WHERE: the search's statement $runs times
  local times=()
  for i in $(seq 1 "$runs"); do
    bench_sql -v owner="$owner" >"$out" <<SQL
explain (analyze, costs off, timing off, summary on)
select id, owner_id, status, failure_reason, format, width, height, bytes, source_url, page_url, page_title, alt,
       title, note, thumb_width, thumb_height, thumb_format, preview_width, preview_height, preview_format, saved_at,
       similar_to
  from images where owner_id = :'owner' $2 order by saved_at desc, id desc limit 31;
SQL
    ((i > 1)) || access_path
    times+=("$(execution_ms)")
  done
  printf '%s\n' "${times[@]}" | median "$1"
}
{
  explain "baseline: gallery, first page" ""
  explain "q: a rare word" "and search @@ scrapbook_word_query('${rare[0]}', 'ABCD')"
  explain "q: a word in 1-3 %" "and search @@ scrapbook_word_query('${medium[0]}', 'ABCD')"
  explain "q: a word in 8-15 %" "and search @@ scrapbook_word_query('${common[0]}', 'ABCD')"
  explain "q: a word in over 30 %" "and search @@ scrapbook_word_query('${top[0]}', 'ABCD')"
  explain "q: two words" "and search @@ scrapbook_word_query('${medium[0]} ${common[0]}', 'ABCD')"
  explain "q: two letters" "and search @@ scrapbook_word_query('ka', 'ABCD')"
  explain "q: a word in no image" "and search @@ scrapbook_word_query('qzx', 'ABCD')"
  explain "q: site: of 2-10 %" "and search @@ cast('''site:${big_sites[0]}''' as tsquery)"
  explain "q: site: of 5-30 images" "and search @@ cast('''site:${small_sites[0]}''' as tsquery)"
  explain "q: a word in 8-15 % and site: of 2-10 %" \
    "and search @@ (scrapbook_word_query('${common[0]}', 'ABCD') && cast('''site:${big_sites[0]}''' as tsquery))"
  explain "format=gif" "and format = 'gif'"
  explain "a week" "and saved_at >= '$week_after' and saved_at < '$week_before'"
  explain "q: a word in 1-3 %, jpeg, a week" "and search @@ scrapbook_word_query('${medium[0]}', 'ABCD')
    and format = 'jpeg' and saved_at >= '$week_after' and saved_at < '$week_before'"
} | tee "$plans"

# Similar images: the statements ImageHashes sends (its SAME_PICTURE: one lookup per band, the exact distance and
# colour on what each finds), once for each of $runs images' hashes; beside them V9's lookup (one "or" of the four
# bands) as it was planned before V12, with V12's statistics dropped in a transaction that is rolled back. Updates
# are rolled back too.
band() { # band HASH N RADIUS: every 16-bit value within RADIUS bits of band N, as an SQL array
  /usr/bin/python3 -c "import sys; h=int(sys.argv[1]) & (2**64-1); b=(h >> (48-16*int(sys.argv[2]))) & 0xFFFF; r=int(sys.argv[3]); print('{' + ','.join(str(v) for v in range(65536) if bin(v ^ b).count('1') <= r) + '}')" "$@"
}
read -r -d '' by_band <<'SQL' || true
(select id, phash, saved_at from images where owner_id = :'owner' and phash is not null
   and ((phash >> 48) & 65535) = any(:'b0'::bigint[]) and scrapbook_hash_distance(phash, :hash) <= 11 and scrapbook_color_step(pcolor, :color) <= 8
 union
 select id, phash, saved_at from images where owner_id = :'owner' and phash is not null
   and ((phash >> 32) & 65535) = any(:'b1'::bigint[]) and scrapbook_hash_distance(phash, :hash) <= 11 and scrapbook_color_step(pcolor, :color) <= 8
 union
 select id, phash, saved_at from images where owner_id = :'owner' and phash is not null
   and ((phash >> 16) & 65535) = any(:'b2'::bigint[]) and scrapbook_hash_distance(phash, :hash) <= 11 and scrapbook_color_step(pcolor, :color) <= 8
 union
 select id, phash, saved_at from images where owner_id = :'owner' and phash is not null
   and (phash & 65535) = any(:'b3'::bigint[]) and scrapbook_hash_distance(phash, :hash) <= 11 and scrapbook_color_step(pcolor, :color) <= 8) s
SQL
v9_band_condition() { # v9_band_condition ALIAS: V9's samePicture condition
  echo "$1.phash is not null
    and ((($1.phash >> 48) & 65535) = any(:'b0'::bigint[]) or (($1.phash >> 32) & 65535) = any(:'b1'::bigint[])
         or (($1.phash >> 16) & 65535) = any(:'b2'::bigint[]) or ($1.phash & 65535) = any(:'b3'::bigint[]))
    and scrapbook_hash_distance($1.phash, :hash) <= 11 and scrapbook_color_step($1.pcolor, :color) <= 8"
}
v9_statistics='drop statistics images_phash_band0_stats, images_phash_band1_stats, images_phash_band2_stats, images_phash_band3_stats;'
cat >"$BENCH_WORK/similar-list.sql" <<SQL
explain (analyze, costs off, timing off, summary on)
select s.id, scrapbook_hash_distance(s.phash, :hash) as distance from $by_band
where s.id <> :'image' order by distance, s.saved_at desc, s.id desc limit 50;
SQL
cat >"$BENCH_WORK/similar-link.sql" <<SQL
begin;
explain (analyze, costs off, timing off, summary on)
update images i set similar_to = (
    select s.id from $by_band
    where (s.saved_at, s.id) < (i.saved_at, i.id)
    order by scrapbook_hash_distance(s.phash, :hash), s.saved_at, s.id limit 1)
where i.id = :'image';
rollback;
SQL
cat >"$BENCH_WORK/similar-list-v9.sql" <<SQL
begin;
$v9_statistics
explain (analyze, costs off, timing off, summary on)
select i.id, scrapbook_hash_distance(i.phash, :hash) as distance from images i
where i.owner_id = :'owner' and i.id <> :'image' and $(v9_band_condition i)
order by distance, i.saved_at desc, i.id desc limit 50;
rollback;
SQL
cat >"$BENCH_WORK/similar-link-v9.sql" <<SQL
begin;
$v9_statistics
explain (analyze, costs off, timing off, summary on)
update images i set similar_to = (
    select o.id from images o
    where o.owner_id = i.owner_id and (o.saved_at, o.id) < (i.saved_at, i.id) and $(v9_band_condition o)
    order by scrapbook_hash_distance(o.phash, :hash), o.saved_at, o.id limit 1)
where i.id = :'image';
rollback;
SQL
# A new image is linked when it is the owner's newest: "earlier than it" is then every other image.
mapfile -t newest < <(bench_sql -tA -v owner="$owner" <<<"select id from images where owner_id = :'owner' order by saved_at desc limit $runs")
similar() { # similar NAME FILE IMAGE...: FILE's statement once for each image's hash
  local name=$1 file=$2 times=() first=1 hash color
  shift 2
  for image in "$@"; do
    read -r hash color < <(bench_sql -tA -F ' ' -c "select phash, pcolor from images where id = '$image'")
    bench_sql -v owner="$owner" -v image="$image" -v hash="$hash" -v color="$color" -v b0="$(band "$hash" 0 2)" \
      -v b1="$(band "$hash" 1 2)" -v b2="$(band "$hash" 2 2)" -v b3="$(band "$hash" 3 2)" -f "$file" >"$out"
    ((first)) && access_path
    first=0
    times+=("$(execution_ms)")
  done
  printf '%s\n' "${times[@]}" | median "$name"
}
{
  similar "similar: an image's look-alikes, by band ($runs images)" "$BENCH_WORK/similar-list.sql" "${similar_ids[@]:0:$runs}"
  similar "similar: linking a new image, by band ($runs newest)" "$BENCH_WORK/similar-link.sql" "${newest[@]}"
} | tee "$BENCH_WORK/similar-plans.txt"
echo "-- for comparison, V9's lookup as planned before V12 (the same images):"
{
  similar "similar: an image's look-alikes, V9" "$BENCH_WORK/similar-list-v9.sql" "${similar_ids[@]:0:$runs}"
  similar "similar: linking a new image, V9" "$BENCH_WORK/similar-link-v9.sql" "${newest[@]}"
}
echo "-- similar, without the band indexes: every one of the user's hashes compared (the alternative measured)"
read -r hash color < <(bench_sql -tA -F ' ' -c "select phash, pcolor from images where id = '${similar_ids[0]}'")
bench_sql -v owner="$owner" -v hash="$hash" -v color="$color" <<'SQL' | grep -E 'Scan|Sort|Execution' | sed 's/  */ /g'
explain (analyze, costs off, timing off, summary on)
select i.id, scrapbook_hash_distance(i.phash, :hash) as distance from images i
where i.owner_id = :'owner' and i.phash is not null
  and scrapbook_hash_distance(i.phash, :hash) <= 11 and scrapbook_color_step(i.pcolor, :color) <= 8
order by distance, i.saved_at desc, i.id desc limit 50;
SQL
if grep -q 'Seq Scan' "$plans" "$BENCH_WORK/similar-plans.txt"; then
  echo "plan check: FAILED, a query reads the whole images table" >&2
  exit 1
fi
if grep -qE 'images_(search|owner_saved)_idx' "$BENCH_WORK/similar-plans.txt"; then
  echo "plan check: FAILED, the similar lookup reads all of the owner's images through an index on the owner" >&2
  exit 1
fi
echo "plan check: every query reads an index (no sequential scan of images), the similar lookup its bands: OK"

echo
echo "load average: $load_at_start when the requests began, $(cut -d' ' -f1-3 /proc/loadavg) now, on $(nproc) cores"
echo "(p50 x and p99 x: the kind's p50 and p99 over the plain gallery's first page in this run)"
printf "%-48s %8s %8s %8s %8s %8s %10s %6s %6s\n" "measurement (one client, 100,000 images)" "requests" "req/s" "p50 ms" \
  "p99 ms" "max ms" "items/page" "p50 x" "p99 x"
awk -F'\t' 'NR == 1 {p50 = $4; p99 = $5}
  {printf "%-48s %8d %8.1f %8.1f %8.1f %8.1f %10.1f %6.2f %6.2f\n", $1, $2, $3, $4, $5, $6, $7, $4 / p50, $5 / p99}' "$results"
