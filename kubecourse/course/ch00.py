"""Chapter 00, start here: the exercise of notebooks/00-start-here.ipynb."""

from __future__ import annotations

from kubecourse.api.models import Deployment
from kubecourse.api.port import Port
from kubecourse.course.exercise import Exercise
from kubecourse.course.reads import named, rollout_done

KUBIA = """%%manifest
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
      labels:
        app: kubia
    spec:
      containers:
      - name: kubia
        image: luksa/kubia:v1
        ports:
        - containerPort: 8080
"""


def five_pods(port: Port) -> str | None:
    kubia = named(port, Deployment, "kubia")
    if isinstance(kubia, str):
        return kubia
    if kubia.spec is None or kubia.spec.replicas != 5:
        return f"kubia asks for {kubia.spec.replicas if kubia.spec else None} replicas; expected 5"
    return rollout_done(kubia)


EXERCISES = (
    Exercise("00.1", "The Deployment kubia runs 5 pods, all Running.", five_pods,
             "kubectl scale changes the number of replicas; then move the clock so the new containers start.",
             ("%kubectl scale deployment kubia --replicas=5", "%cluster advance 30s"),
             "scale writes spec.replicas; the ReplicaSet controller creates two pods and the kubelets start them.",
             given=(KUBIA, "%cluster advance 30s")),
)

__all__ = ["EXERCISES"]
