"""Chapter 05, Deployments: the exercises of notebooks/05-deployments.ipynb."""

from __future__ import annotations

from collections.abc import Callable

from kubecourse.api.models import Deployment, ReplicaSet
from kubecourse.api.port import Port
from kubecourse.course.exercise import Exercise
from kubecourse.course.reads import NAMESPACE, images, named, rollout_done

# luksa/kubernetes-in-action Chapter09/kubia-deployment-v1.yaml, in apps/v1 (which needs a selector).
KUBIA_V1 = """%%manifest
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubia
spec:
  replicas: 3
  selector:
    matchLabels:
      app: kubia
  template:
    metadata:
      name: kubia
      labels:
        app: kubia
    spec:
      containers:
      - image: luksa/kubia:v1
        name: nodejs
"""

# The same Deployment on v2, with Chapter09/kubia-deployment-v3-with-readinesscheck.yaml's
# safety net: a readiness probe and minReadySeconds.
KUBIA_V2_GUARDED = KUBIA_V1.replace("""  replicas: 3
""", """  replicas: 3
  minReadySeconds: 10
""").replace("""      - image: luksa/kubia:v1
        name: nodejs
""", """      - image: luksa/kubia:v2
        name: nodejs
        readinessProbe:
          periodSeconds: 1
          httpGet:
            path: /
            port: 8080
""")

REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"

STARTED = (KUBIA_V1, "%cluster advance 30s")
ON_V2 = (*STARTED, "%kubectl set image deployment kubia nodejs=luksa/kubia:v2", "%kubectl rollout status deployment kubia")


def _kubia(port: Port) -> Deployment | str:
    return named(port, Deployment, "kubia")


def _serves(image: str) -> Callable[[Port], str | None]:
    """A check: kubia's template runs `image` and the rollout to it has finished."""
    def check(port: Port) -> str | None:
        kubia = _kubia(port)
        if isinstance(kubia, str):
            return kubia
        if images(kubia) != [image]:
            return f"kubia runs {', '.join(images(kubia))}; expected {image}"
        return rollout_done(kubia)
    return check


def _owner_uid(rs: ReplicaSet) -> str | None:
    owner = rs.metadata.controller_ref()
    return owner.uid if owner is not None else None


def recorded(port: Port) -> str | None:
    kubia = _kubia(port)
    if isinstance(kubia, str):
        return kubia
    revision = (kubia.metadata.annotations or {}).get(REVISION)
    current = [rs for rs in port.list(ReplicaSet, NAMESPACE)
               if (rs.metadata.annotations or {}).get(REVISION) == revision and _owner_uid(rs) == kubia.metadata.uid]
    cause = (current[0].metadata.annotations or {}).get(CHANGE_CAUSE) if current else None
    if cause is None:
        return f"revision {revision} of kubia has no change cause"
    if cause.startswith("kubectl "):
        return f'revision {revision}\'s change cause is the command line --record wrote: "{cause}"'
    if "v2" not in cause:
        return f'revision {revision}\'s change cause is "{cause}"; it does not mention v2'
    return None


def guarded(port: Port) -> str | None:
    kubia = _kubia(port)
    if isinstance(kubia, str):
        return kubia
    assert kubia.spec is not None and kubia.spec.template is not None and kubia.spec.template.spec is not None
    if (kubia.spec.min_ready_seconds or 0) < 10:
        return f"kubia's minReadySeconds is {kubia.spec.min_ready_seconds or 0}; expected at least 10"
    probe = kubia.spec.template.spec.containers[0].readiness_probe
    get = probe.http_get if probe is not None else None
    if get is None or str(get.port) != "8080" or (get.path or "/") != "/":
        return "kubia's container has no readiness probe doing an HTTP GET of / on port 8080"
    if images(kubia) == ["luksa/kubia:v3"]:
        return "kubia runs luksa/kubia:v3 already: put the safety net in place before the bad release"
    return rollout_done(kubia)


EXERCISES = (
    Exercise("05.1", "kubectl rollout history lists a CHANGE-CAUSE for kubia's current revision, in your own "
             "words (not a command line written by --record), that mentions v2.",
             recorded,
             "rollout history reads the kubernetes.io/change-cause annotation; today you write it yourself.",
             ('%kubectl annotate deployment kubia kubernetes.io/change-cause="v2: the new greeting" --overwrite',),
             "The Deployment controller copies the Deployment's annotations to its newest ReplicaSet, "
             "and rollout history prints each ReplicaSet's change-cause beside its revision.",
             given=(*ON_V2, "%kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record")),
    Exercise("05.2", "The kubia Deployment serves luksa/kubia:v1 again, and you did not edit its manifest.",
             _serves("luksa/kubia:v1"),
             "Which rollout subcommand goes back to an earlier revision?",
             ("%kubectl rollout undo deployment kubia", "%kubectl rollout status deployment kubia"),
             "undo copies the previous revision's pod template back into the Deployment; the old "
             "ReplicaSet is scaled up again and becomes the newest revision.",
             given=ON_V2),
    Exercise("05.3", "kubia keeps the image it runs, but now a new pod counts as available only after a "
             "readiness probe (HTTP GET / on port 8080, every second) has passed for 10 seconds.", guarded,
             "Two fields: spec.minReadySeconds, and readinessProbe on the container. Apply a whole manifest.",
             (KUBIA_V2_GUARDED, "%kubectl rollout status deployment kubia"),
             "minReadySeconds makes each new pod wait 10 s before it counts as available, and the probe "
             "takes it out as soon as it fails, so a bad release stops after its first pod.",
             given=ON_V2),
)

__all__ = ["EXERCISES"]
