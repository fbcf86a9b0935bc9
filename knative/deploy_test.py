#!/usr/bin/env python3
"""What `deploy.sh knative up/down` does to a cluster, without one: deploy.sh runs against fake_kubectl.py, which
keeps the cluster's state, records each call and answers by the peers' rules (peer_rules.py); kustomize is the
real one. Run by knative/test.sh; alone: python3 knative/deploy_test.py
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import fake_kubectl
import peer_rules

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NS = "scrapbook-dev"
DATA = {"RabbitmqCluster/scrapbook-rabbitmq", "Exchange/scrapbook-images", "Queue/scrapbook-thumbnail",
        "Queue/scrapbook-thumbnail-dead", "Binding/scrapbook-thumbnail-image-saved", "Cluster/scrapbook-db",
        "Deployment/minio", "Service/minio", "PersistentVolumeClaim/minio-data"}
FUNCTIONS = {f"Service.serving.knative.dev/{fn}" for fn in ("save-image", "thumbnail", "gallery", "share")} \
    | {"CronJob/reconcile"}
SOURCE = "RabbitmqSource/thumbnail-source"


class DeployScript(unittest.TestCase):
    def setUp(self):
        work = Path(tempfile.mkdtemp(prefix="deploy-test-"))
        self.addCleanup(shutil.rmtree, work)
        (work / "bin").mkdir()
        # The interpreter itself, not a version manager's shim: deploy.sh makes some 30 kubectl calls per run.
        (work / "bin" / "kubectl").write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HERE / "fake_kubectl.py"}" "$@"\n')
        (work / "bin" / "kubectl").chmod(0o755)
        self.state_file = work / "state.json"
        self.state_file.write_text("{}")
        fake_kubectl.Cluster(self.state_file).save()  # a cluster with Knative, the operators, and nothing of ours
        self.env = dict(os.environ, PATH=f"{work / 'bin'}:{os.environ['PATH']}", REAL_KUBECTL=shutil.which("kubectl"),
                        FAKE_KUBECTL_STATE=str(self.state_file), REGISTRY="registry.test/scrapbook", TAG="test1",
                        KNATIVE_POLL_SECONDS="0")
        self.env.pop("PULL_SECRET", None)

    # ---- the fake cluster -----------------------------------------------------------------------------------

    def state(self):
        return json.loads(self.state_file.read_text())

    def change_state(self, change):
        state = self.state()
        change(state)
        self.state_file.write_text(json.dumps(state))

    def deploy(self, *args, **env):
        """Runs deploy.sh knative ARGS and returns it with the calls it made to kubectl."""
        first = len(self.state().get("calls", []))
        result = subprocess.run([str(REPO / "deploy.sh"), "knative", *args], env=dict(self.env, **env),
                                capture_output=True, text=True, timeout=120)
        result.calls = self.state()["calls"][first:]
        for call in result.calls:
            self.assertNotIn("unanswered", call, f"the fake kubectl has no answer for {call['argv']}")
        return result

    def up(self, overlay="dev", **env):
        result = self.deploy("up", overlay, "--no-build", **env)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def objects(self, ns=NS):
        return {key.split("/", 1)[1] for key in self.state()["objects"] if key.startswith(ns + "/")}

    @staticmethod
    def index(calls, *words):
        """The position of the first call whose command line has every word (server dry runs aside)."""
        for i, call in enumerate(calls):
            if all(word in call["argv"] for word in words) and "--dry-run=server" not in call["argv"]:
                return i
        raise AssertionError(f"no call with {words}: {[' '.join(c['argv']) for c in calls]}")

    @staticmethod
    def applied(calls, selector):
        return {o.split("scrapbook-config-")[0] + ("scrapbook-config" if "scrapbook-config-" in o else "")
                for c in calls if c["argv"][:1] == ["apply"] and "--dry-run=server" not in c["argv"]
                and selector in c["argv"] for o in c["objects"]}

    # ---- up --------------------------------------------------------------------------------------------------

    def test_up_puts_each_data_service_in_service_then_migrates_then_starts_the_functions_then_the_source(self):
        calls = self.up().calls
        self.assertEqual(self.applied(calls, "scrapbook.dev/tier=data"), DATA)
        self.assertEqual(self.applied(calls, "scrapbook.dev/step=migrate"), {"ConfigMap/scrapbook-config", "Job/migrate"})
        self.assertEqual(self.applied(calls, "scrapbook.dev/tier=app,!scrapbook.dev/step"), FUNCTIONS)
        self.assertEqual(self.applied(calls, "scrapbook.dev/step=source"), {SOURCE})
        # Every data object an operator reports on was waited for, by its operator's condition, before the Job.
        migrate = self.index(calls, "delete", "job", "migrate")
        waited = {o for c in calls[:migrate] if "wait" in c["argv"][:3] for o in c["objects"]}
        self.assertEqual(waited, {o for o in DATA if o.split("/")[0] in peer_rules.READY_CONDITION})
        order = [self.index(calls, "apply", "scrapbook.dev/tier=data"), migrate,
                 self.index(calls, "apply", "scrapbook.dev/step=migrate"), self.index(calls, "get", "job/migrate"),
                 self.index(calls, "apply", "scrapbook.dev/tier=app,!scrapbook.dev/step"),
                 self.index(calls, "wait", "ksvc"), self.index(calls, "apply", "scrapbook.dev/step=source"),
                 self.index(calls, "wait", "rabbitmqsource/thumbnail-source")]
        self.assertEqual(order, sorted(order))
        self.assertFalse([c for c in calls if "timed_out" in c])
        # A registry on the network: Knative resolves its tags, nothing to check.
        self.assertFalse([c for c in calls if "config-deployment" in c["argv"]])
        # Generated secrets go through a file, never on a command line.
        for call in calls:
            if call["argv"][:2] == ["create", "secret"] or call["argv"][2:4] == ["create", "secret"]:
                self.assertFalse([a for a in call["argv"] if "=" in a and not a.startswith("--from-env-file=")])

    def test_a_second_up_replaces_the_finished_migration_job_and_keeps_an_unchanged_source(self):
        self.up(TAG="test1")
        result = self.up(TAG="test2")
        calls = result.calls
        self.assertLess(self.index(calls, "delete", "job", "migrate"), self.index(calls, "apply", "scrapbook.dev/step=migrate"))
        job = self.state()["objects"][f"{NS}/Job/migrate"]
        self.assertEqual(job["spec"]["template"]["spec"]["containers"][0]["image"],
                         "registry.test/scrapbook/scrapbook-gallery:test2")
        self.assertFalse([c for c in calls if "rabbitmqsource" in c["argv"] and "delete" in c["argv"]])
        self.assertNotIn("recreating", result.stdout)

    def test_a_failed_migration_stops_the_deploy_at_once_with_its_log(self):
        # The Job runs for one poll, then fails: deploy.sh must stop there, not wait out its timeout for Complete.
        self.change_state(lambda s: s.setdefault("outcomes", {}).update({"Job/migrate": [[], [peer_rules.JOB_FAILED]]}))
        result = self.deploy("up", "dev", "--no-build")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("job/migrate failed", result.stderr)
        self.assertIn("Flyway: migration V9 failed", result.stderr)
        self.assertFalse([c for c in result.calls if "timed_out" in c], "a wait sat out its timeout")
        self.assertEqual(self.applied(result.calls, "scrapbook.dev/tier=app,!scrapbook.dev/step"), set())

    def test_a_source_whose_spec_changed_is_recreated_and_deploy_says_so(self):
        self.up()
        # As deployed by an earlier version, with another parallelism: its webhook refuses any change of spec.
        self.change_state(lambda s: s["objects"][f"{NS}/{SOURCE}"]["spec"]["rabbitmqResourcesConfig"].update(parallelism=1))
        result = self.up()
        self.assertIn("thumbnail-source: its spec changed", result.stdout)
        self.assertLess(self.index(result.calls, "delete", "rabbitmqsource", "thumbnail-source"),
                        self.index(result.calls, "apply", "scrapbook.dev/step=source"))
        self.assertEqual(self.state()["objects"][f"{NS}/{SOURCE}"]["spec"]["rabbitmqResourcesConfig"]["parallelism"], 4)

    def test_up_names_the_missing_operator(self):
        self.change_state(lambda s: s.update(crds=["services.serving.knative.dev", "rabbitmqsources.sources.knative.dev",
                                                   "rabbitmqclusters.rabbitmq.com", "queues.rabbitmq.com"]))
        result = self.deploy("up", "dev", "--no-build")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CloudNativePG", result.stderr)

    # ---- images and registries ------------------------------------------------------------------------------

    def test_a_registry_local_to_the_nodes_must_skip_knatives_tag_resolution(self):
        result = self.deploy("up", "dev", "--no-build", REGISTRY="localhost:5001/scrapbook")
        self.assertNotEqual(result.returncode, 0)
        self.assertFalse([c for c in result.calls if c["argv"][:1] == ["apply"]])
        # The command it prints keeps what Knative skips when the key is unset, and adds the registry.
        patch = re.search(r'"registries-skipping-tag-resolving":"([^"]*)"', result.stderr)
        self.assertEqual(set(patch.group(1).split(",")), peer_rules.TAG_RESOLUTION_SKIPPED_BY_DEFAULT | {"localhost:5001"})
        # Listed (Knative trims each entry): deployed.
        self.change_state(lambda s: s["configmaps"].update({"config-deployment": {
            "registries-skipping-tag-resolving": "kind.local, localhost:5001"}}))
        self.up(REGISTRY="localhost:5001/scrapbook")

    def test_a_pull_secret_must_exist_and_reaches_every_pod_of_ours(self):
        result = self.deploy("up", "dev", "--no-build", PULL_SECRET="regcred")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"kubectl -n {NS} create secret docker-registry regcred", result.stderr)
        self.assertFalse([c for c in result.calls if c["argv"][:1] == ["apply"]])
        self.change_state(lambda s: s["secrets"].update({f"{NS}/regcred": [".dockerconfigjson"]}))
        self.up(PULL_SECRET="regcred")
        objects = self.state()["objects"]
        for name in ("Service.serving.knative.dev/gallery", "Job/migrate"):
            self.assertEqual(objects[f"{NS}/{name}"]["spec"]["template"]["spec"]["imagePullSecrets"], [{"name": "regcred"}])
        self.assertEqual(objects[f"{NS}/CronJob/reconcile"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
                         ["imagePullSecrets"], [{"name": "regcred"}])

    # ---- TLS -------------------------------------------------------------------------------------------------

    def https_overlay(self):
        """prod with its example.com replaced: https endpoints on a made-up domain."""
        overlay = REPO / "knative" / "overlays" / f".test-https-{os.getpid()}"
        overlay.mkdir()
        self.addCleanup(shutil.rmtree, overlay)
        (overlay / "kustomization.yaml").write_text("""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: scrapbook
