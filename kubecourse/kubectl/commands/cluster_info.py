"""`kubectl cluster-info`: where the control plane and the cluster's add-on services answer.

Models staging/src/k8s.io/kubectl/pkg/cmd/clusterinfo/clusterinfo.go (Run, printService): the
services in kube-system (or -n) labelled `kubernetes.io/cluster-service=true` are listed after
the control plane, each under its `kubernetes.io/name` label (CoreDNS for kube-dns) with the
API server's proxy URL (`.../services/kube-dns:dns/proxy`: the service and its first port's
name; `https:` in front when that port is named https or is 443), or its load balancer's
address. kubectl colours the names with ANSI codes only on a terminal; our output is not
one, so it has none.

`cluster-info dump` is not simulated.
"""

from __future__ import annotations

from kubecourse.api.models import Service
from kubecourse.kubectl.commands import Command

# The in-process cluster's API server address, as a kind cluster's kubeconfig names it.
SERVER = "https://127.0.0.1:6443"
CLUSTER_SERVICE = "kubernetes.io/cluster-service=true"


def join_scheme_name_port(scheme: str, name: str, port: str) -> str:
    """utilnet.JoinSchemeNamePort: `https:name:port`, `name:port` or `name`."""
    if scheme:
        return f"{scheme}:{name}:{port}"
    return f"{name}:{port}" if port else name


def link(svc) -> str:
    ingress = (svc.status.load_balancer.ingress or []) if svc.status and svc.status.load_balancer else []
    ports = svc.spec.ports or []
    if ingress:
        address = ingress[0].ip or ingress[0].hostname
        return "".join(f"http://{address}:{p.port} " for p in ports)
    name = svc.metadata.name
    if ports:
        name = join_scheme_name_port("https" if ports[0].name == "https" or ports[0].port == 443 else "",
                                     name, ports[0].name or "")
    return f"{SERVER}/api/v1/namespaces/{svc.metadata.namespace}/services/{name}/proxy"


def run(ctx, parsed, out, stdin) -> int:
    namespace = parsed.flags.get("namespace") or "kube-system"
    out.print(f"Kubernetes control plane is running at {SERVER}")
    for svc in ctx.list(Service, namespace, label_selector=CLUSTER_SERVICE):
        title = (svc.metadata.labels or {}).get("kubernetes.io/name") or svc.metadata.name
        out.print(f"{title} is running at {link(svc)}")
    out.print("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
    return 0


COMMAND = Command("cluster-info", run, (), short="Display cluster information")
