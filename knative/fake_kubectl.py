#!/usr/bin/env python3
"""A stand-in for kubectl that lets deploy_test.py run `deploy.sh knative` without a cluster.

It keeps the cluster's state in a JSON file (FAKE_KUBECTL_STATE), records every call in it, and answers as a
cluster whose API server, webhooks and operators follow the rules of peer_rules.py: objects reach the condition
their operator sets, the operators create their secrets, a Job's template and a RabbitmqSource's spec can't
change, `kubectl wait` for a condition that never comes times out. `kustomize` goes to the real kubectl
(REAL_KUBECTL), so the manifests are the ones kustomize renders. Any call it has no answer for fails loudly.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peer_rules  # noqa: E402

# The names deploy.sh gives to resource types, as kubectl resolves them.
TYPES = {"rabbitmqcluster": "RabbitmqCluster", "cluster.postgresql.cnpg.io": "Cluster", "deployment": "Deployment",
         "exchange.rabbitmq.com": "Exchange", "queue.rabbitmq.com": "Queue", "binding.rabbitmq.com": "Binding",
         "job": "Job", "ksvc": "Service.serving.knative.dev", "rabbitmqsource": "RabbitmqSource",
         "namespace": "Namespace", "secret": "Secret", "configmap": "ConfigMap"}
# Options that take the next argument as their value, and the short names of long options.
WITH_VALUE = {"-n", "--namespace", "-f", "--filename", "-l", "--selector", "-o", "--output", "-p", "--patch", "--type"}
ALIASES = {"--namespace": "n", "--filename": "f", "--selector": "l", "--output": "o", "--patch": "p"}


class Refused(Exception):
    """What the API server answers with an error."""


def kind_of(doc):
    if doc["kind"] == "Service" and doc["apiVersion"].startswith("serving.knative.dev/"):
        return "Service.serving.knative.dev"
    return doc["kind"]


def parse(argv):
    """kubectl's flags, anywhere on the line, as {name: value}, and the other words in order."""
    options, words = {}, []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in WITH_VALUE:
            options[ALIASES.get(arg, arg.lstrip("-"))] = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--"):
            name, equals, value = arg[2:].partition("=")
            options[ALIASES.get("--" + name, name)] = value if equals else True
        else:
            words.append(arg)
        i += 1
    return options, words


def matches(selector, labels):
    """kubectl apply/delete -f FILE -l SELECTOR acts on the file's objects whose labels match (kubernetes/
    cli-runtime v0.32.4 pkg/resource/builder.go visitByPaths, FilterByLabelSelector); the terms are those of
    kubernetes/apimachinery pkg/labels/selector.go: k=v, k==v, k!=v (also true without the key), k, !k."""
    for term in filter(None, (t.strip() for t in (selector or "").split(","))):
        if "!=" in term:
            key, value = term.split("!=", 1)
            ok = labels.get(key) != value
        elif "=" in term:
            key, value = re.split("==?", term, maxsplit=1)
            ok = labels.get(key) == value
        elif term.startswith("!"):
            ok = term[1:] not in labels
        else:
            ok = term in labels
        if not ok:
            return False
    return True


