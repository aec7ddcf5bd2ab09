"""Chapter 01, declarative desired state: the exercises of notebooks/01-declarative-state.ipynb."""

from __future__ import annotations

from kubecourse.api.models import Deployment, ReplicaSet
from kubecourse.api.port import Port
from kubecourse.course.exercise import Exercise
from kubecourse.course.reads import NAMESPACE, images, named, running_pods

KUBIA_RS = """%%manifest
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: kubia
spec:
  replicas: 3
  selector:
    matchLabels:
      app: kubia
  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
"""

HELLO = """%%manifest
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: nginx
        image: nginx
"""

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def _kubia_full(port: Port) -> str | None:
    """None when the ReplicaSet kubia exists and runs as many pods as it asks for."""
    rs = named(port, ReplicaSet, "kubia")
    if isinstance(rs, str):
        return rs
    want = rs.spec.replicas if rs.spec is not None and rs.spec.replicas is not None else 1
    running = len(running_pods(port, "app=kubia"))
    if running != want:
        return f"the ReplicaSet kubia wants {want} pods and {running} with app=kubia are Running"
    return None


def five_pods(port: Port) -> str | None:
    rs = port.try_get(ReplicaSet, "kubia", NAMESPACE)
    if rs is not None and rs.spec is not None and rs.spec.replicas != 5:
        return f"the ReplicaSet kubia asks for {rs.spec.replicas} replicas; expected 5"
    return _kubia_full(port)


def taken_out(port: Port) -> str | None:
    debug = running_pods(port, "app=debug")
    if not debug:
        return "no Running pod has the label app=debug"
    owned = [p.metadata.name for p in debug if p.metadata.controller_ref() is not None]
    if owned:
        return f"{', '.join(str(n) for n in owned)} still belongs to a controller (see its ownerReferences)"
    return _kubia_full(port)


def declared_hello(port: Port) -> str | None:
    hello = named(port, Deployment, "hello")
    if isinstance(hello, str):
        return hello
    assert hello.spec is not None
    if LAST_APPLIED not in (hello.metadata.annotations or {}):
        return f"hello has no {LAST_APPLIED} annotation: kubectl apply has never written it"
    if not all(i.split(":")[0] == "nginx" for i in images(hello)):
        return f"hello runs {', '.join(images(hello))}; expected nginx"
    if hello.spec.replicas != 2:
        return f"hello asks for {hello.spec.replicas} replicas; expected 2"
    ready = hello.status.ready_replicas if hello.status is not None else None
    if (ready or 0) != 2:
        return f"{ready or 0} of hello's 2 pods are ready; move the clock on"
    return None


EXERCISES = (
    Exercise("01.1", "The ReplicaSet kubia keeps 5 pods, all Running.", five_pods,
             "Change the desired state (spec.replicas), then let the kubelets start the new containers.",
             ("%kubectl scale rs kubia --replicas=5", "%cluster advance 30s"),
             "scale writes spec.replicas; the ReplicaSet controller creates two pods and the kubelets start them.",
             given=(KUBIA_RS, "%cluster advance 30s")),
    Exercise("01.2", "Take kubia's pods out of the ReplicaSet without deleting them: they keep running with the "
             "label app=debug, and the ReplicaSet runs a full set of new pods.", taken_out,
             "A ReplicaSet owns the pods its selector matches. Change the label its selector looks at.",
             ("%kubectl label pods -l app=kubia app=debug --overwrite", "%cluster advance 30s"),
             "The relabelled pods no longer match app=kubia, so the ReplicaSet releases them (their "
             "ownerReferences go) and creates replacements.",
             given=(KUBIA_RS, "%cluster advance 30s")),
    Exercise("01.3", "The Deployment hello runs 2 Running nginx pods and is managed declaratively "
             "(kubectl apply has written its last-applied-configuration).", declared_hello,
             "Write the whole desired state in a manifest and apply it with %%manifest.",
             (HELLO, "%cluster advance 30s"),
             "apply sends the manifest and keeps it in the last-applied-configuration annotation, so the "
             "next apply knows which fields it owns.",
             given=("%kubectl create deployment hello --image=nginx", "%cluster advance 30s")),
)

__all__ = ["EXERCISES"]