resources: [../prod]
configMapGenerator:
  - name: scrapbook-config
    behavior: merge
    literals:
      - SCRAPBOOK_S3_ENDPOINT=https://s3.demo.test
      - SCRAPBOOK_ENDPOINTS_SAVE_IMAGE=https://save-image.scrapbook.demo.test
      - SCRAPBOOK_ENDPOINTS_SHARE=https://share.scrapbook.demo.test
      - SCRAPBOOK_SHARE_PUBLIC_URL=https://share.scrapbook.demo.test
      - SCRAPBOOK_ENDPOINTS_CORS_ALLOWED_ORIGINS=https://gallery.scrapbook.demo.test
""")
        self.change_state(lambda s: s.update(namespaces=["scrapbook"], secrets={"scrapbook/scrapbook-s3": ["access-key"]}))
        return overlay.name

    def test_up_refuses_endpoints_whose_scheme_knative_does_not_serve(self):
        https = self.https_overlay()
        # Only the check is under test here: the fake refuses the first apply, which shows the check let it through.
        self.change_state(lambda s: s.update(refuse_applies=True))
        for network in ({}, {"external-domain-tls": "Enabled"}, {"external-domain-tls": "disabled", "auto-tls": "Enabled"},
                        {"auto-tls": "enabled"}, {"default-external-scheme": "https"}):
            self.change_state(lambda s: s["configmaps"].update({"config-network": network}))
            served = peer_rules.external_scheme(network)
            for overlay, scheme in (("dev", "http"), (https, "https")):
                with self.subTest(overlay=scheme, network=network):
                    result = self.deploy("up", overlay, "--no-build")
                    applied = [c for c in result.calls if c["argv"][:1] == ["apply"]]
                    self.assertEqual(bool(applied), served == scheme, result.stderr)
                    if served != scheme:
                        self.assertIn(f"names {scheme}:// endpoints, but this cluster's Knative serves {served} URLs",
                                      result.stderr)

    # ---- down ------------------------------------------------------------------------------------------------

    def test_down_removes_the_app_and_keeps_the_data_and_the_secrets_and_purge_removes_everything(self):
        self.up()
        result = self.deploy("down", "dev")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.objects(), DATA)
        self.assertIn(f"{NS}/scrapbook-auth", self.state()["secrets"])
        result = self.deploy("down", "dev", "--purge")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.objects(), set())
        self.assertFalse([k for k in self.state()["secrets"] if k.startswith(NS + "/")])

if __name__ == "__main__":
    unittest.main()
