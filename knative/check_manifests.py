#!/usr/bin/env python3
"""What the schema validator cannot know about a rendered overlay: that our own objects refer to each other
correctly, that the manifests agree with the code (exchange name, routing key, probe paths), that each object
carries the tier and step labels deploy.sh selects by, and that they follow the peers' rules (peer_rules.py).

    check_manifests.py OVERLAY RENDERED.yaml [--pull-secret NAME]
    (knative/test.sh renders with REGISTRY=registry.test/scrapbook TAG=test)
"""
import argparse
import re
import sys
from pathlib import Path

import yaml

import peer_rules

FUNCTIONS = ["save-image", "thumbnail", "gallery", "share"]
REPO = Path(__file__).resolve().parent.parent


# deploy.sh applies the `data` tier first and `down` deletes the `app` tier; within the app tier, the `migrate` step
# (the Job and the settings it reads) runs before the functions, and the `source` step after them.
TIERS = {"Service.serving.knative.dev": "app", "ConfigMap": "app", "CronJob": "app", "Job": "app",
         "RabbitmqSource": "app", "RabbitmqCluster": "data", "Exchange": "data", "Queue": "data", "Binding": "data",
         "Cluster": "data", "Deployment": "data", "Service": "data", "PersistentVolumeClaim": "data"}
STEPS = {"ConfigMap": "migrate", "Job": "migrate", "RabbitmqSource": "source"}


def kind_of(doc):
    """The kind, with the group where two groups share it (Knative's Service and the core Service)."""
    if doc["kind"] == "Service" and doc["apiVersion"].startswith("serving.knative.dev/"):
        return "Service.serving.knative.dev"
    return doc["kind"]


def java_default(path, pattern):
    match = re.search(pattern, (REPO / path).read_text())
    if not match:
        sys.exit(f"check_manifests: {path} no longer matches {pattern!r}; update this check")
    return match.group(1)


def containers(doc):
    spec = doc["spec"]
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"].get("containers", []), spec["template"]["spec"]


def check_labels(doc):
    """The tier and step labels deploy.sh selects by. A kustomize Component's `labels:` relabels every resource of
    the kustomization that uses it: rendering with the real kubectl is what shows it."""
    if doc["kind"] == "Namespace":
        return []
    where = f"{kind_of(doc)}/{doc['metadata']['name']}"
    labels = doc["metadata"].get("labels", {})
    errors = []
    if kind_of(doc) not in TIERS:
        errors.append(f"{where}: a kind deploy.sh does not know; give it a tier in check_manifests.TIERS")
    elif labels.get("scrapbook.dev/tier") != TIERS[kind_of(doc)]:
        errors.append(f"{where}: tier {labels.get('scrapbook.dev/tier')}, expected {TIERS[kind_of(doc)]}")
    if labels.get("scrapbook.dev/step") != STEPS.get(doc["kind"]):
        errors.append(f"{where}: step {labels.get('scrapbook.dev/step')}, expected {STEPS.get(doc['kind'])}")
    return errors


