#!/usr/bin/env python3
"""What the schema validator cannot know about a rendered overlay: that our own objects refer to each other
correctly, and that the manifests agree with the code (exchange name, routing key, probe paths).

    check_manifests.py OVERLAY RENDERED.yaml      (knative/test.sh renders with REGISTRY=registry.test/scrapbook TAG=test)
"""
import re
import sys
from pathlib import Path

import yaml

FUNCTIONS = ["save-image", "thumbnail", "gallery", "share"]
REPO = Path(__file__).resolve().parent.parent
# Made at deploy time, never kept in git: by deploy.sh, or by the operators from the clusters' names.
DEPLOY_SECRETS = {"scrapbook-auth", "scrapbook-s3"}


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


def check(overlay, docs):
    errors = []
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
        tier = doc["metadata"].get("labels", {}).get("scrapbook.dev/tier")
        if doc["kind"] != "Namespace" and tier not in ("app", "data"):
            errors.append(f"{doc['kind']}/{doc['metadata']['name']}: no scrapbook.dev/tier label (deploy.sh down needs it)")
    if "Secret" in by_kind:
        errors.append("a Secret is in the manifests: secrets are created at deploy time, never kept in git")

    config_maps = set(by_kind.get("ConfigMap", {}))
    secrets = DEPLOY_SECRETS | {f"{n}-app" for n in by_kind.get("Cluster", {})} \
        | {f"{n}-default-user" for n in by_kind.get("RabbitmqCluster", {})}
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

    for doc in list(ksvcs.values()) + list(by_kind.get("CronJob", {}).values()):
        where = f"{doc['kind']}/{doc['metadata']['name']}"
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
    return errors


def main():
    overlay, rendered = sys.argv[1], sys.argv[2]
    docs = [d for d in yaml.safe_load_all(Path(rendered).read_text()) if d]
    errors = check(overlay, docs)
    for error in errors:
        print(f"knative overlay {overlay}: {error}", file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"knative overlay {overlay}: {len(docs)} documents refer to each other and to the code correctly")


if __name__ == "__main__":
    main()
