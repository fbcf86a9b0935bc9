#!/usr/bin/env bash
# Deleting an account: DELETE /api/account of an account with [images] images (an original and two renditions
# each, so 3 objects an image, in the two buckets of the local runtime's embedded S3), beside the baseline measured
# in the same run: the only way to empty an account before it, DELETE /api/images/{id} one image at a time (one
# request and three single-object deletes each), for [baseline] images. [rounds] rounds of each, a fresh account
# each; prints medians, the time per image and the ratio. The galleries are written straight into the embedded S3's
# folder and the database (bench/export's LoadGallery for the originals, the same bytes as both renditions).
#
# Usage: bench/account-deletion/run.sh [rounds] [images] [baseline]   (defaults 3, 10000, 1000)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

rounds=${1:-3}
images=${2:-10000}
baseline=${3:-1000}
start_local
s3_dir="$BENCH_WORK/data/s3"
results="$BENCH_WORK/results.tsv"
: >"$results"

# load NAME COUNT: prints "token owner" of a fresh account holding COUNT ready images, each with its three objects.
load() {
  local token owner
  read -r token owner < <("$JAVA_HOME/bin/java" bench/paths/PathsBench.java account "$BENCH_BASE" "$1")
  "$JAVA_HOME/bin/java" bench/export/LoadGallery.java "$s3_dir/scrapbook-originals" "$owner" "$2" "$RANDOM" \
    >"$BENCH_WORK/$1.csv"
  /usr/bin/python3 - "$s3_dir" "$owner" "$BENCH_WORK/$1.csv" <<'PY'
import hashlib, os, sys
s3, owner, rows = sys.argv[1:]
# S3Proxy's filesystem-nio2 backend lists an object only with the MD5 it keeps in this extended attribute (its
# "user.content-md5" in the user namespace); a file written beside it without one makes the listing fail.
MD5 = "user.user.content-md5"
for line in open(rows):
    image = line.split(",")[0]
    original = os.path.join(s3, "scrapbook-originals", owner, image)
    data = open(original, "rb").read()
    md5 = hashlib.md5(data).digest()
    os.setxattr(original, MD5, md5)
    folder = os.path.join(s3, "scrapbook-thumbnails", owner, image)
    os.makedirs(folder, exist_ok=True)
    for rendition in ("grid.jpg", "preview.jpg"):
        path = os.path.join(folder, rendition)
        with open(path, "wb") as out:
            out.write(data)
        os.setxattr(path, MD5, md5)
PY
  bench_sql -v owner="$owner" <<SQL >&2
create temp table loaded (id uuid, sha text, bytes bigint);
\copy loaded from '$BENCH_WORK/$1.csv' with (format csv)
insert into images (id, owner_id, sha256, status, format, width, height, bytes, thumb_width, thumb_height, thumb_format,
                    preview_width, preview_height, preview_format, saved_at, event_sent_at)
select id, :'owner', decode(sha, 'hex'), 'ready', 'jpeg', 96, 64, bytes, 96, 64, 'jpeg', 96, 64, 'jpeg',
       now() - make_interval(secs => n), now()
from (select *, row_number() over () as n from loaded) l;
SQL
  echo "$token $owner"
}

objects_under() {
  # No folder left at all is no object left: find's complaint about it is not an error here.
  { find "$s3_dir/scrapbook-originals/$1" "$s3_dir/scrapbook-thumbnails/$1" -type f 2>/dev/null || true; } | wc -l
}

for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  read -r token owner < <(load "whole$round" "$images")
  echo "  $(objects_under "$owner") objects under the account; DELETE /api/account..." >&2
  seconds=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -X DELETE -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"password\": \"bench-password-whole$round\"}" "$BENCH_BASE/api/account")
  if [[ $seconds != 204* ]]; then
    echo "DELETE /api/account answered ${seconds% *}; the runtime's log:" >&2
    grep -A3 'deletion' "$BENCH_WORK/local.log" | tail -n 20 >&2
    exit 1
  fi
  left=$(objects_under "$owner")
  printf 'account\t%s\t%s\t%s\n' "$images" "${seconds#* }" "$left" >>"$results"

  read -r token owner < <(load "byhand$round" "$baseline")
  echo "  baseline: DELETE /api/images/{id} x $baseline..." >&2
  seconds=$(/usr/bin/python3 - "$BENCH_BASE" "$token" "$BENCH_WORK/byhand$round.csv" <<'PY'
import http.client, sys, time, urllib.parse
base, token, rows = sys.argv[1:]
url = urllib.parse.urlsplit(base)
connection = http.client.HTTPConnection(url.hostname, url.port)
ids = [line.split(",")[0] for line in open(rows)]
started = time.monotonic()
for image in ids:
    connection.request("DELETE", f"/api/images/{image}", headers={"Authorization": f"Bearer {token}"})
    answer = connection.getresponse()
    answer.read()
    if answer.status != 204:
        sys.exit(f"DELETE /api/images/{image} answered {answer.status}")
print(f"{time.monotonic() - started:.3f}")
PY
)
  printf 'one by one\t%s\t%s\t%s\n' "$baseline" "$seconds" "$(objects_under "$owner")" >>"$results"
done

echo
echo "deleting an account's images and objects (3 objects an image) on the local runtime, $rounds rounds each"
/usr/bin/python3 - "$results" <<'PY'
import statistics, sys
cases = {}
for line in open(sys.argv[1]):
    name, count, seconds, left = line.rstrip("\n").split("\t")
    cases.setdefault(name, []).append((int(count), float(seconds), int(left)))
per_image = {}
print(f"{'case':<12}{'images':>8}{'median s':>10}{'ms an image':>13}{'objects left':>14}")
for name, runs in cases.items():
    seconds = statistics.median(r[1] for r in runs)
    per_image[name] = seconds * 1000 / runs[0][0]
    print(f"{name:<12}{runs[0][0]:>8}{seconds:>10.2f}{per_image[name]:>13.3f}{max(r[2] for r in runs):>14}")
print(f"ratio one by one / account, per image: {per_image['one by one'] / per_image['account']:.1f}")
PY
