#!/usr/bin/env bash
# Runs Image Scrapbook.
#   ./deploy.sh local     every function in one process on http://127.0.0.1:${SCRAPBOOK_PORT:-8080}
# The knative and gcf targets arrive with their own issue.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

usage() {
  echo "usage: $0 local" >&2
  exit 2
}

local_jar=local/target/local-0.1.0-SNAPSHOT.jar

build_if_stale() {
  if [ -n "${SCRAPBOOK_SKIP_BUILD:-}" ] && [ -f "$local_jar" ]; then
    return
  fi
  if [ ! -f "$local_jar" ] || [ -n "$(find pom.xml core functions local -newer "$local_jar" -type f -not -path '*/target/*' -print -quit)" ]; then
    echo "building..."
    mvn -q -B -DskipTests install
  fi
}

run_local() {
  find_java
  ensure_services
  build_if_stale
  exec "$JAVA_HOME/bin/java" -jar "$local_jar"
}

case "${1:-}" in
  local) run_local ;;
  *) usage ;;
esac
