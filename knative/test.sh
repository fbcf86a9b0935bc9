#!/usr/bin/env bash
# Checks the Knative deployment without a cluster: renders every overlay through `deploy.sh knative render` (the
# real kustomize of kubectl), validates the result with ../shared/knative-crds/validate (strict schemas +
# admission-webhook rules), checks what the schemas cannot know against the code and the peers' rules
# (check_manifests.py, peer_rules.py), runs `deploy.sh knative up/down` against a stand-in for kubectl that
# answers as such a cluster would (deploy_test.py), and runs shellcheck on the scripts.
# Installs what it needs when it is missing (shellcheck, PyYAML; root with apt-get) and fails otherwise: nothing
# is skipped, except the schema validation in a clone outside the project's workplace (no ../shared/knative-crds).
# Run by ./test.sh; alone: knative/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

crds=${SCRAPBOOK_KNATIVE_CRDS:-../shared/knative-crds}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

fail() {
  echo "knative/test.sh: $*" >&2
  exit 1
}

# Installs Debian packages as root, or fails saying which.
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    fail "missing $*: install them (apt-get install $*)"
  fi
  echo "knative/test.sh: installing $*..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# kubectl renders the overlays (kustomize v5: kubectl 1.27+). Debian's kubernetes-client is 1.20, too old to
# render them, so it is not installed from here.
command -v kubectl >/dev/null ||
  fail "kubectl is missing: install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/)"
command -v shellcheck >/dev/null || apt_install shellcheck
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then
  apt_install python3-yaml python3-jsonschema
  # Debian's python3 is the one that has them now, ahead of any other on the PATH.
  PATH=/usr/bin:$PATH
fi

overlays=()
for dir in knative/overlays/*/; do
  overlays+=("$(basename "$dir")")
done

for overlay in "${overlays[@]}"; do
  REGISTRY=registry.test/scrapbook TAG=test ./deploy.sh knative render "$overlay" >"$out/$overlay.yaml"
  python3 knative/check_manifests.py "$overlay" "$out/$overlay.yaml"
done
# The pull-secret option reaches every pod template of ours.
REGISTRY=registry.test/scrapbook TAG=test PULL_SECRET=regcred ./deploy.sh knative render dev >"$out/pull-secret.yaml"
python3 knative/check_manifests.py dev "$out/pull-secret.yaml" --pull-secret regcred

if [ -d "$crds" ]; then
  for rendered in "${overlays[@]}" pull-secret; do
    "$crds/validate" "$out/$rendered.yaml" >"$out/$rendered.validation" || {
      grep -v '^OK' "$out/$rendered.validation" >&2
      fail "$rendered fails validation"
    }
    echo "knative $rendered: $(grep -c '^OK' "$out/$rendered.validation") documents valid"
  done
else
  echo "knative/test.sh: schema validation not run: no $crds here (it lives beside the repository in the project's"
  echo "  workplace; SCRAPBOOK_KNATIVE_CRDS names another copy)"
fi

# up, down and their checks against a stand-in cluster; the build steps (skipped there) in a dry run.
python3 knative/deploy_test.py
REGISTRY=registry.test/scrapbook TAG=test ./deploy.sh knative up dev --dry-run >"$out/up.txt"
for expected in 'build --build-arg FUNCTION=thumbnail -f images/Dockerfile' \
  'push registry.test/scrapbook/scrapbook-gallery:test'; do
  grep -qF -- "$expected" "$out/up.txt" || {
    cat "$out/up.txt" >&2
    fail "'deploy.sh knative up --dry-run' did not print: $expected"
  }
done
if REGISTRY=registry.test/scrapbook ./deploy.sh knative up prod --dry-run >"$out/prod.txt" 2>&1; then
  fail "deploy.sh deployed prod while it still names example.com"
fi
echo "deploy.sh knative up --dry-run: builds and pushes each image; refuses prod while it names example.com"

shellcheck -x deploy.sh knative/test.sh
echo "shellcheck: deploy.sh knative/test.sh clean"