class Cluster:
    def __init__(self, path):
        self.path = path
        self.state = json.loads(path.read_text())
        self.state.setdefault("objects", {})
        self.state.setdefault("secrets", {})
        self.state.setdefault("namespaces", [])
        self.state.setdefault("calls", [])
        # Knative Serving's own settings, as installed: no key set, so its defaults apply.
        self.state.setdefault("configmaps", {"config-deployment": {}, "config-network": {}})
        self.state.setdefault("outcomes", {})
        self.state.setdefault("crds", ["services.serving.knative.dev", "rabbitmqsources.sources.knative.dev",
                                       "rabbitmqclusters.rabbitmq.com", "queues.rabbitmq.com",
                                       "clusters.postgresql.cnpg.io"])
        self.call = None

    def save(self):
        self.path.write_text(json.dumps(self.state, indent=1))

    # ---- objects -----------------------------------------------------------------------------------------------

    def key(self, ns, kind, name):
        return f"{ns}/{kind}/{name}"

    def conditions_after_apply(self, kind, name):
        """The conditions an operator gives the object: its READY_CONDITION, unless the test says otherwise."""
        outcome = self.state["outcomes"].get(f"{kind}/{name}")
        if outcome is not None:
            return outcome
        if kind == "Job":
            return [[peer_rules.JOB_COMPLETE]]
        return [[peer_rules.READY_CONDITION[kind]]] if kind in peer_rules.READY_CONDITION else [[]]

    def apply(self, doc, ns, dry_run):
        kind, name = kind_of(doc), doc["metadata"]["name"]
        ns = doc["metadata"].get("namespace", ns)
        if kind == "Namespace":
            ns = ""
        key = self.key(ns, kind, name)
        old = self.state["objects"].get(key)
        if old and kind == "Job" and old["spec"]["template"] != doc["spec"]["template"]:
            # kubernetes/kubernetes pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate:
            # ValidateImmutableField on spec.template.
            raise Refused(f'The Job "{name}" is invalid: spec.template: Invalid value: ...: field is immutable')
        if old and kind == "RabbitmqSource":
            new_spec = peer_rules.source_spec_defaulted(doc["spec"], ns)
            if new_spec != old["spec"]:
                raise Refused('Error from server (BadRequest): admission webhook '
                              '"validation.webhook.rabbitmq.sources.knative.dev" denied the request: validation '
                              f'failed: {peer_rules.SOURCE_IMMUTABLE_MESSAGE}: spec\n{{...}}')
        if ns and ns not in self.state["namespaces"] and kind != "Namespace":
            raise Refused(f'Error from server (NotFound): namespaces "{ns}" not found')
        if dry_run:
            return f"{kind}/{name} configured (server dry run)"
        stored = {"kind": kind, "metadata": {"name": name, "labels": doc["metadata"].get("labels", {})},
                  "spec": doc.get("spec", {}), "data": doc.get("data")}
        if kind == "RabbitmqSource":
            stored["spec"] = peer_rules.source_spec_defaulted(doc["spec"], ns)
        stored["polls"] = self.conditions_after_apply(kind, name)
        self.state["objects"][key] = stored
        if kind == "Namespace" and name not in self.state["namespaces"]:
            self.state["namespaces"].append(name)
        # The operators' secrets, named and keyed as they make them.
        if kind == "RabbitmqCluster":
            self.state["secrets"][f"{ns}/{peer_rules.rabbitmq_default_user_secret(name)}"] = \
                sorted(peer_rules.RABBITMQ_DEFAULT_USER_KEYS)
        if kind == "Cluster":
            self.state["secrets"][f"{ns}/{peer_rules.cnpg_app_secret(name)}"] = sorted(peer_rules.CNPG_APP_SECRET_KEYS)
        return f"{kind}/{name} configured"

    def current_conditions(self, key, consume):
        """A list of condition lists stands for successive polls: each read takes the next, the last one stays."""
        polls = self.state["objects"][key]["polls"]
        if consume and len(polls) > 1:
            return polls.pop(0)
        return polls[0]

    def targets(self, ns, words):
        """`type/name ...` or `type --all` (the latter handled by the caller) as object keys."""
        keys = []
        for word in words:
            kind_name, _, name = word.partition("/")
            if kind_name not in TYPES:
                raise Refused(f'error: the server doesn\'t have a resource type "{kind_name}"')
            keys.append(self.key(ns, TYPES[kind_name], name))
        return keys

    # ---- commands ---------------------------------------------------------------------------------------------

    def run(self, argv):
        options, words = parse(argv)
        ns = options.get("n", "default")
        verb = words[0] if words else ""
        self.call = {"argv": argv, "objects": []}
        self.state["calls"].append(self.call)
        handler = getattr(self, "do_" + verb.replace("-", "_"), None)
        if handler is None:
            raise Unanswered()
        return handler(options, words[1:], ns)

    def manifests(self, options):
        if options.get("f") != "-":
            raise Unanswered()
        import yaml  # only here: most calls need no YAML, and each call is a new process
        return [d for d in yaml.safe_load_all(sys.stdin.read()) if d]

    def do_config(self, options, words, ns):
        if words != ["current-context"]:
            raise Unanswered()
        print("fake-cluster")

    def do_version(self, options, words, ns):
        print("Server Version: v1.34.0 (fake)")

    def do_kustomize(self, options, words, ns):
        sys.stdout.flush()
        sys.exit(subprocess.call([os.environ["REAL_KUBECTL"], "kustomize", *words]))

    def do_apply(self, options, words, ns):
        dry_run = options.get("dry-run") == "server"
        if options.get("dry-run") and not dry_run:
            raise Unanswered()
        if self.state.get("refuse_applies"):
            raise Refused("refused by the test: it looks only at what comes before the first apply")
        refused = []
        for doc in self.manifests(options):
            if not matches(options.get("l"), doc["metadata"].get("labels", {})):
                continue
            try:
                print(self.apply(doc, ns, dry_run))
                self.call["objects"].append(f"{kind_of(doc)}/{doc['metadata']['name']}")
            except Refused as refusal:
                refused.append(str(refusal))
        if refused:
            # kubectl applies what it can and exits 1 with the errors.
            raise Refused("\n".join(refused))

    def do_delete(self, options, words, ns):
        ignore = "ignore-not-found" in options
        if options.get("f"):
            docs = [d for d in self.manifests(options) if matches(options.get("l"), d["metadata"].get("labels", {}))]
            keys = [self.key(d["metadata"].get("namespace", ns), kind_of(d), d["metadata"]["name"]) for d in docs]
        elif len(words) == 2 and words[0] == "namespace":
            for key in [k for k in self.state["objects"] if k.startswith(words[1] + "/")]:
                del self.state["objects"][key]
                self.call["objects"].append(key)
            self.state["secrets"] = {k: v for k, v in self.state["secrets"].items() if not k.startswith(words[1] + "/")}
            self.state["namespaces"] = [n for n in self.state["namespaces"] if n != words[1]]
            return
        elif len(words) == 2:
            keys = [self.key(ns, TYPES[words[0]], words[1])]
        else:
            raise Unanswered()
        for key in keys:
            if key in self.state["objects"]:
                del self.state["objects"][key]
                self.call["objects"].append(key.split("/", 1)[1])
                print(f"{key} deleted")
            elif not ignore:
                raise Refused(f"Error from server (NotFound): {key} not found")

    def do_wait(self, options, words, ns):
        condition = options.get("for", "")
        if not condition.startswith("condition="):
            raise Unanswered()
        condition = condition.split("=", 1)[1]
        if options.get("all"):
            kinds = {TYPES[w] for w in words}
            keys = [k for k, o in self.state["objects"].items() if k.startswith(ns + "/") and o["kind"] in kinds]
            if not keys:
                raise Refused("error: no matching resources found")
        else:
            keys = self.targets(ns, words)
        for key in keys:
            if key not in self.state["objects"]:
                raise Refused(f"Error from server (NotFound): {key} not found")
            if condition not in self.current_conditions(key, consume=True):
                # A real kubectl would sit here until the timeout: recorded, so a test can tell.
                self.call["timed_out"] = options.get("timeout")
                raise Refused(f"error: timed out waiting for the condition on {key}")
            self.call["objects"].append(key.split("/", 1)[1])
            print(f"{key} condition met")

    def do_get(self, options, words, ns):
        if words and words[0] == "crd":
            if words[1] not in self.state["crds"]:
                raise Refused(f'Error from server (NotFound): customresourcedefinitions "{words[1]}" not found')
            return
        if words[:1] == ["namespace"]:
            if words[1] not in self.state["namespaces"]:
                raise Refused(f'Error from server (NotFound): namespaces "{words[1]}" not found')
            return
        if words[:1] == ["secret"]:
            if f"{ns}/{words[1]}" not in self.state["secrets"]:
                raise Refused(f'Error from server (NotFound): secrets "{words[1]}" not found')
            return
        if words[:1] == ["configmap"] and words[1] in self.state["configmaps"] and ns == "knative-serving":
            data = self.state["configmaps"][words[1]]
            template = options.get("o", "")
            if not template.startswith("jsonpath="):
                raise Unanswered()
            print(re.sub(r"\{\.data\.([^}]+)\}", lambda m: data.get(m.group(1), ""), template[len("jsonpath="):]),
                  end="")
            return
        if words[:1] == ["configmap"]:
            raise Refused(f'Error from server (NotFound): configmaps "{words[1]}" not found')
        if len(words) == 1 and words[0].startswith("job/"):
            key = self.key(ns, "Job", words[0][4:])
            if key not in self.state["objects"]:
                raise Refused(f'Error from server (NotFound): jobs.batch "{words[0][4:]}" not found')
            if "jsonpath=" not in options.get("o", ""):
                raise Unanswered()
            for condition in self.current_conditions(key, consume=True):
                print(f"{condition}: fake {condition.lower()} message")
            return
        if words == ["ksvc"]:
            print("SERVICE   URL")
            return
        raise Unanswered()

    def do_logs(self, options, words, ns):
        print("fake log: Flyway: migration V9 failed")

    def do_create(self, options, words, ns):
        if words[:1] == ["namespace"]:
            self.state["namespaces"].append(words[1])
            print(f"namespace/{words[1]} created")
        elif words[:2] == ["secret", "generic"] and options.get("from-env-file"):
            keys = [line.split("=", 1)[0] for line in Path(options["from-env-file"]).read_text().splitlines() if line]
            self.state["secrets"][f"{ns}/{words[2]}"] = keys
            print(f"secret/{words[2]} created")
        else:
            raise Unanswered()


class Unanswered(Exception):
    """A call this stand-in does not know: deploy.sh does something new, and the tests should learn it."""


def main():
    cluster = Cluster(Path(os.environ["FAKE_KUBECTL_STATE"]))
    try:
        cluster.run(sys.argv[1:])
        status = 0
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        status = 1
    except Unanswered:
        cluster.call["unanswered"] = True
        print(f"fake kubectl: no answer for: kubectl {' '.join(sys.argv[1:])}", file=sys.stderr)
        status = 97
    finally:
        cluster.save()
    sys.exit(status)


if __name__ == "__main__":
    main()