def check(overlay, docs, pull_secret=None):
    errors = []
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
        errors += check_labels(doc)
    if "Secret" in by_kind:
        errors.append("a Secret is in the manifests: secrets are created at deploy time, never kept in git")

    config_maps = set(by_kind.get("ConfigMap", {}))
    # Secrets are made at deploy time, never kept in git: by deploy.sh, or by the operators from the clusters'
    # names. The keys each has:
    secrets = {"scrapbook-auth": {"secret", "metrics-token"}, "scrapbook-s3": {"access-key", "secret-key"}}
    secrets |= {peer_rules.cnpg_app_secret(n): peer_rules.CNPG_APP_SECRET_KEYS for n in by_kind.get("Cluster", {})}
    secrets |= {peer_rules.rabbitmq_default_user_secret(n): peer_rules.RABBITMQ_DEFAULT_USER_KEYS
                for n in by_kind.get("RabbitmqCluster", {})}
    ksvcs = {n: d for n, d in by_kind.get("Service", {}).items() if d["apiVersion"].startswith("serving.knative.dev/")}

    for fn in FUNCTIONS:
        svc = ksvcs.get(fn)
        if svc is None:
            errors.append(f"no Knative Service {fn}")
            continue
        template = svc["spec"]["template"]
        if template["metadata"]["annotations"].get("autoscaling.knative.dev/min-scale") != "0":
            errors.append(f"ksvc/{fn}: min-scale is not \"0\": it would not scale to zero")
        local = svc["metadata"].get("labels", {}).get("networking.knative.dev/visibility") == "cluster-local"
        if local != (fn == "thumbnail"):
            errors.append(f"ksvc/{fn}: cluster-local must be exactly thumbnail (its endpoint has no auth)")
        (c,), pod = containers(svc)
        if c["image"] != f"registry.test/scrapbook/scrapbook-{fn}:test":
            errors.append(f"ksvc/{fn}: image {c['image']} is not $REGISTRY/scrapbook-{fn}:$TAG")
        if "command" in c or "args" in c:
            errors.append(f"ksvc/{fn}: sets command/args; the image's entrypoint is the right one")
        for probe, path in (("readinessProbe", "/actuator/health/readiness"), ("livenessProbe", "/actuator/health/liveness")):
            if c.get(probe, {}).get("httpGet", {}).get("path") != path:
                errors.append(f"ksvc/{fn}: {probe} is not on {path}")
        if c["readinessProbe"].get("periodSeconds"):
            errors.append(f"ksvc/{fn}: a readiness period turns off Knative's fast start-up probing")
        if "cpu" in c["resources"].get("limits", {}) and c["resources"]["limits"]["cpu"] in ("250m", "500m"):
            errors.append(f"ksvc/{fn}: a CPU limit this low throttles the JVM's start")
        timeout = template["spec"].get("timeoutSeconds")
        if not timeout:
            errors.append(f"ksvc/{fn}: no timeoutSeconds")
        if not template["spec"].get("containerConcurrency"):
            errors.append(f"ksvc/{fn}: no containerConcurrency")

    for doc in list(ksvcs.values()) + list(by_kind.get("CronJob", {}).values()) + list(by_kind.get("Job", {}).values()):
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        if pull_secret and {"name": pull_secret} not in containers(doc)[1].get("imagePullSecrets", []):
            errors.append(f"{where}: no imagePullSecrets {pull_secret} (PULL_SECRET)")
        for c in containers(doc)[0]:
            sc = c.get("securityContext", {})
            pod_sc = containers(doc)[1].get("securityContext", {})
            if not (sc.get("runAsNonRoot") or pod_sc.get("runAsNonRoot")) or not sc.get("readOnlyRootFilesystem") \
                    or sc.get("capabilities", {}).get("drop") != ["ALL"] \
                    or (sc.get("seccompProfile") or pod_sc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
                errors.append(f"{where}: not runAsNonRoot + readOnlyRootFilesystem + drop ALL + seccomp RuntimeDefault")
            if not any(m["mountPath"] == "/tmp" for m in c.get("volumeMounts", [])):
                errors.append(f"{where}: no writable /tmp under a read-only root")
            for ref in c.get("envFrom", []):
                name = ref.get("configMapRef", {}).get("name")
                if name and name not in config_maps:
                    errors.append(f"{where}: envFrom ConfigMap {name} is not rendered (kustomize name reference?)")
            for env in c.get("env", []):
                key_ref = env.get("valueFrom", {}).get("secretKeyRef")
                if key_ref and key_ref["name"] not in secrets:
                    errors.append(f"{where}: env {env['name']} reads secret {key_ref['name']}, which nothing creates")
                elif key_ref and key_ref["key"] not in secrets[key_ref["name"]]:
                    errors.append(f"{where}: env {env['name']} reads key {key_ref['key']}, which secret "
                                  f"{key_ref['name']} does not have")
                if env["name"] == "SCRAPBOOK_DB_MIGRATE" and env.get("value") == "true" and doc["metadata"]["name"] != "migrate":
                    errors.append(f"{where}: migrates the schema; only the migrate Job does")

    config = next(iter(by_kind.get("ConfigMap", {}).values()))["data"]
    if config.get("SCRAPBOOK_DB_MIGRATE") != "false" or config.get("SCRAPBOOK_BIND") != "0.0.0.0":
        errors.append("scrapbook-config: SCRAPBOOK_DB_MIGRATE must be false and SCRAPBOOK_BIND 0.0.0.0")
    if not config.get("SCRAPBOOK_S3_ENDPOINT"):
        errors.append(f"scrapbook-config: overlay {overlay} has no SCRAPBOOK_S3_ENDPOINT")

    errors += check_one_url(config, overlay)
    errors += check_connections(by_kind, ksvcs)
    errors += check_events(by_kind, ksvcs)
    errors += check_data_services(by_kind, config, ksvcs)
    return errors


def check_data_services(by_kind, config, ksvcs):
    """The functions reach the hosts the operators create, and PostgreSQL runs an image CloudNativePG maintains."""
    errors = []
    for name, cluster in by_kind.get("Cluster", {}).items():
        database = cluster["spec"]["bootstrap"]["initdb"]["database"]
        url = f"jdbc:postgresql://{peer_rules.cnpg_rw_service(name)}:5432/{database}"
        if config.get("SCRAPBOOK_DB_URL") != url:
            errors.append(f"SCRAPBOOK_DB_URL is {config.get('SCRAPBOOK_DB_URL')}, CloudNativePG's primary is {url}")
        # cloudnative-pg v1.30.0 docs/src/index.md: the `system` flavour is deprecated, `minimal` and `standard`
        # are maintained; cloudnative-pg/postgres-containers README: the bare MM.mm tags (bullseye) are
        # deprecated, MM.mm-TYPE-OS is the recommended form.
        image = cluster["spec"].get("imageName", "")
        if not re.fullmatch(r"ghcr\.io/cloudnative-pg/postgresql:\d+\.\d+-(minimal|standard)-(trixie|bookworm)", image):
            errors.append(f"Cluster/{name}: image {image!r} is not a maintained MM.mm-(minimal|standard)-OS tag")
    for name in by_kind.get("RabbitmqCluster", {}):
        host = f"@{peer_rules.rabbitmq_service(name)}:5672"
        for svc in ksvcs.values():
            urls = [e.get("value", "") for e in containers(svc)[0][0].get("env", []) if e["name"] == "SCRAPBOOK_RABBITMQ_URL"]
            if not urls or not urls[0].endswith(host):
                errors.append(f"ksvc/{svc['metadata']['name']}: SCRAPBOOK_RABBITMQ_URL does not reach {host[1:]}")
    return errors


def check_one_url(config, overlay):
    """The gallery names save-image and share on Knative's {name}.{namespace}.{domain} hosts, and they accept the
    gallery's origin on the same domain."""
    origins = {}
    for key, name in (("SCRAPBOOK_ENDPOINTS_SAVE_IMAGE", "save-image"), ("SCRAPBOOK_ENDPOINTS_SHARE", "share"),
                      ("SCRAPBOOK_ENDPOINTS_CORS_ALLOWED_ORIGINS", "gallery")):
        match = re.fullmatch(rf"(https?)://{name}\.([a-z0-9.-]+)", config.get(key, ""))
        if not match:
            return [f"scrapbook-config: {key} is not {name}.<namespace>.<domain> (overlay {overlay})"]
        origins[name] = match.group(2)
    if len(set(origins.values())) != 1:
        return [f"scrapbook-config: the endpoints are not on one domain: {origins}"]
    return []


def check_connections(by_kind, ksvcs):
    """Every function pod at its max-scale, each with a full Hikari pool, must fit in PostgreSQL's max_connections."""
    pool = int(java_default("core/src/main/resources/application.properties",
                            r"spring\.datasource\.hikari\.maximum-pool-size=(\d+)"))
    pods = sum(int(s["spec"]["template"]["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"])
               for s in ksvcs.values())
    pods += 1  # the reconcile job
    errors = []
    for cluster in by_kind.get("Cluster", {}).values():
        limit = int(cluster["spec"]["postgresql"]["parameters"]["max_connections"])
        if pods * pool > limit - 10:
            errors.append(f"{pods} pods x {pool} connections exceed max_connections {limit} (minus 10 spare)")
    return errors


def check_events(by_kind, ksvcs):
    """save-image's exchange → binding → queue → RabbitmqSource → thumbnail, with its dead-letter queue."""
    errors = []
    exchange = java_default("core/src/main/java/dev/scrapbook/events/EventSettings.java",
                            r'@DefaultValue\("([^"]+)"\) String exchange')
    routing_key = java_default("core/src/main/java/dev/scrapbook/events/ImageSavedEvent.java",
                               r'ROUTING_KEY = "([^"]+)"')
    exchanges = {d["spec"]["name"]: d for d in by_kind.get("Exchange", {}).values()}
    queues = {d["spec"]["name"]: d for d in by_kind.get("Queue", {}).values()}
    if exchanges.get(exchange, {}).get("spec", {}).get("type") != "topic":
        errors.append(f"no durable topic Exchange {exchange} (the one save-image publishes to)")
    (source,) = by_kind.get("RabbitmqSource", {}).values()
    config = source["spec"]["rabbitmqResourcesConfig"]
    queue = queues.get(config.get("queueName"))
    if not config.get("predeclared") or queue is None:
        errors.append("the RabbitmqSource does not read a predeclared Queue of ours")
    else:
        bound = [b for b in by_kind.get("Binding", {}).values()
                 if b["spec"]["source"] == exchange and b["spec"]["destination"] == queue["spec"]["name"]
                 and b["spec"]["routingKey"] == routing_key]
        if not bound:
            errors.append(f"queue {queue['spec']['name']} is not bound to {exchange} with {routing_key}")
        args = queue["spec"].get("arguments", {})
        if "x-dead-letter-exchange" not in args or args.get("x-dead-letter-routing-key") not in queues:
            errors.append(f"queue {queue['spec']['name']} has no dead-letter route to a declared queue")
    if source["spec"]["sink"]["ref"]["name"] != "thumbnail" or "thumbnail" not in ksvcs:
        errors.append("the RabbitmqSource does not deliver to the thumbnail service")
    delivery = source["spec"].get("delivery", {})
    if not delivery.get("retry") or delivery.get("backoffPolicy") not in ("linear", "exponential"):
        errors.append("the RabbitmqSource has no retry with backoff")
    # The adapter reads backoffDelay as ISO 8601 and a delay of 0 crashes it on the first retry (peer_rules.py).
    if peer_rules.adapter_backoff_seconds(delivery.get("backoffDelay")) <= 0:
        errors.append(f"the RabbitmqSource's backoffDelay {delivery.get('backoffDelay')!r} is no positive ISO-8601 "
                      "period for the adapter: it would crash on the first retry")
    return errors


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("overlay")
    arguments.add_argument("rendered")
    arguments.add_argument("--pull-secret")
    args = arguments.parse_args()
    overlay = args.overlay
    docs = [d for d in yaml.safe_load_all(Path(args.rendered).read_text()) if d]
    errors = check(overlay, docs, args.pull_secret)
    for error in errors:
        print(f"knative overlay {overlay}: {error}", file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"knative overlay {overlay}: {len(docs)} documents refer to each other and to the code correctly")


if __name__ == "__main__":
    main()
