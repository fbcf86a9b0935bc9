# shellcheck shell=bash
# Real requests to one function, for training its AOT cache (scripts/image-steps.sh train) and for the
# cold-start benchmark (bench/cold-start). Sourced. Expects the environment a function runs with
# (SCRAPBOOK_DB_URL, SCRAPBOOK_S3_*) and psql/curl on the PATH.
#
#   seed                          -> prints "<API token> <image id>": a new user with one pending image
#   seed_many N                   -> N such lines, made in one SQL statement (the benchmark's follow-up requests)
#   first_request FN PORT TOKEN IMAGE -> the request that counts as FN's first success (exit 0 on 2xx); prints
#                                    curl's --write-out of $request_timing (unset: nothing), e.g. '%{time_total}\n'
#   training_requests FN PORT     -> a few rounds of FN's real requests on fresh data

training_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly training_photo=$training_dir/photo.jpg

# psql wants a libpq URL, the functions a JDBC one.
sql() {
  psql -qtAX -v ON_ERROR_STOP=1 "postgresql://${SCRAPBOOK_DB_USER:-postgres}@${SCRAPBOOK_DB_URL#jdbc:postgresql://}" -c "$1"
}

# A new user each time, so that every save is new and every list has exactly one image to sign URLs for.
seed() {
  local name token user image
  name="bench-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  token="sbk_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  user=$(sql "insert into users (username, password_hash) values ('$name', 'no-password') returning id")
  sql "insert into api_tokens (user_id, name, token_hash) values ('$user', 'bench', sha256('$token'::bytea))" >/dev/null
  # A made-up hash: a save of the same photo by this user must be a new image, not a duplicate.
  image=$(sql "insert into images (owner_id, sha256, format, width, height, bytes)
               values ('$user', sha256(gen_random_uuid()::text::bytea), 'jpeg', 1280, 960,
                       $(stat -c %s "$training_photo")) returning id")
  # S3 wants the payload's hash in a header, which curl's SigV4 signing does not add by itself.
  curl -fsS -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" -u "$SCRAPBOOK_S3_ACCESS_KEY:$SCRAPBOOK_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $(sha256sum "$training_photo" | cut -c1-64)" -H 'Content-Type: image/jpeg' \
    -T "$training_photo" "$SCRAPBOOK_S3_ENDPOINT/scrapbook-originals/$user/$image"
  echo "$token $image"
}

seed_many() {
  local token image user
  sql "with n as (select 'bench-' || md5(random()::text) as name,
                         'sbk_' || md5(random()::text) || md5(random()::text) as token from generate_series(1, $1)),
        u as (insert into users (username, password_hash) select name, 'no-password' from n returning id, username),
        t as (insert into api_tokens (user_id, name, token_hash)
              select u.id, 'bench', sha256(n.token::bytea) from u join n on n.name = u.username),
        i as (insert into images (owner_id, sha256, format, width, height, bytes)
              select id, sha256(gen_random_uuid()::text::bytea), 'jpeg', 1280, 960, $(stat -c %s "$training_photo")
              from u returning id, owner_id)
        select n.token, i.id, i.owner_id from i join u on u.id = i.owner_id join n on n.name = u.username" |
    while IFS='|' read -r token image user; do
      curl -fsS -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" -u "$SCRAPBOOK_S3_ACCESS_KEY:$SCRAPBOOK_S3_SECRET_KEY" \
        -H "x-amz-content-sha256: $(sha256sum "$training_photo" | cut -c1-64)" -H 'Content-Type: image/jpeg' \
        -T "$training_photo" "$SCRAPBOOK_S3_ENDPOINT/scrapbook-originals/$user/$image"
      echo "$token $image"
    done
}

# What a user's first click wakes: a save, a thumbnail event, a gallery list, a share link.
first_request() {
  local fn=$1 token=$3 image=$4 base="http://127.0.0.1:$2"
  case $fn in
    save-image)
      curl -fsS -o /dev/null -w "${request_timing:-}" -H "Authorization: Bearer $token" -H 'Content-Type: image/jpeg' \
        --data-binary "@$training_photo" "$base/api/save?pageUrl=https%3A%2F%2Fexample.org%2Fpage" ;;
    thumbnail)
      curl -fsS -o /dev/null -w "${request_timing:-}" -X POST "$base/" -H 'ce-specversion: 1.0' -H "ce-id: $image" \
        -H 'ce-type: dev.scrapbook.image.saved' -H 'ce-source: /scrapbook/save-image' -H "ce-subject: $image" \
        -H 'Content-Type: application/json' --data "{\"imageId\":\"$image\"}" ;;
    gallery)
      curl -fsS -o /dev/null -w "${request_timing:-}" -H "Authorization: Bearer $token" "$base/api/images" ;;
    share)
      # A public link to the seeded image, opened as a visitor would (43 hex characters are a valid token).
      local link
      link=$(od -An -N22 -tx1 /dev/urandom | tr -d ' \n' | cut -c1-43)
      sql "insert into share_links (image_id, token_hash, include_original)
           values ('$image', sha256('$link'::bytea), false)" >/dev/null
      curl -fsS -o /dev/null -w "${request_timing:-}" "$base/s/$link" ;;
    *)
      echo "unknown function: $fn" >&2
      return 2 ;;
  esac
}

training_requests() {
  local fn=$1 port=$2 token image
  for _ in 1 2 3; do
    read -r token image < <(seed)
    # Knative's queue-proxy polls the readiness probe before it hands the first request over.
    curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"
    first_request "$fn" "$port" "$token" "$image"
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health"
    # The refusal path too: a request without credentials is a 401 problem.
    curl -sS -o /dev/null "http://127.0.0.1:$port/api/images"
  done
}
