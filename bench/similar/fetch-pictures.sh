#!/usr/bin/env bash
# Fetches the pictures of the similar-images measurement: every JPEG, PNG and WebP of five Debian wallpaper
# packages (photographs, paintings, gradients, patterns, light and dark renderings of one design), about
# 130 MB of packages, since no other network is reachable here. Nothing is committed.
#
# Usage: bench/similar/fetch-pictures.sh [target-folder]   (default: target/similar/pictures)
# Prints the folder. Does nothing but print it when the pictures are already there.
set -euo pipefail

readonly packages=(lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds gnome-backgrounds ukui-wallpapers)
target=${1:-target/similar/pictures}

if [[ ! -f "$target/.complete" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download "${packages[@]}" >/dev/null 2>&1); then
    # A fresh machine has no package lists yet.
    apt-get update >/dev/null
    (cd "$work" && apt-get download "${packages[@]}" >/dev/null)
  fi
  mkdir -p "$target"
  for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$work/root"
  done
  # One flat folder; a file's name keeps its folder (mate/nature/Aqua.jpg -> mate-nature-Aqua.jpg).
  (cd "$work/root/usr/share/backgrounds" && find . -type f \( -iname '*.jpg' -o -iname '*.png' -o -iname '*.webp' \)) |
    while read -r path; do
      cp "$work/root/usr/share/backgrounds/$path" "$target/$(echo "${path#./}" | tr / -)"
    done
  touch "$target/.complete"
fi
echo "$target"
