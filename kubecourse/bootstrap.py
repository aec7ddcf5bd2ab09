"""A fresh cluster, exactly as a new kind cluster looks (kind v0.26, Kubernetes 1.32).

Nodes `kind-control-plane` (tainted control-plane) and `kind-worker`, `kind-worker2`, ...;
namespaces default, kube-system, kube-public, kube-node-lease. Everything is created
through the API, as the real components create it.
"""

from __future__ import annotations

from kubecourse.api.models import Namespace, Node, ObjectMeta
from kubecourse.api.models.core import NodeAddress, NodeSpec, NodeStatus, NodeSystemInfo, Taint
from kubecourse.api.models.meta import Condition
from kubecourse.api.server import APIServer
from kubecourse.controllers.base import Manager

KUBE_VERSION = "v1.32.2"
NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


def node_names(workers: int) -> list[str]:
    return ["kind-control-plane"] + [f"kind-worker{i if i > 1 else ''}" for i in range(1, workers + 1)]


def make_node(api: APIServer, name: str, index: int) -> Node:
    control_plane = name == "kind-control-plane"
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    now = api.clock.now
    conditions = [
        Condition(type=t, status="False", reason=r, message=m, last_heartbeat_time=now, last_transition_time=now)
        for t, r, m in (
            ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        )
    ] + [Condition(type="Ready", status="True", reason="KubeletReady", message="kubelet is posting ready status",
                   last_heartbeat_time=now, last_transition_time=now)]
    cidr = f"10.244.{index}.0/24"
    return Node(
        metadata=ObjectMeta(name=name, labels=labels, annotations={
            "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
            "node.alpha.kubernetes.io/ttl": "0",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true",
        }),
        spec=NodeSpec(pod_cidr=cidr, pod_cidrs=[cidr], provider_id=f"kind://docker/kind/{name}",
                      taints=[Taint(key="node-role.kubernetes.io/control-plane", effect="NoSchedule")]
                      if control_plane else None),
        status=NodeStatus(
            capacity={"cpu": "2", "ephemeral-storage": "263174212Ki", "hugepages-1Gi": "0",
                      "hugepages-2Mi": "0", "memory": "24576000Ki", "pods": "110"},
            allocatable={"cpu": "2", "ephemeral-storage": "263174212Ki", "hugepages-1Gi": "0",
                         "hugepages-2Mi": "0", "memory": "24576000Ki", "pods": "110"},
            conditions=conditions,
            addresses=[NodeAddress(type="InternalIP", address=f"172.18.0.{index + 2}"),
                       NodeAddress(type="Hostname", address=name)],
            daemon_endpoints={"kubeletEndpoint": {"Port": 10250}},
            node_info=NodeSystemInfo(
                machine_id=f"{index:032x}", system_uuid=f"{index:08x}-0000-0000-0000-000000000000",
                boot_id=f"{index:08x}-0000-0000-0000-000000000001",
                kernel_version="6.1.0-27-amd64", os_image="Debian GNU/Linux 12 (bookworm)",
                container_runtime_version="containerd://1.7.24", kubelet_version=KUBE_VERSION,
                kube_proxy_version=KUBE_VERSION, operating_system="linux", architecture="amd64"),
        ),
    )


def bootstrap(api: APIServer, manager: Manager, *, workers: int) -> None:
    for ns in NAMESPACES:
        api.create(Namespace(metadata=ObjectMeta(name=ns)))
    for index, name in enumerate(node_names(workers)):
        api.create(make_node(api, name, index))
