"""How the systems under the cluster path behave, as read in their source at the versions the manifests pin.

No cluster runs here, so these rules are what the offline checks hold the project to: check_manifests.py checks
the rendered overlays against them, and fake_kubectl.py answers deploy.sh as a cluster following them would.
Each rule names the repository, file and tag it was read in; when a pin moves, read that file again at the new
tag and change the rule here (knative/README.md, "Peer rules we rely on", lists them with their tests).
"""
import re

# ---- eventing-rabbitmq knative-v1.22.1: the RabbitmqSource and its receive adapter -------------------------------

# pkg/adapter/adapter.go, postMessage: `p, _ := period.Parse(a.config.BackoffDelay); p.DurationApprox()`: the
# source's spec.delivery.backoffDelay is an ISO-8601 period read by github.com/rickb777/date v1.13.0 (vendored:
# vendor/github.com/rickb777/date/period/parse.go), its error ignored. The delay goes to the CloudEvents SDK
# (v2.16.1, vendor/github.com/cloudevents/sdk-go/v2/context/retry.go), whose Backoff calls time.NewTicker with
# it: a zero or negative delay panics there, on the first retriable answer.
def _fixed_point_tenths(number):
    """parseDecimalFixedPoint: keeps ONE decimal digit (its comment says three) and drops the rest, then
    strconv.ParseInt (an optional sign, then digits)."""
    dot = number.find(".")
    if dot < 0:
        dot = number.find(",")
    if dot < 0:
        number += "0"
    elif len(number) - dot > 1:
        number = number[:dot] + number[dot + 1:dot + 2]
    else:
        number = number[:dot] + number[dot + 1:] + "0"
    if not re.fullmatch(r"[+-]?[0-9]+", number):
        raise ValueError(f"not a number: {number}")
    return int(number)


def _period_field(text, mark):
    """parseField: the amount before `mark` in tenths, or None when `mark` is absent (strings.IndexByte > 0, so a
    mark in first place counts as absent too); ValueError where the Go code returns an error."""
    at = text.find(mark)
    if at <= 0:
        return None, text
    return _fixed_point_tenths(text[:at]), text[at + 1:]


def adapter_backoff_seconds(value):
    """The retry delay in seconds that the adapter derives from backoffDelay: 0 for anything period.Parse refuses
    (the adapter ignores the error and uses the zero Period)."""
    if not value:
        return 0.0
    try:
        sign, rest = 1, value
        if rest[0] in "+-":
            sign, rest = (-1 if rest[0] == "-" else 1), rest[1:]
        if not rest.startswith("P"):
            raise ValueError("expected 'P' period mark at the start")
        rest = rest[1:]
        date_part, _, time_part = rest.partition("T")
        tenths, found = 0, False
        if "T" in rest:
            for mark, seconds in (("H", 3600), ("M", 60), ("S", 1)):
                amount, time_part = _period_field(time_part, mark)
                if amount is not None:
                    tenths, found = tenths + amount * seconds, True
            if time_part:
                raise ValueError(f"unexpected remaining components {time_part}")
        # DurationApprox: a year is 365.2425 days, a month a twelfth of that, a week 7 days.
        for mark, seconds in (("Y", 365.2425 * 86400), ("M", 365.2425 * 86400 / 12), ("W", 7 * 86400), ("D", 86400)):
            amount, date_part = _period_field(date_part, mark)
            if amount is not None:
                tenths, found = tenths + amount * seconds, True
        if date_part:
            raise ValueError(f"unexpected remaining components {date_part}")
        if not found:
            raise ValueError("expected 'Y', 'M', 'W', 'D', 'H', 'M', or 'S' marker")
        return sign * tenths / 10
    except ValueError:
        return 0.0


# pkg/apis/sources/v1alpha1/rabbitmq_validation.go, Validate: on update, any difference between the old and the
# new spec (kmp.ShortDiff) is refused with this message, whatever the field.
SOURCE_IMMUTABLE_MESSAGE = "Immutable fields changed (-old +new)"


def source_spec_defaulted(spec, namespace):
    """pkg/apis/sources/v1alpha1/rabbitmq_defaults.go: the webhook fills rabbitmqClusterReference.namespace with the
    source's own namespace before validating, so a spec without it equals the stored one."""
    spec = dict(spec)
    reference = dict(spec.get("rabbitmqClusterReference") or {})
    if reference and not reference.get("namespace"):
        reference["namespace"] = namespace
        spec["rabbitmqClusterReference"] = reference
    return spec


