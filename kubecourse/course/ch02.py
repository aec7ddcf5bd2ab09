"""Chapter 02, Services: the exercises of notebooks/02-services.ipynb."""

from __future__ import annotations

from kubecourse.api.models import Endpoints, Service
from kubecourse.api.port import Port
from kubecourse.course.exercise import Exercise
from kubecourse.course.reads import NAMESPACE, named, running_pods

# luksa/kubernetes-in-action Chapter05/kubia-svc-named-ports.yaml.
KUBIA_SVC = """%%manifest
apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  ports:
  - name: http
    port: 80
    targetPort: http
  selector:
    app: kubia
"""

# Chapter05/kubia-rc-readinessprobe.yaml as an apps/v1 Deployment, with the named port.
KUBIA_READINESS = """%%manifest
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
        image: luksa/kubia
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          exec:
            command:
            - ls
            - /var/ready
"""

KUBIA_HTTP_READINESS = KUBIA_READINESS.replace("""          exec:
            command:
            - ls
            - /var/ready
""", """          httpGet:
            path: /
            port: http
""")

WEB_BROKEN = """%%manifest
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia-web
"""

WEB_FIXED = WEB_BROKEN.replace("app: kubia-web", "app: kubia")

EXTERNAL = """%%manifest
apiVersion: v1
kind: Service
metadata:
  name: external-kubia
spec:
  ports:
  - port: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-kubia
subsets:
- addresses:
  - ip: 10.244.1.2
  ports:
  - port: 8080
"""

STARTED = (KUBIA_SVC, KUBIA_READINESS, "%cluster advance 30s")


def ready_ips(port: Port, service: str) -> list[str] | str:
    """The ready addresses of the Service's Endpoints, or why there are none."""
    found = named(port, Service, service)
    if isinstance(found, str):
        return found
    endpoints = port.try_get(Endpoints, service, NAMESPACE)
    subsets = endpoints.subsets if endpoints is not None else None
    ips = [a.ip for subset in subsets or [] for a in subset.addresses or []]
    return ips or f"the Service {service} has no ready endpoints (kubectl get endpoints {service})"


def all_kubia_ready(port: Port) -> str | None:
    ips = ready_ips(port, "kubia")
    if isinstance(ips, str):
        return ips
    pods = {p.status.pod_ip for p in running_pods(port, "app=kubia") if p.status is not None}
    if len(pods) < 3 or not pods <= set(ips):
        return f"the Service kubia has {len(set(ips) & pods)} of {len(pods)} running kubia pods as ready endpoints"
    return None


def web_fixed(port: Port) -> str | None:
    ips = ready_ips(port, "web")
    if isinstance(ips, str):
        return ips
    pods = {p.status.pod_ip for p in running_pods(port, "app=kubia") if p.status is not None}
    if not set(ips) <= pods:
        return "web sends requests to pods that are not kubia pods"
    return None


def external(port: Port) -> str | None:
    service = named(port, Service, "external-kubia")
    if isinstance(service, str):
        return service
    if service.spec is not None and service.spec.selector:
        return "external-kubia has a selector, so the Endpoints controller manages its endpoints"
    ips = ready_ips(port, "external-kubia")
    if isinstance(ips, str):
        return ips
    pods = {p.status.pod_ip for p in running_pods(port, "") if p.status is not None}
    if not set(ips) & pods:
        return f"no address of external-kubia ({', '.join(ips)}) is the IP of a running pod"
    return None


EXERCISES = (
    Exercise("02.1", "The Service kubia sends requests to every kubia pod: all three are its ready endpoints.",
             all_kubia_ready,
             "A pod becomes a ready endpoint when its readiness probe passes. Make it pass, in each pod "
             "or for all of them through the Deployment's template.",
             (KUBIA_HTTP_READINESS, "%kubectl rollout status deployment kubia"),
             "This template probes kubia's HTTP port, which answers at once; the Deployment replaces each pod, "
             "and the Endpoints controller lists a pod as soon as its probe passes. (Touching /var/ready "
             "in each pod with kubectl exec works too.)",
             given=STARTED),
    Exercise("02.2", "The Service web sends requests to the ready kubia pods. Change only the Service.", web_fixed,
             "Compare the Service's selector with the pods' labels (kubectl get pods --show-labels).",
             (WEB_FIXED,),
             "A Service's selector must match the pods' labels; the Endpoints controller then lists the ready "
             "ones at once.",
             given=(KUBIA_HTTP_READINESS, "%cluster advance 30s", WEB_BROKEN)),
    Exercise("02.3", "A Service external-kubia without a selector sends requests to one pod's IP, through "
             "Endpoints you wrote yourself.", external,
             "A Service without a selector gets no Endpoints from the controller: create an Endpoints object "
             "with the Service's name.",
             (EXTERNAL,),
             "The Endpoints object has the Service's name, so kube-proxy uses its addresses. Use an IP "
             "from kubectl get pods -o wide; the solution's 10.244.1.2 is the first pod on kind-worker.",
             given=(KUBIA_HTTP_READINESS, "%cluster advance 30s")),
)

__all__ = ["EXERCISES"]
