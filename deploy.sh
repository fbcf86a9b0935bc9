#!/usr/bin/env bash
# Runs Image Scrapbook.
#   ./deploy.sh local                          every function in one process on http://127.0.0.1:${SCRAPBOOK_PORT:-8080}
#   ./deploy.sh knative up [dev|prod]          build and push the images to $REGISTRY, apply the overlay, wait, print URLs
#   ./deploy.sh knative down [dev|prod] [--purge]   remove the app; --purge also the data (database, queues, S3, secrets)
#   ./deploy.sh knative status [dev|prod]      services, sources, data services, the dead-letter queue
#   ./deploy.sh knative render [dev|prod]      print the manifests (no cluster needed)
#   ./deploy.sh gcf [function...]              deploy to Google Cloud Functions (2nd gen)
# --dry-run (knative up/down, gcf) prints the commands that change something instead of running them;
# --no-build (knative up) deploys images already in $REGISTRY at $TAG (a rollback to an earlier TAG).
# Environment: REGISTRY (knative up), TAG (default: the git commit), GCF_REGION, GCF_RUNTIME, GCF_ENV_FILE.
# PULL_SECRET (knative up/render): the docker-registry secret in the namespace that pulls a private REGISTRY.
# knative/README.md and README.md explain the targets.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

FUNCTIONS=(save-image thumbnail gallery share)
DRY_RUN=
PURGE=
NO_BUILD=

# The comment block at the top of this file, from its third line.
usage() {
  awk 'NR > 2 && !/^#/ { exit } NR > 2 { sub(/^# ?/, ""); print }' "$0" >&2
  exit 2
}

die() {
  echo "deploy.sh: $*" >&2
  exit 1
}

# Runs a command that changes something, or only prints it under --dry-run.
run() {
  if [ -n "$DRY_RUN" ]; then
    echo "+ $*"
  else
    "$@"
  fi
}

# ---------------------------------------------------------------- local ----

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

# -------------------------------------------------------------- knative ----