# ---- what the operators create, and the condition each sets when ready -----------------------------------------

def cnpg_app_secret(cluster):
    """cloudnative-pg v1.30.0 api/v1/cluster_types.go ApplicationUserSecretSuffix "-app" (GetApplicationSecretName
    in api/v1/cluster_funcs.go, for an initdb bootstrap without a secret of its own)."""
    return f"{cluster}-app"


# pkg/specs/secrets.go CreateSecret: the keys of that secret.
CNPG_APP_SECRET_KEYS = frozenset({"username", "user", "password", "dbname", "host", "port", "pgpass", "uri",
                                  "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri"})


def cnpg_rw_service(cluster):
    """api/v1/cluster_types.go ServiceReadWriteSuffix "-rw": the service that always points at the primary."""
    return f"{cluster}-rw"


def rabbitmq_default_user_secret(cluster):
    """rabbitmq/cluster-operator v2.22.3 internal/resource/default_user_secret.go DefaultUserSecretName
    "default-user", named by ChildResourceName (api/v1beta1/rabbitmqcluster_types.go): "<cluster>-default-user"."""
    return f"{cluster}-default-user"


# internal/resource/default_user_secret.go: the keys of that secret (without TLS).
RABBITMQ_DEFAULT_USER_KEYS = frozenset({"username", "password", "default_user.conf", "provider", "type", "host",
                                        "port", "connection_string"})


def rabbitmq_service(cluster):
    """internal/resource/service.go: ChildResourceName(ServiceSuffix) with ServiceSuffix "": the cluster's name."""
    return cluster


# The condition type `kubectl wait` can wait for on each kind, once the object is in service.
READY_CONDITION = {
    # rabbitmq/cluster-operator v2.22.3 internal/status/status.go
    "RabbitmqCluster": "AllReplicasReady",
    # rabbitmq/messaging-topology-operator v1.20.1 api/v1beta1/conditions.go (Ready, set by
    # internal/controller/topology_controller.go after each successful create or update)
    "Exchange": "Ready",
    "Queue": "Ready",
    "Binding": "Ready",
    # cloudnative-pg v1.30.0 api/v1/cluster_types.go ConditionClusterReady
    "Cluster": "Ready",
    # kubernetes/api v0.32.4 apps/v1/types.go DeploymentAvailable
    "Deployment": "Available",
    # knative/serving knative-v1.23.0 pkg/apis/serving/v1/service_types.go ServiceConditionReady
    "Service.serving.knative.dev": "Ready",
    # eventing-rabbitmq knative-v1.22.1 pkg/apis/sources/v1alpha1/rabbitmq_lifecycle.go RabbitmqConditionReady
    "RabbitmqSource": "Ready",
}

# kubernetes/api v0.32.4 batch/v1/types.go: a Job ends with one of these conditions True.
JOB_COMPLETE = "Complete"
JOB_FAILED = "Failed"

# ---- Knative Serving knative-v1.23.0 ------------------------------------------------------------------------------

# pkg/reconciler/revision/resolve.go: the controller resolves each image tag to a digest (with the revision's
# imagePullSecrets and service account, pkg/reconciler/revision/revision.go) unless the image's registry
# (go-containerregistry's RegistryStr, host[:port]) is listed in config-deployment's
# registries-skipping-tag-resolving, read by pkg/deployment/config.go (split on ",", each trimmed; default below).
TAG_RESOLUTION_SKIPPED_BY_DEFAULT = frozenset({"kind.local", "ko.local", "dev.local"})


def external_scheme(config_network):
    """vendor/knative.dev/networking/pkg/config/config.go: external-domain-tls "enabled" (any case) gives https
    URLs; when that key is absent the deprecated auto-tls decides; default-external-scheme (default http) names
    the scheme of a TLS terminated in front of Knative."""
    key = "external-domain-tls" if "external-domain-tls" in config_network else "auto-tls"
    if config_network.get(key, "").lower() == "enabled":
        return "https"
    return config_network.get("default-external-scheme") or "http"
