#!/usr/bin/env bash
# Thumbnail benchmark: the libvips and pure-Java engines against PIL's thumbnail() and vipsthumbnail,
# in one run, on real photographs (a Debian wallpaper package). Prints medians and the ratios the
# issue sets as targets. Numbers are for this machine at this moment: run it twice before believing one.
#
# Usage: bench/thumbnails/run.sh [rounds] [trials]   (defaults 4 and 3: each trial renders 5 x rounds photos)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

rounds=${1:-4}
trials=${2:-3}
find_java

missing=()
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
/usr/bin/python3 -c 'import PIL' 2>/dev/null || missing+=(python3-pil)
[[ $(ldconfig -p) == *'libvips.so.42 '* ]] || missing+=(libvips42)
if ((${#missing[@]} > 0)); then
  echo "installing ${missing[*]}..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mapfile -t photos < <(scripts/fetch-photos.sh target/photos)
classpath=$(thumbnail_classpath)

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for engine in libvips java; do
  echo "engine $engine..." >&2
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$classpath" \
    bench/thumbnails/EngineBench.java "$engine" "$rounds" "$trials" "${photos[@]}" | tee -a "$results"
done
echo "baselines (PIL, vipsthumbnail)..." >&2
/usr/bin/python3 bench/thumbnails/baselines.py "$rounds" "$trials" "${photos[@]}" | tee -a "$results"

echo
echo "photos: ${#photos[@]} ($(vipsheader "${photos[@]}" | awk '{print $2}' | paste -sd' ')), rounds $rounds, trials $trials, $(nproc) cores"
awk -F'\t' '
  $2 ~ /^[12]$/ { rate[$1, $2] = $3; cpu[$1, $2] = $4 }
  END {
    printf "%-14s %7s %9s %12s\n", "engine", "threads", "images/s", "cpu-s/image"
    split("libvips java pil vipsthumbnail", names, " ")
    for (i = 1; i <= 4; i++) for (t = 1; t <= 2; t++)
      printf "%-14s %7d %9.2f %12.3f\n", names[i], t, rate[names[i], t], cpu[names[i], t]
    print ""
    for (t = 1; t <= 2; t++) {
      printf "threads %d: libvips cpu-s/image = %.2fx vipsthumbnail (target <= 1.1)\n", t, cpu["libvips", t] / cpu["vipsthumbnail", t]
      printf "threads %d: libvips images/s    = %.2fx PIL (target >= 1.0)\n", t, rate["libvips", t] / rate["pil", t]
      printf "threads %d: java images/s       = %.2fx PIL (target >= 0.5)\n", t, rate["java", t] / rate["pil", t]
    }
    # Wall-clock rates swing with whatever else runs on the machine; CPU per image hardly does, and on
    # an idle machine throughput per busy core is its inverse.
    print ""
    printf "by CPU per image (1 thread): libvips = %.2fx PIL throughput, java = %.2fx PIL throughput\n", cpu["pil", 1] / cpu["libvips", 1], cpu["pil", 1] / cpu["java", 1]
  }' "$results"
grep peak-rss "$results" | awk -F'\t' '{printf "peak RSS of the %s benchmark process (all photos in memory; JVMs with their default heap): %d MB\n", $1, $3}'
