# shellcheck shell=bash
# Throwaway services for running functions outside the local runtime (the image test, the cold-start
# benchmark): a database of its own on the machine's PostgreSQL, an in-memory S3 server, the machine's
# RabbitMQ. Sourced from the repository root after `mvn -pl core compile` (or in an image build, see
# images/Dockerfile). start_services exports the
# functions' environment; stop_services drops and stops what start_services made.

readonly services_exchange=scrapbook.bench   # one name for every run: no queue is bound, nothing piles up

start_services() {
  local cp_file=core/target/s3server.classpath port s3_server
  services_db="scrapbook_bench_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  psql -qX -h 127.0.0.1 -U postgres -c "create database $services_db" postgres
  # An image build brings S3Server compiled, with its class path; from a checkout it runs from source.
  if [ -n "${S3_SERVER_CLASSPATH:-}" ]; then
    s3_server=(-cp "$S3_SERVER_CLASSPATH" S3Server)
  else
    if [ ! -s "$cp_file" ] || [ core/pom.xml -nt "$cp_file" ]; then
      mvn -q -B -pl core dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
    fi
    s3_server=(-cp "core/target/classes:$(cat "$cp_file")" scripts/S3Server.java)
  fi
  port=$(free_port)
  : >"${TMPDIR:-/tmp}/$services_db-s3.log"
  export SCRAPBOOK_S3_ACCESS_KEY=bench SCRAPBOOK_S3_SECRET_KEY="bench-$services_db"
  export SCRAPBOOK_S3_ENDPOINT="http://127.0.0.1:$port"
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${s3_server[@]}" "$port" "$SCRAPBOOK_S3_ACCESS_KEY" "$SCRAPBOOK_S3_SECRET_KEY" \
    scrapbook-originals scrapbook-thumbnails >"${TMPDIR:-/tmp}/$services_db-s3.log" 2>&1 &
  services_s3_pid=$!
  for _ in $(seq 1 300); do
    grep -q '^S3 ready' "${TMPDIR:-/tmp}/$services_db-s3.log" && break
    kill -0 "$services_s3_pid" 2>/dev/null || { cat "${TMPDIR:-/tmp}/$services_db-s3.log" >&2; return 1; }
    sleep 0.1
  done
  export SCRAPBOOK_DB_URL="jdbc:postgresql://127.0.0.1:5432/$services_db"
  export SCRAPBOOK_AUTH_SECRET="bench-secret-that-is-long-enough-for-hmac-$services_db"
  export SCRAPBOOK_EVENTS_EXCHANGE=$services_exchange
  export SCRAPBOOK_DB_MIGRATE=false
  # share refuses to serve without it (link URLs never come from the Host header); any origin does for training.
  export SCRAPBOOK_SHARE_PUBLIC_URL=http://share.scrapbook.test
}

stop_services() {
  if [ -n "${services_s3_pid:-}" ]; then
    kill "$services_s3_pid" 2>/dev/null || true
    wait "$services_s3_pid" 2>/dev/null || true
  fi
  if [ -n "${services_db:-}" ]; then
    psql -qX -h 127.0.0.1 -U postgres -c "drop database if exists $services_db with (force)" postgres
    rm -f "${TMPDIR:-/tmp}/$services_db-s3.log"
  fi
  services_s3_pid='' services_db=
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    port_free "$port" && { echo "$port"; return; }
  done
}
