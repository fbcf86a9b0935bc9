#!/usr/bin/env bash
# The JPEG scan bomb (issue 15): a 10000x10000 progressive greyscale JPEG with 883 scans, 352 KB, built by the
# test suite's ProgressiveJpegs. Baseline in the same run: the same frame with 6 scans (libjpeg's progressive
# script for greyscale). Each is decoded by libvips' own vipsthumbnail, which counts no scans (what the libvips
# engine did before it refused scan bombs), and handed to the thumbnail function's libvips engine as it is now.
# Prints medians of CPU-seconds and of peak RSS.
#
# Usage: bench/scan-bomb/run.sh [trials]   (default 3; the bomb costs vipsthumbnail about 20 CPU-s a trial)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

trials=${1:-3}
find_java
missing=()
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
[[ $(ldconfig -p) == *'libvips.so.42 '* ]] || missing+=(libvips42)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]} > 0)); then
  echo "installing ${missing[*]}..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "building the thumbnail module and the test-jar's JPEG writer..." >&2
mvn -o -q -B -pl functions/thumbnail -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/scan-bomb.cp
classpath="functions/thumbnail/target/classes:core/target/test-classes:$(cat functions/thumbnail/target/bench/scan-bomb.cp)"
bench() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$classpath" bench/scan-bomb/ScanBombBench.java "$@"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$work/results"
for scans in 6 883; do
  bench write "$scans" "$work/$scans.jpg"
  for _ in $(seq 1 "$trials"); do
    echo "scans $scans: vipsthumbnail..." >&2
    /usr/bin/time -f "vipsthumbnail	$scans	%U	%S	%M" -a -o "$results" \
      vipsthumbnail "$work/$scans.jpg" --size 1600 -o "$work/out-%s.jpg" 2>/dev/null
    echo "scans $scans: the libvips engine..." >&2
    bench render "$scans" | awk -F'\t' '{printf "engine\t%s\t%s\t0\t%d\t%s\n", $1, $2, $3 * 1024, $4}' >>"$results"
  done
done

echo
echo "10000x10000 progressive greyscale JPEG: 6 scans $(stat -c %s "$work/6.jpg") bytes, 883 scans $(stat -c %s "$work/883.jpg") bytes;" \
  "medians of $trials trials; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' '
  { key = $1 "\t" $2; n[key]++; cpu[key, n[key]] = $3 + $4; rss[key, n[key]] = $5; outcome[key] = $6 }
  function median(values, count,    i, j, t, sorted) {
    for (i = 1; i <= count; i++) sorted[i] = values[i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
    return sorted[int((count + 1) / 2)]
  }
  END {
    printf "%-40s %6s %8s %14s  %s\n", "decoder", "scans", "cpu-s", "peak RSS (MB)", "outcome"
    split("vipsthumbnail engine", who, " ")
    split("6 883", scans, " ")
    for (w = 1; w <= 2; w++) for (s = 1; s <= 2; s++) {
      key = who[w] "\t" scans[s]
      for (i = 1; i <= n[key]; i++) { c[i] = cpu[key, i]; r[i] = rss[key, i] }
      label = who[w] == "engine" ? "libvips engine (now; RSS: growth)" : "vipsthumbnail (no scan count: before)"
      printf "%-40s %6s %8.2f %14d  %s\n", label, scans[s], median(c, n[key]), median(r, n[key]) / 1024, \
        who[w] == "engine" ? outcome[key] : "rendered"
      if (who[w] == "vipsthumbnail") before[scans[s]] = median(c, n[key]); else after[scans[s]] = median(c, n[key])
    }
    printf "\nthe bomb: %.1f CPU-s before (%.1fx the 6-scan image), %.3f CPU-s now (refused before decoding)\n", \
      before[883], before[883] / before[6], after[883]
  }' "$results"
