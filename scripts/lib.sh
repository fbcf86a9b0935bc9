#!/usr/bin/env bash
# Shared by deploy.sh, test.sh and .ci/run: find Java 25 and make sure the machine's services run.

find_java() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
    return
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/temurin-25*; do
    if [ -x "$candidate/bin/java" ]; then
      export JAVA_HOME="$candidate"
      return
    fi
  done
  echo "Java 25 is needed: install Temurin 25 (or openjdk-25) under /usr/lib/jvm, or set JAVA_HOME." >&2
  exit 1
}

port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_port() {
  local host=$1 port=$2 what=$3
  for _ in $(seq 1 60); do
    port_open "$host" "$port" && return 0
    sleep 1
  done
  echo "$what did not come up on $host:$port" >&2
  exit 1
}

# Starts the machine's own PostgreSQL and RabbitMQ when they are installed but stopped; says exactly what is
# missing otherwise. Only for the default loopback addresses: configured remote services are left alone.
ensure_services() {
  if [ -z "${SCRAPBOOK_DB_URL:-}" ] && ! port_open 127.0.0.1 5432; then
    if command -v pg_ctlcluster >/dev/null; then
      echo "starting PostgreSQL..."
      pg_ctlcluster --skip-systemctl-redirect "$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" | head -n 1)" main start
      wait_port 127.0.0.1 5432 PostgreSQL
    else
      echo "PostgreSQL is not running on 127.0.0.1:5432 and is not installed (apt-get install postgresql), or set SCRAPBOOK_DB_URL." >&2
      exit 1
    fi
  fi
  if [ -z "${SCRAPBOOK_RABBITMQ_URL:-}" ] && ! port_open 127.0.0.1 5672; then
    if command -v rabbitmq-server >/dev/null; then
      echo "starting RabbitMQ..."
      rabbitmq-server -detached
      wait_port 127.0.0.1 5672 RabbitMQ
    else
      echo "RabbitMQ is not running on 127.0.0.1:5672 and is not installed (apt-get install rabbitmq-server), or set SCRAPBOOK_RABBITMQ_URL." >&2
      exit 1
    fi
  fi
}
