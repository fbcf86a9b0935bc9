#!/usr/bin/env bash
# The whole test suite, against the real PostgreSQL, RabbitMQ, an S3 server and a real browser.
# Installs what the tests need when it is missing (Debian's Chromium, the npm packages, sample photographs).
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

find_java
ensure_services

if ! command -v chromium >/dev/null; then
  echo "installing Debian's Chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d e2e/node_modules/playwright-core ]; then
  npm ci --prefix e2e --no-audit --no-fund --loglevel=error
fi
scripts/fetch-photos.sh target/photos >/dev/null

# --- libvips: the thumbnail function's native engine (Debian's libvips42, patched by Debian); its tests need it ---
if ! [[ $(ldconfig -p) == *'libvips.so.42 '* ]]; then
  echo "installing Debian's libvips42 for the thumbnail engine..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvips42 >/dev/null
fi
# --- end libvips ---

# ---- Knative deployment (knative/test.sh): every overlay rendered and validated offline, deploy.sh knative run
# against a stand-in cluster, shellcheck (installed when missing). No cluster; skips the schema validation only
# where ../shared/knative-crds is absent.
knative/test.sh
# ----

# --- browser extension: both packages, the Firefox lint, and what its browser tests need ---
if ! command -v xvfb-run >/dev/null || ! command -v xdotool >/dev/null || ! command -v firefox-esr >/dev/null; then
  echo "installing Xvfb, xdotool and Firefox ESR for the extension's browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xdotool firefox-esr >/dev/null
fi
node extension/build.mjs
if [ ! -d extension/node_modules/web-ext ]; then
  npm ci --prefix extension --no-audit --no-fund --loglevel=error
fi
(cd extension && npx --no-install web-ext lint --source-dir dist/firefox --self-hosted --warnings-as-errors --output json >/dev/null) \
  || { echo "web-ext lint found problems in the Firefox package: run it in extension/ to see them" >&2; exit 1; }
# --- end of the extension block ---

mvn -B verify "$@"

# --- Container image steps (images/README.md): extract, migrate, train the AOT cache, start with it, save. ---
images/test.sh
