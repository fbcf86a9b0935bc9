#!/usr/bin/env bash
# Shared by bench/export/run.sh and import.sh; expects bench/lib.sh's start_local to have run.
# load USERNAME COUNT: prints the user's token after loading COUNT images (originals straight into the embedded S3's
# folder, rows by \copy: see LoadGallery.java), each with a title, on one board in saved order, half of them noted.
load() {
  local token owner
  read -r token owner < <("$JAVA_HOME/bin/java" bench/paths/PathsBench.java account "$BENCH_BASE" "$1")
  "$JAVA_HOME/bin/java" bench/export/LoadGallery.java "$BENCH_WORK/data/s3/scrapbook-originals" "$owner" "$2" "$RANDOM" \
    >"$BENCH_WORK/$1.csv"
  bench_sql -v owner="$owner" <<SQL >&2
create temp table loaded (id uuid, sha text, bytes bigint);
\copy loaded from '$BENCH_WORK/$1.csv' with (format csv)
insert into images (id, owner_id, sha256, status, format, width, height, bytes, title, note, source_url, page_url,
                    saved_at, event_sent_at, phash)
select id, :'owner', decode(sha, 'hex'), 'ready', 'jpeg', 96, 64, bytes, 'photo ' || n || '.jpg',
       case when n % 2 = 0 then 'a note on photo ' || n end, 'https://example.org/photos/' || n || '.jpg',
       'https://example.org/page/' || n, now() - make_interval(secs => n), now(), 0
from (select *, row_number() over () as n from loaded) l;
insert into boards (owner_id, name) values (:'owner', 'everything');
insert into board_images (board_id, image_id, position)
select (select id from boards where owner_id = :'owner'), id, row_number() over (order by saved_at, id)
from images where owner_id = :'owner';
SQL
  echo "loaded $2 images for $1" >&2
  echo "$token"
}