# The commit, plus a time stamp when the tree has uncommitted changes: Knative pins a tag to the digest it had
# when the revision was made, so new content under an old tag would never roll out.
image_tag() {
  local commit
  if [ -n "${TAG:-}" ]; then
    echo "$TAG"
  elif ! commit=$(git rev-parse --short=12 HEAD 2>/dev/null); then
    date -u +build-%Y%m%d%H%M%S
  elif [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    echo "$commit-dirty-$(date -u +%Y%m%d%H%M%S)"
  else
    echo "$commit"
  fi
}

# The overlay rendered with the image names set: $REGISTRY/scrapbook-<function>:<tag>, and with PULL_SECRET in
# the pod templates of our images. A throw-away kustomization on top of the overlay does it, so the overlays in
# git never carry a registry.
render() {
  local overlay=$1 registry=${REGISTRY:-} pull_secret=${PULL_SECRET:-} tag work
  tag=$(image_tag)
  [ -d "knative/overlays/$overlay" ] ||
    die "no overlay knative/overlays/$overlay (have: $(find knative/overlays -mindepth 1 -maxdepth 1 -printf '%f ' | sort))"
  [[ -z $pull_secret || $pull_secret =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] ||
    die "PULL_SECRET=$pull_secret is not the name of a Kubernetes secret"
  # Inside knative/ because kustomize takes only relative paths to a base.
  work=$(mktemp -d knative/.render.XXXXXX)
  {
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "resources:"
    echo "  - ../overlays/$overlay"
    echo "images:"
    for fn in "${FUNCTIONS[@]}"; do
      echo "  - name: scrapbook-$fn"
      echo "    newName: ${registry:+$registry/}scrapbook-$fn"
      echo "    newTag: \"$tag\""
    done
    # Knative also reads the revision's imagePullSecrets to resolve the tag to a digest (knative/README.md).
    if [ -n "$pull_secret" ]; then
      echo "patches:"
      for target in "group: serving.knative.dev, kind: Service|/spec/template/spec" "kind: Job|/spec/template/spec" \
        "kind: CronJob|/spec/jobTemplate/spec/template/spec"; do
        echo "  - target: {${target%%|*}}"
        echo "    patch: '[{\"op\": \"add\", \"path\": \"${target#*|}/imagePullSecrets\", \"value\": [{\"name\": \"$pull_secret\"}]}]'"
      done
    fi
  } >"$work/kustomization.yaml"
  if ! kubectl kustomize "$work"; then
    rm -rf "$work"
    die "kubectl kustomize failed for knative/overlays/$overlay"
  fi
  rm -rf "$work"
}

namespace_of() {
  sed -n 's/^namespace: *//p' "knative/overlays/$1/kustomization.yaml"
}

require_kubectl() {
  command -v kubectl >/dev/null || die "kubectl is not installed: https://kubernetes.io/docs/tasks/tools/"
}

# kubectl, a current context, a reachable API server and the operators' CRDs. Under --dry-run only reported.
require_cluster() {
  require_kubectl
  if [ -n "$DRY_RUN" ]; then
    echo "(dry run: the cluster, its context and its operators are not checked)"
    return
  fi
  local context
  context=$(kubectl config current-context 2>/dev/null) ||
    die "kubectl has no current context: choose a cluster with 'kubectl config use-context NAME'"
  kubectl version --request-timeout=10s >/dev/null 2>&1 ||
    die "the cluster of context '$context' does not answer (kubectl version failed)"
  local missing=()
  for crd in services.serving.knative.dev:"Knative Serving" \
    rabbitmqsources.sources.knative.dev:"eventing-rabbitmq (the RabbitMQ source)" \
    rabbitmqclusters.rabbitmq.com:"the RabbitMQ cluster operator" \
    queues.rabbitmq.com:"the RabbitMQ messaging-topology operator" \
    clusters.postgresql.cnpg.io:"CloudNativePG"; do
    kubectl get crd "${crd%%:*}" >/dev/null 2>&1 || missing+=("${crd#*:} (CRD ${crd%%:*})")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'deploy.sh: the cluster of context %s lacks:\n' "$context" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    die "install them first: knative/README.md, \"Prerequisites\""
  fi
  echo "cluster: context $context"
}

# The one place that knows how an image is made; adjust here when the image recipe changes.
build_and_push_images() {
  local registry=$1 tag=$2 builder
  builder=$(command -v docker || command -v podman) || builder=
  if [ -n "$DRY_RUN" ]; then
    builder=${builder:-docker}
  else
    [ -n "$builder" ] || die "neither docker nor podman is installed: one of them builds the images"
    [ -f images/Dockerfile ] || die "images/Dockerfile is missing: the image recipe comes with the container-image change"
  fi
  run mvn -q -B -DskipTests package -pl "$(printf 'functions/%s,' "${FUNCTIONS[@]}" | sed 's/,$//')" -am
  for fn in "${FUNCTIONS[@]}"; do
    run "$builder" build --build-arg "FUNCTION=$fn" -f images/Dockerfile -t "$registry/scrapbook-$fn:$tag" .
    run "$builder" push "$registry/scrapbook-$fn:$tag"
  done
}

random_secret() {
  head -c 48 /dev/urandom | base64 | tr -d '\n/+='
}

# Creates a secret from KEY=VALUE pairs without putting the values on a command line (where ps would show them).
create_secret() {
  local ns=$1 name=$2 env_file
  shift 2
  if [ -n "$DRY_RUN" ]; then
    echo "+ kubectl -n $ns create secret generic $name --from-env-file=<${*%%=*}, generated>"
    return
  fi
  env_file=$(mktemp)
  printf '%s\n' "$@" >"$env_file"
  kubectl -n "$ns" create secret generic "$name" --from-env-file="$env_file"
  rm -f "$env_file"
}

secret_exists() {
  [ -z "$DRY_RUN" ] && kubectl -n "$1" get secret "$2" >/dev/null 2>&1
}

# Secrets never live in git. The auth secret and (with the in-cluster MinIO) the S3 keys are generated once and
# kept across `down`; an external S3's keys must be given by the operator of the install.
ensure_secrets() {
  local ns=$1 manifests=$2
  if ! secret_exists "$ns" scrapbook-auth; then
    echo "creating secret scrapbook-auth (session signing key, metrics scraper token)"
    create_secret "$ns" scrapbook-auth "secret=$(random_secret)" "metrics-token=$(random_secret)"
  fi
  if secret_exists "$ns" scrapbook-s3; then
    return
  fi
  if grep -q '^  name: minio$' <<<"$manifests"; then
    echo "creating secret scrapbook-s3 (keys of the in-cluster MinIO)"
    create_secret "$ns" scrapbook-s3 "access-key=scrapbook-$(random_secret | head -c 8)" "secret-key=$(random_secret)"
  elif [ -z "$DRY_RUN" ]; then
    die "secret scrapbook-s3 is missing in namespace $ns; create it with your S3 keys:
  kubectl -n $ns create secret generic scrapbook-s3 --from-literal=access-key=... --from-literal=secret-key=..."
  else
    echo "(dry run: secret scrapbook-s3 must exist in $ns, with your S3 keys)"
  fi
}

# Applies the rendered manifests that match a label selector: a tier (app or data) or a step of the app tier.
apply_manifests() {
  local manifests=$1 selector=$2
  if [ -n "$DRY_RUN" ]; then
    echo "+ kubectl apply -f - -l '$selector'   # from the rendered overlay"
  else
    kubectl apply -f - -l "$selector" <<<"$manifests"
  fi
}

wait_for() {
  local ns=$1 condition=$2 timeout=$3
  shift 3
  echo "waiting for $* ($condition)..."
  run kubectl -n "$ns" wait --for="condition=$condition" --timeout="$timeout" "$@"
}

# `kubectl wait` waits for one condition only, and a Job ends either Complete or Failed: waiting for Complete
# alone would sit out the whole timeout after a failed migration. So this polls for both (every
# KNATIVE_POLL_SECONDS, 5 by default) and stops at the first.
wait_for_job() {
  local ns=$1 job=$2 timeout=$3 conditions deadline
  echo "waiting for job/$job (Complete, or Failed)..."
  if [ -n "$DRY_RUN" ]; then
    echo "+ kubectl -n $ns get job/$job -o jsonpath=...   # until Complete or Failed, at most ${timeout}s"
    return
  fi
  deadline=$((SECONDS + timeout))
  while [ "$SECONDS" -lt "$deadline" ]; do
    conditions=$(kubectl -n "$ns" get "job/$job" \
      -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}: {.message}{"\n"}{end}')
    if grep -q '^Complete:' <<<"$conditions"; then
      return
    elif grep -q '^Failed:' <<<"$conditions"; then
      echo "job/$job's last log lines:" >&2
      kubectl -n "$ns" logs "job/$job" --tail=30 >&2 || true
      die "job/$job failed ($(grep '^Failed:' <<<"$conditions")); the functions were left as they were"
    fi
    sleep "${KNATIVE_POLL_SECONDS:-5}"
  done
  die "job/$job did not finish in ${timeout}s: kubectl -n $ns describe job/$job"
}

# A RabbitmqSource's webhook refuses any change of its spec (eventing-rabbitmq knative-v1.22.1,
# pkg/apis/sources/v1alpha1/rabbitmq_validation.go: "Immutable fields changed"). So the webhook is asked first,
# with a server-side dry run (its webhooks declare sideEffects: None, config/source/500-webhook-*.yaml), and a
# source whose spec changed is deleted and made anew. Its queue is predeclared: events wait there meanwhile.
apply_source() {
  local ns=$1 manifests=$2 refusal
  if [ -n "$DRY_RUN" ]; then
    echo "+ kubectl apply --dry-run=server -f - -l scrapbook.dev/step=source   # when its webhook refuses a changed spec:"
    echo "+ kubectl -n $ns delete rabbitmqsource thumbnail-source"
  elif ! refusal=$(kubectl apply --dry-run=server -f - -l scrapbook.dev/step=source 2>&1 <<<"$manifests"); then
    grep -qF 'Immutable fields changed' <<<"$refusal" || die "the RabbitmqSource was refused: $refusal"
    echo "thumbnail-source: its spec changed, and a RabbitmqSource's spec can't change: recreating it" \
      "(events wait in its queue meanwhile)"
    kubectl -n "$ns" delete rabbitmqsource thumbnail-source
  fi
  apply_manifests "$manifests" scrapbook.dev/step=source
}

# Knative resolves each image tag to a digest from its controller's pod (knative/serving knative-v1.23.0,
# pkg/reconciler/revision/resolve.go), and a registry on the host's localhost or on the kind network does not
# answer there: such a registry must be listed in config-deployment's registries-skipping-tag-resolving (a
# comma-separated list, kind.local,ko.local,dev.local when unset: pkg/deployment/config.go).
check_tag_resolution() {
  local registry=${1%%/*} skipped
  case "${registry%:*}" in
    localhost | 127.* | *.local) ;;
    *.*) return ;;                     # a registry on the network, e.g. ghcr.io
    *) [[ $registry == *:* ]] || return ;; # "you/...": a Docker Hub account; "kind-registry:5000": a local one
  esac
  if [ -n "$DRY_RUN" ]; then
    echo "(dry run: not checked: Knative's config-deployment must list $registry in registries-skipping-tag-resolving)"
    return
  fi
  skipped=$(kubectl -n knative-serving get configmap config-deployment \
    -o jsonpath='{.data.registries-skipping-tag-resolving}') || {
    echo "deploy.sh: could not read knative-serving/config-deployment; make sure it lets $registry skip tag resolution" >&2
    return
  }
  skipped=${skipped:-kind.local,ko.local,dev.local}
  if ! tr ',' '\n' <<<"$skipped" | sed 's/^ *//; s/ *$//' | grep -qxF "$registry"; then
    die "$registry looks local to the cluster's nodes: Knative's controller can't resolve its tags, and no revision would
  become ready. Let it skip them (knative/README.md, \"Images and registries\"):
  kubectl -n knative-serving patch configmap config-deployment --type merge \\
    -p '{\"data\":{\"registries-skipping-tag-resolving\":\"$skipped,$registry\"}}'"
  fi
}

# The endpoints that the overlay hands to the browser must have the scheme of the services' URLs: https only when
# Knative's external TLS is on, or when TLS ends in front of Knative and default-external-scheme says so
# (knative/serving knative-v1.23.0, vendor/knative.dev/networking/pkg/config/config.go).
check_external_scheme() {
  local overlay=$1 manifests=$2 wanted network tls auto_tls default_scheme served
  wanted=$(sed -n 's|^  SCRAPBOOK_ENDPOINTS_CORS_ALLOWED_ORIGINS: \(https*\)://.*|\1|p' <<<"$manifests")
  if [ -n "$DRY_RUN" ]; then
    echo "(dry run: not checked: Knative must serve $wanted URLs)"
    return
  fi
  network=$(kubectl -n knative-serving get configmap config-network \
    -o jsonpath='{.data.external-domain-tls}|{.data.auto-tls}|{.data.default-external-scheme}') || {
    echo "deploy.sh: could not read knative-serving/config-network; make sure Knative serves $wanted URLs" >&2
    return
  }
  IFS='|' read -r tls auto_tls default_scheme <<<"$network"
  tls=${tls:-$auto_tls}
  served=${default_scheme:-http}
  if [ "${tls,,}" = enabled ]; then
    served=https
  fi
  if [ "$served" != "$wanted" ]; then
    die "knative/overlays/$overlay names $wanted:// endpoints, but this cluster's Knative serves $served URLs
  (knative-serving/config-network: external-domain-tls '$tls', default-external-scheme '$default_scheme'). Either
  turn on Knative's external TLS (knative/README.md, \"TLS\"), or set default-external-scheme to https when TLS
  ends in front of Knative, or give the overlay $served:// endpoints."
  fi
}

# A private registry needs its pull secret in the namespace before anything pulls.
check_pull_secret() {
  local ns=$1
  [ -n "${PULL_SECRET:-}" ] || return 0
  if [ -n "$DRY_RUN" ]; then
    echo "(dry run: secret $PULL_SECRET must exist in $ns)"
  elif ! secret_exists "$ns" "$PULL_SECRET"; then
    die "PULL_SECRET names secret $PULL_SECRET, which namespace $ns lacks; make it, then run up again:
  kubectl -n $ns create secret docker-registry $PULL_SECRET --docker-server=${REGISTRY%%/*} \\
    --docker-username=USER --docker-password=TOKEN"
  fi
}

knative_up() {
  local overlay=$1 ns tag manifests
  ns=$(namespace_of "$overlay")
  tag=$(image_tag)
  [ -n "${REGISTRY:-}" ] || die "set REGISTRY to the image registry the cluster pulls from, e.g. REGISTRY=ghcr.io/you"
  require_cluster
  manifests=$(render "$overlay")
  if grep -q '^  SCRAPBOOK_.*example\.com' <<<"$manifests"; then
    die "knative/overlays/$overlay still names example.com: set your S3 and your cluster's domain there first"
  fi
  check_tag_resolution "$REGISTRY"
  check_external_scheme "$overlay" "$manifests"
  if [ -z "$NO_BUILD" ]; then
    build_and_push_images "$REGISTRY" "$tag"
  fi
  if [ -n "$DRY_RUN" ] || ! kubectl get namespace "$ns" >/dev/null 2>&1; then
    run kubectl create namespace "$ns"
  fi
  check_pull_secret "$ns"
  ensure_secrets "$ns" "$manifests"
  # 1. Data first, each piece in service before anything uses it: the functions would only fail meanwhile, and the
  # source consumes a queue that must exist.
  apply_manifests "$manifests" scrapbook.dev/tier=data
  wait_for "$ns" AllReplicasReady 600s rabbitmqcluster/scrapbook-rabbitmq
  wait_for "$ns" Ready 600s cluster.postgresql.cnpg.io/scrapbook-db
  if grep -q '^  name: minio$' <<<"$manifests"; then
    wait_for "$ns" Available 300s deployment/minio
  fi
  wait_for "$ns" Ready 300s exchange.rabbitmq.com/scrapbook-images queue.rabbitmq.com/scrapbook-thumbnail \
    queue.rabbitmq.com/scrapbook-thumbnail-dead binding.rabbitmq.com/scrapbook-thumbnail-image-saved
  # 2. Schema and buckets before any function: a Job's template can't change, so each deploy runs a fresh one.
  run kubectl -n "$ns" delete job migrate --ignore-not-found
  apply_manifests "$manifests" scrapbook.dev/step=migrate
  wait_for_job "$ns" migrate 600
  # 3. The functions and the reconcile job, then the source that wakes thumbnail.
  apply_manifests "$manifests" 'scrapbook.dev/tier=app,!scrapbook.dev/step'
  wait_for "$ns" Ready 600s ksvc --all
  apply_source "$ns" "$manifests"
  wait_for "$ns" Ready 300s rabbitmqsource/thumbnail-source
  run kubectl -n "$ns" get ksvc -o custom-columns='SERVICE:.metadata.name,URL:.status.url'
  echo "Open the gallery URL above; give the extension the same URL."
}

knative_down() {
  local overlay=$1 ns manifests
  ns=$(namespace_of "$overlay")
  require_cluster
  manifests=$(render "$overlay")
  if [ -z "$PURGE" ]; then
    echo "removing the app from $ns; PostgreSQL, RabbitMQ, MinIO and the secrets stay (--purge removes them)"
    if [ -n "$DRY_RUN" ]; then
      echo "+ kubectl delete --ignore-not-found -l scrapbook.dev/tier=app -f -   # from the rendered overlay"
    else
      kubectl delete --ignore-not-found -l scrapbook.dev/tier=app -f - <<<"$manifests"
    fi
  else
    echo "removing everything in $ns, data included"
    run kubectl delete namespace "$ns" --ignore-not-found --wait=true
  fi
}

knative_status() {
  local overlay=$1 ns
  ns=$(namespace_of "$overlay")
  require_cluster
  kubectl -n "$ns" get ksvc,rabbitmqsource,cronjob
  kubectl -n "$ns" get rabbitmqcluster,clusters.postgresql.cnpg.io,queues.rabbitmq.com 2>/dev/null || true
  echo "pods (none for a function means it has scaled to zero):"
  kubectl -n "$ns" get pods -L serving.knative.dev/service
  echo "queues (messages in scrapbook.thumbnail.dead are events that failed every retry):"
  kubectl -n "$ns" exec scrapbook-rabbitmq-server-0 -c rabbitmq -- rabbitmqctl -q list_queues name messages 2>/dev/null ||
    echo "  (RabbitMQ not reachable)"
  if kubectl -n "$ns" get service minio >/dev/null 2>&1; then
    echo "browsers load images from MinIO: kubectl -n $ns port-forward service/minio 9000"
  fi
}

knative() {
  local action=${1:-} overlay=${2:-dev}
  # One tag for the whole run: the images built and the manifests applied must agree.
  TAG=$(image_tag)
  export TAG
  case "$action" in
    render)
      require_kubectl
      render "$overlay"
      ;;
    up) knative_up "$overlay" ;;
    down) knative_down "$overlay" ;;
    status) knative_status "$overlay" ;;
    *) usage ;;
  esac
}

# ------------------------------------------------------------------ gcf ----

gcf_help() {
  cat >&2 <<'HELP'
./deploy.sh gcf [--dry-run] [function...]   deploy to Google Cloud Functions (2nd gen, Cloud Run functions)

What a Cloud Functions deployment gives a person: their image list as JSON (scrapbook-gallery, bearer token),
public links opened as JSON (scrapbook-share), thumbnails made when an original lands in the originals bucket
(scrapbook-thumbnail, woken by an Eventarc trigger on Cloud Storage's object-finalized event), and the reconcile
pass that wakes thumbnail again for an image left pending (scrapbook-save-image, called by Cloud Scheduler).
What stays on Knative (./deploy.sh knative up) or one machine (./deploy.sh local): the web pages, sign-up, log-in
and tokens, saving (uploads are binary; the adapter reads bodies as text), friends, shares and creating links.
So the originals bucket must be a Cloud Storage bucket that the Knative side writes through its S3-compatible
API (HMAC keys), and the Knative side's own thumbnail, if running, simply finds the work done.

Deploys each function's jar (functions/<fn>/target/deploy/<fn>-*-gcf.jar) with the GCP adapter's entry point:
  scrapbook-gallery, scrapbook-share   HTTP, public (the functions check tokens themselves)
  scrapbook-thumbnail                  Eventarc trigger: type=google.cloud.storage.object.v1.finalized,
                                       bucket=$SCRAPBOOK_S3_ORIGINALS_BUCKET, retried on failure (--retry)
  scrapbook-save-image                 HTTP, private; Cloud Scheduler job scrapbook-reconcile calls it every
                                       10 minutes with an OIDC token of GCF_SERVICE_ACCOUNT
--dry-run prints the gcloud commands instead of running them (no gcloud, no build needed).
Environment: GCF_REGION (default europe-west1, the bucket's region), GCF_RUNTIME (java25), GCF_ENV_FILE
(gcf.env.yaml: the SCRAPBOOK_* settings, not in git), GCF_SERVICE_ACCOUNT (the identity Eventarc and Cloud
Scheduler call the private functions with; needs roles/run.invoker). knative/README.md, "Google Cloud
Functions", lists the one-time project setup.
HELP
  exit 2
}

# A top-level key of the env-vars file (flat YAML, KEY: value), without quotes.
gcf_setting() {
  sed -n "s/^$1:[[:space:]]*[\"']\{0,1\}\([^\"']*\)[\"']\{0,1\}[[:space:]]*$/\1/p" "$2" | head -n 1
}

# Deploys each function's Cloud Functions jar (the GCP adapter's layout, alone in functions/<fn>/target/deploy/)
# as a Cloud Function, 2nd gen, with the trigger that function serves (gcf_help says which). Settings come from
# an env-vars file (GCF_ENV_FILE, never in git) and secrets from Secret Manager.
gcf() {
  local region=${GCF_REGION:-europe-west1} runtime=${GCF_RUNTIME:-java25} env_file=${GCF_ENV_FILE:-gcf.env.yaml}
  local invoker_sa=${GCF_SERVICE_ACCOUNT:-}
  local functions=("$@")
  [ ${#functions[@]} -gt 0 ] || functions=("${FUNCTIONS[@]}")
  [ -f "$env_file" ] || die "$env_file is missing: the SCRAPBOOK_* settings (knative/README.md, \"Google Cloud Functions\")"
  local originals
  originals=$(gcf_setting SCRAPBOOK_S3_ORIGINALS_BUCKET "$env_file")
  originals=${originals:-scrapbook-originals}
  if [ -z "$DRY_RUN" ]; then
    command -v gcloud >/dev/null || die "gcloud is not installed: https://cloud.google.com/sdk/docs/install"
    gcloud config get-value project 2>/dev/null | grep -q . ||
      die "gcloud has no project: gcloud config set project PROJECT_ID"
  fi
  for fn in "${functions[@]}"; do
    [[ " ${FUNCTIONS[*]} " == *" $fn "* ]] || die "unknown function $fn (have: ${FUNCTIONS[*]})"
    case "$fn" in thumbnail | save-image)
      [ -n "$invoker_sa" ] || [ -n "$DRY_RUN" ] ||
        die "GCF_SERVICE_ACCOUNT is not set: the service account that Eventarc and Cloud Scheduler call $fn with"
      ;;
    esac
  done
  invoker_sa=${invoker_sa:-GCF_SERVICE_ACCOUNT}
  for fn in "${functions[@]}"; do
    local source="functions/$fn/target/deploy" trigger
    # gcloud uploads the whole source folder: the build leaves the one jar there.
    [ -n "$DRY_RUN" ] || compgen -G "$source/*-gcf.jar" >/dev/null ||
      die "no Cloud Functions jar in $source: build it with mvn -B -DskipTests package -pl functions/$fn -am"
    case "$fn" in
      thumbnail)
        # The original's write is the image-saved event; a failed call is retried with backoff (Eventarc).
        trigger=(--trigger-event-filters=type=google.cloud.storage.object.v1.finalized
          --trigger-event-filters="bucket=$originals" --trigger-location="$region"
          --trigger-service-account="$invoker_sa" --retry --no-allow-unauthenticated) ;;
      save-image) trigger=(--trigger-http --no-allow-unauthenticated) ;;
      *) trigger=(--trigger-http --allow-unauthenticated) ;;
    esac
    run gcloud functions deploy "scrapbook-$fn" --gen2 --region="$region" --runtime="$runtime" \
      --entry-point=org.springframework.cloud.function.adapter.gcp.GcfJarLauncher \
      --source="$source" "${trigger[@]}" \
      --memory=1Gi --timeout=120s --min-instances=0 \
      --env-vars-file="$env_file" \
      --set-secrets=SCRAPBOOK_AUTH_SECRET=scrapbook-auth:latest,SCRAPBOOK_DB_PASSWORD=scrapbook-db-password:latest,SCRAPBOOK_S3_SECRET_KEY=scrapbook-s3-secret-key:latest
    [ "$fn" != save-image ] || gcf_schedule_reconcile "$region" "$invoker_sa"
  done
}

# Cloud Scheduler calls save-image's entry (ReconcileCloudFunction) every 10 minutes with an OIDC token.
gcf_schedule_reconcile() {
  local region=$1 invoker_sa=$2 url="<URL of scrapbook-save-image>" verb=create
  if [ -z "$DRY_RUN" ]; then
    url=$(gcloud functions describe scrapbook-save-image --gen2 --region="$region" --format='value(serviceConfig.uri)')
    ! gcloud scheduler jobs describe scrapbook-reconcile --location="$region" >/dev/null 2>&1 || verb=update
  fi
  run gcloud scheduler jobs "$verb" http scrapbook-reconcile --location="$region" --schedule="*/10 * * * *" \
    --uri="$url" --http-method=POST --oidc-service-account-email="$invoker_sa" --oidc-token-audience="$url"
}

# ----------------------------------------------------------------- main ----

args=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --purge) PURGE=1 ;;
    --no-build) NO_BUILD=1 ;;
    -h | --help) [ "${1:-}" != gcf ] || gcf_help; usage ;;
    *) args+=("$arg") ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"

case "${1:-}" in
  local) run_local ;;
  knative) shift && knative "$@" ;;
  gcf) shift && gcf "$@" ;;
  *) usage ;;
esac
