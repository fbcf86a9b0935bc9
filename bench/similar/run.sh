#!/usr/bin/env bash
# Similar images: how well the difference hash of the grid thumbnail finds the same picture saved as another
# file, and how rarely it confuses different pictures. Every picture of five Debian wallpaper packages
# (bench/similar/fetch-pictures.sh) gets eleven variants made with libvips: JPEG re-encodings at quality 50,
# 75 and 95, resizes to 25 % and 50 %, a web-sized copy (800 px wide) and that copy enlarged 200 %, PNG and
# WebP at 50 %, and two crops. Each file then goes through what the thumbnail function does (the libvips
# engine's grid thumbnail, fits 400x400, then DifferenceHash). Pairs of files of one picture should match,
# pairs of different pictures should not. The threshold is chosen on the tuning half of the pictures and
# reported on the held-out half. Variants are kept in target/similar/variants between runs.
#
# Usage: bench/similar/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

find_java
ensure_debian_packages
pictures=$(bench/similar/fetch-pictures.sh target/similar/pictures)
variants=target/similar/variants

# variant NAME OUTPUT COMMAND...: runs the vips command unless its output is already there.
variant() {
  local out=$1
  shift
  [[ -s "$out" ]] || "$@" >/dev/null
}

echo "making the variants (kept in $variants)..." >&2
for file in "$pictures"/*; do
  name=$(basename "${file%.*}")
  dir="$variants/$name"
  mkdir -p "$dir"
  width=$(vipsheader -f width "$file")
  height=$(vipsheader -f height "$file")
  ext=${file##*.}
  [[ -s "$dir/original.$ext" ]] || cp "$file" "$dir/original.$ext"
  for q in 50 75 95; do
    variant "$dir/q$q.jpg" vips copy "$file" "$dir/q$q.jpg[Q=$q,strip]"
  done
  variant "$dir/s25.jpg" vips resize "$file" "$dir/s25.jpg[Q=85,strip]" 0.25
  variant "$dir/s50.jpg" vips resize "$file" "$dir/s50.jpg[Q=85,strip]" 0.5
  web=$(awk -v w="$width" 'BEGIN { printf "%.6f", (w > 800 ? 800 / w : 1) }')
  variant "$dir/web800.jpg" vips resize "$file" "$dir/web800.jpg[Q=80,strip]" "$web"
  variant "$dir/up200.jpg" vips resize "$dir/web800.jpg" "$dir/up200.jpg[Q=90,strip]" 2
  variant "$dir/png50.png" vips resize "$file" "$dir/png50.png" 0.5
  variant "$dir/webp50.webp" vips resize "$file" "$dir/webp50.webp[Q=80,strip]" 0.5
  # 3 % off every side; 6 % off the right and the bottom only (a copy that lost an edge).
  variant "$dir/crop3.jpg" vips crop "$file" "$dir/crop3.jpg[Q=90,strip]" \
    $((width * 3 / 100)) $((height * 3 / 100)) $((width * 94 / 100)) $((height * 94 / 100))
  variant "$dir/crop6.jpg" vips crop "$file" "$dir/crop6.jpg[Q=90,strip]" 0 0 $((width * 94 / 100)) $((height * 94 / 100))
done

classpath=$(thumbnail_classpath)

echo "hashing $(find "$variants" -type f | wc -l) files..." >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$classpath" \
  bench/similar/SimilarBench.java "$variants" bench/similar/same-pictures.txt
