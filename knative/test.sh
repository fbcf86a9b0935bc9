#!/usr/bin/env bash
# Checks the Knative deployment without a cluster: renders every overlay through `deploy.sh knative render`,
# validates the result with ../shared/knative-crds/validate (strict schemas + admission-webhook rules), checks
# what the schemas cannot know (references between our own objects), dry-runs `deploy.sh knative up`, and
# runs shellcheck on the scripts. Run by ./test.sh; alone: knative/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

validator=${SCRAPBOOK_KNATIVE_VALIDATOR:-../shared/knative-crds/validate}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if ! command -v kubectl >/dev/null; then
  echo "knative/test.sh: SKIPPED, kubectl is not installed (it renders the kustomizations offline)"
  exit 0
fi

overlays=()
for dir in knative/overlays/*/; do
  overlays+=("$(basename "$dir")")
done

cross_check=yes
if ! python3 -c 'import yaml' 2>/dev/null; then
  cross_check=
  echo "knative/test.sh: cross-checks SKIPPED, python3 lacks PyYAML (apt-get install python3-yaml)"
fi
for overlay in "${overlays[@]}"; do
  REGISTRY=registry.test/scrapbook TAG=test ./deploy.sh knative render "$overlay" >"$out/$overlay.yaml"
  if [ -n "$cross_check" ]; then
    python3 knative/check_manifests.py "$overlay" "$out/$overlay.yaml"
  fi
done

if [ -x "$validator" ]; then
  for overlay in "${overlays[@]}"; do
    "$validator" "$out/$overlay.yaml" >"$out/$overlay.validation" || {
      grep -v '^OK' "$out/$overlay.validation" >&2
      echo "knative/test.sh: overlay $overlay fails validation" >&2
      exit 1
    }
    echo "knative overlay $overlay: $(grep -c '^OK' "$out/$overlay.validation") documents valid"
  done
else
  echo "knative/test.sh: validation SKIPPED, no validator at $validator (it lives beside the repository in the"
  echo "  project's workplace; set SCRAPBOOK_KNATIVE_VALIDATOR to use one elsewhere)"
fi

# The up sequence, end to end but printed: data tier before the app tier, secrets before pods, every wait.
REGISTRY=registry.test/scrapbook TAG=test ./deploy.sh knative up dev --dry-run >"$out/up.txt"
for expected in 'build --build-arg FUNCTION=thumbnail -f images/Dockerfile' \
  'push registry.test/scrapbook/scrapbook-gallery:test' \
  'create secret generic scrapbook-auth' \
  'kubectl apply -f - -l scrapbook.dev/tier=data' \
  'kubectl -n scrapbook-dev delete job migrate --ignore-not-found' \
  'kubectl apply -f - -l scrapbook.dev/step=migrate' \
  'wait --for=condition=Complete --timeout=600s job/migrate' \
  'wait --for=condition=Ready --timeout=600s ksvc --all'; do
  grep -qF -- "$expected" "$out/up.txt" || {
    cat "$out/up.txt" >&2
    echo "knative/test.sh: 'deploy.sh knative up --dry-run' did not print: $expected" >&2
    exit 1
  }
done
if REGISTRY=registry.test/scrapbook ./deploy.sh knative up prod --dry-run >"$out/prod.txt" 2>&1; then
  echo "knative/test.sh: deploy.sh deployed prod while it still names example.com" >&2
  exit 1
fi
echo "deploy.sh knative up --dry-run: the expected sequence"

if command -v shellcheck >/dev/null; then
  shellcheck -x deploy.sh knative/test.sh
  echo "shellcheck: deploy.sh knative/test.sh clean"
else
  echo "knative/test.sh: shellcheck SKIPPED (apt-get install shellcheck)"
fi
