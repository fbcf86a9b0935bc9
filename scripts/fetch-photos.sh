#!/usr/bin/env bash
# Fetches a few real photographs (multi-megapixel JPEGs, landscape and portrait, progressive and
# baseline) for trying the thumbnail engine on real data. They come from a Debian package, as no
# other network is reachable here, and are never committed.
#
# Usage: scripts/fetch-photos.sh [target-folder]    (default: target/photos)
# Prints the paths of the photos. Does nothing but print them when they are already there.
set -euo pipefail

readonly package=lomiri-wallpapers-16.04 # 16 MB: the smallest Debian package of real photos found
readonly inside=usr/share/backgrounds
readonly photos=(
  Bridge_by_Sander_Klootwijk.jpg         # 4352x2448, progressive
  Dragonfly_by_Bolly.jpg                 # 4224x3168, progressive
  Wine_by_Jakkub_Mede.jpg                # 2560x3837, portrait, progressive
  free_by_Peter_Nerlich.jpg              # 2880x2160, baseline
  seeding_by_Clements_Engelhardt.jpg     # 5312x2988, progressive
)
target=${1:-target/photos}

missing=()
for photo in "${photos[@]}"; do
  [[ -s "$target/$photo" ]] || missing+=("$photo")
done

if ((${#missing[@]} > 0)); then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download "$package" >/dev/null 2>&1); then
    # A fresh machine has no package lists yet.
    apt-get update >/dev/null
    (cd "$work" && apt-get download "$package" >/dev/null)
  fi
  members=()
  for photo in "${missing[@]}"; do
    members+=("./$inside/$photo")
  done
  dpkg-deb --fsys-tarfile "$work"/*.deb | tar -x -C "$work" "${members[@]}"
  mkdir -p "$target"
  for photo in "${missing[@]}"; do
    mv "$work/$inside/$photo" "$target/$photo"
  done
fi

for photo in "${photos[@]}"; do
  echo "$target/$photo"
done
