#!/usr/bin/env bash
# The review's hostile lookup body (20 MB, 5,000,000 strings) as POST /api/images/lookup reads it, before and
# after the body cap and the list limit: bytes allocated, heap retained, body read (LookupBodyBench.java says how).
#
# Usage: bench/bodies/run.sh [rounds]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

find_java
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "building gallery and core..." >&2
mvn -o -q -B -pl functions/gallery -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath" >/dev/null
classpath="core/target/classes:functions/gallery/target/classes:$(cat "$work/classpath")"
"$JAVA_HOME/bin/java" -Xmx1g -XX:+UseSerialGC -cp "$classpath" bench/bodies/LookupBodyBench.java "${1:-5}"
