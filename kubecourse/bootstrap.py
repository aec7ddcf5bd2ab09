"""A fresh cluster, exactly as a new kind cluster looks (kind v0.26, Kubernetes 1.32).

What `kind create cluster` (with workers) leaves behind, created through the API as the real
components create it, all at the epoch, so every age equals the cluster's:

* Nodes `kind-control-plane` (tainted control-plane) and `kind-worker`, `kind-worker2`, ...,
  each with its kubelet; namespaces default, kube-node-lease, kube-public, kube-system and
  local-path-storage.
* kube-system: the control plane as static pods, whose mirror pods are owned by the Node
  (etcd-, kube-apiserver-, kube-controller-manager-, kube-scheduler-kind-control-plane);
  CoreDNS as the Deployment `coredns` with its ReplicaSet and 2 pods; the DaemonSets
  kindnet and kube-proxy with their ControllerRevisions and a pod on every node.
* local-path-storage: the local-path-provisioner Deployment, its ReplicaSet and pod, and the
  StorageClass `standard`, the default, which kind applies with kubectl (installstorage).
* Services `kubernetes` (default, 10.96.0.1, https 443 -> 6443) with the Endpoints and
  EndpointSlice the apiserver keeps pointing at itself, and `kube-dns` (kube-system,
  10.96.0.10); its endpoints come from the endpoints controllers, like any Service's.

The pods were started by the node image before the learner arrived: their kubelets adopt
them already running and ready (Kubelet.adopt_running), so they record no events.
The Deployments and ReplicaSets carry the names, labels, annotations and statuses their
controllers would give them, so the controllers find nothing to change.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api.models import ObjectMeta
from kubecourse.api.models.apps import (
    ControllerRevision,
    DaemonSet,
    DaemonSetStatus,
    ReplicaSet,
    ReplicaSetSpec,
)
from kubecourse.api.models.core import (
    ConfigMap,
    EndpointAddress,
    EndpointPort,
    Endpoints,
    EndpointSubset,
    Namespace,
    Node,
    NodeAddress,
    NodeSpec,
    NodeStatus,
    NodeSystemInfo,
    Pod,
    Service,
    ServiceAccount,
    ServicePort,
    ServiceSpec,
    Taint,
)
from kubecourse.api.models.discovery import Endpoint, EndpointConditions, EndpointSlice, EndpointSlicePort
from kubecourse.api.models.meta import Condition, OwnerReference
from kubecourse.api.server import APIServer
from kubecourse.controllers import controllerutil, history
from kubecourse.controllers.base import Manager, owner_ref
from kubecourse.controllers.daemon import util as daemonutil
from kubecourse.controllers.deployment import util as deploymentutil
from kubecourse.network import Network
from kubecourse.node.kubelet import Kubelet
from kubecourse.userland import images

KUBE_VERSION = "v1.32.2"
CONTROL_PLANE = "kind-control-plane"
NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage")
POD_SUBNET = "10.244.0.0/16"
KINDEST_TAG = "v20241108-5c6d2daf"
SYSTEM_NODE_CRITICAL, SYSTEM_CLUSTER_CRITICAL = "system-node-critical", "system-cluster-critical"
COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""


def node_names(workers: int) -> list[str]:
    return [CONTROL_PLANE] + [f"kind-worker{i if i > 1 else ''}" for i in range(1, workers + 1)]


def node_ip(index: int) -> str:
    """kind's docker network hands out 172.18.0.2, .3, ... in node creation order."""
    return f"172.18.0.{index + 2}"


def make_node(api: APIServer, name: str, index: int) -> Node:
    control_plane = name == CONTROL_PLANE
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
    resources = {"cpu": "2", "ephemeral-storage": "263174212Ki", "hugepages-1Gi": "0",
                 "hugepages-2Mi": "0", "memory": "24576000Ki", "pods": "110"}
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
            capacity=resources,
            allocatable=resources,
            conditions=conditions,
            addresses=[NodeAddress(type="InternalIP", address=node_ip(index)),
                       NodeAddress(type="Hostname", address=name)],
            daemon_endpoints={"kubeletEndpoint": {"Port": 10250}},
            images=preloaded_images(),
            node_info=NodeSystemInfo(
                machine_id=f"{index:032x}", system_uuid=f"{index:08x}-0000-0000-0000-000000000000",
                boot_id=f"{index:08x}-0000-0000-0000-000000000001",
                kernel_version="6.1.0-27-amd64", os_image="Debian GNU/Linux 12 (bookworm)",
                container_runtime_version="containerd://1.7.24", kubelet_version=KUBE_VERSION,
                kube_proxy_version=KUBE_VERSION, operating_system="linux", architecture="amd64"),
        ),
    )


def preloaded_images() -> list[dict[str, Any]]:
    """status.images of a fresh node: what the kind node image imported, largest first."""
    listed = [{"names": [f"{i.repository}:{t}"], "sizeBytes": i.size}
              for i in images.CATALOGUE if i.preloaded for t in i.tags]
    return sorted(listed, key=lambda i: (-i["sizeBytes"], i["names"][0]))


def bootstrap(api: APIServer, manager: Manager, *, workers: int) -> None:
    for ns in NAMESPACES:
        api.create(Namespace(metadata=ObjectMeta(name=ns)))
    kubelets = {}
    network = Network(api, api.rng)  # one cluster network, which every node's runtime joins
    for index, name in enumerate(node_names(workers)):
        api.create(make_node(api, name, index))
        kubelets[name] = Kubelet(api, api.clock, api.rng, node=name, network=network)
        manager.add(kubelets[name])
    for name in ("coredns", "kindnet", "kube-proxy"):
        api.create(ServiceAccount(metadata=ObjectMeta(name=name, namespace="kube-system")))
    api.create(ServiceAccount(metadata=ObjectMeta(name="local-path-provisioner-service-account",
                                                  namespace="local-path-storage")))
    api.create(ConfigMap(metadata=ObjectMeta(name="coredns", namespace="kube-system"), data={"Corefile": COREFILE}))
    control_plane = api.get("Node", CONTROL_PLANE)
    for pod in static_pods(control_plane):
        kubelets[CONTROL_PLANE].adopt_running(api.create(pod))
    for manifest, replicas in ((coredns_deployment(), 2), (local_path_deployment(), 1)):
        for pod in deployment_pods(api, manifest, replicas):
            kubelets[CONTROL_PLANE].adopt_running(pod)
    names = node_names(workers)
    daemon_sets = [create_daemon_set(api, manifest, len(names)) for manifest in (kindnet(), kube_proxy())]
    for name in names:
        for ds, hash_ in daemon_sets:
            kubelets[name].adopt_running(daemon_pod(api, ds, hash_, name))
    create_services(api, control_plane)
    with api.rng.aside("storage"):
        api.create(standard_storage_class())


# --- the control plane: static pods ---------------------------------------------------------------


def static_pods(node: Node) -> list[dict[str, Any]]:
    """The mirror pods of kubeadm's static pod manifests (/etc/kubernetes/manifests)."""
    ip = node.status.addresses[0].address
    pki = "/etc/kubernetes/pki"
    components = (
        ("etcd", "registry.k8s.io/etcd:3.5.16-0", {"cpu": "100m", "memory": "100Mi"},
         {"kubeadm.kubernetes.io/etcd.advertise-client-urls": f"https://{ip}:2379"},
         ["etcd", f"--advertise-client-urls=https://{ip}:2379", f"--cert-file={pki}/etcd/server.crt",
          "--client-cert-auth=true", "--data-dir=/var/lib/etcd", "--experimental-initial-corrupt-check=true",
          "--experimental-watch-progress-notify-interval=5s", f"--initial-advertise-peer-urls=https://{ip}:2380",
          f"--initial-cluster={CONTROL_PLANE}=https://{ip}:2380", f"--key-file={pki}/etcd/server.key",
          f"--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379",
          "--listen-metrics-urls=http://127.0.0.1:2381", f"--listen-peer-urls=https://{ip}:2380",
          f"--name={CONTROL_PLANE}", f"--peer-cert-file={pki}/etcd/peer.crt", "--peer-client-cert-auth=true",
          f"--peer-key-file={pki}/etcd/peer.key", f"--peer-trusted-ca-file={pki}/etcd/ca.crt",
          "--snapshot-count=10000", f"--trusted-ca-file={pki}/etcd/ca.crt"],
         ("/livez", 2381, "127.0.0.1", "HTTP"), ("/readyz", 2381, "127.0.0.1", "HTTP")),
        ("kube-apiserver", f"registry.k8s.io/kube-apiserver:{images_tag('kube-apiserver')}", {"cpu": "250m"},
         {"kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": f"{ip}:6443"},
         ["kube-apiserver", f"--advertise-address={ip}", "--allow-privileged=true",
          "--authorization-mode=Node,RBAC", f"--client-ca-file={pki}/ca.crt",
          "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
          f"--etcd-cafile={pki}/etcd/ca.crt", f"--etcd-certfile={pki}/apiserver-etcd-client.crt",
          f"--etcd-keyfile={pki}/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
          f"--kubelet-client-certificate={pki}/apiserver-kubelet-client.crt",
          f"--kubelet-client-key={pki}/apiserver-kubelet-client.key",
          "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
          f"--proxy-client-cert-file={pki}/front-proxy-client.crt",
          f"--proxy-client-key-file={pki}/front-proxy-client.key",
          "--requestheader-allowed-names=front-proxy-client",
          f"--requestheader-client-ca-file={pki}/front-proxy-ca.crt",
          "--requestheader-extra-headers-prefix=X-Remote-Extra-", "--requestheader-group-headers=X-Remote-Group",
          "--requestheader-username-headers=X-Remote-User", "--runtime-config=", "--secure-port=6443",
          "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
          f"--service-account-key-file={pki}/sa.pub", f"--service-account-signing-key-file={pki}/sa.key",
          "--service-cluster-ip-range=10.96.0.0/16", f"--tls-cert-file={pki}/apiserver.crt",
          f"--tls-private-key-file={pki}/apiserver.key"],
         ("/livez", 6443, ip, "HTTPS"), ("/readyz", 6443, ip, "HTTPS")),
        ("kube-controller-manager", f"registry.k8s.io/kube-controller-manager:{images_tag('kube-controller-manager')}",
         {"cpu": "200m"}, {},
         ["kube-controller-manager", "--allocate-node-cidrs=true",
          "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
          "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf", "--bind-address=127.0.0.1",
          f"--client-ca-file={pki}/ca.crt", f"--cluster-cidr={POD_SUBNET}", "--cluster-name=kind",
          f"--cluster-signing-cert-file={pki}/ca.crt", f"--cluster-signing-key-file={pki}/ca.key",
          "--controllers=*,bootstrapsigner,tokencleaner", "--enable-hostpath-provisioner=true",
          "--kubeconfig=/etc/kubernetes/controller-manager.conf", "--leader-elect=true",
          f"--requestheader-client-ca-file={pki}/front-proxy-ca.crt", f"--root-ca-file={pki}/ca.crt",
          f"--service-account-private-key-file={pki}/sa.key", "--service-cluster-ip-range=10.96.0.0/16",
          "--use-service-account-credentials=true"],
         ("/healthz", 10257, "127.0.0.1", "HTTPS"), None),
        ("kube-scheduler", f"registry.k8s.io/kube-scheduler:{images_tag('kube-scheduler')}", {"cpu": "100m"}, {},
         ["kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
          "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
          "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"],
         ("/livez", 10259, "127.0.0.1", "HTTPS"), ("/readyz", 10259, "127.0.0.1", "HTTPS")),
    )
    pods = []
    for component, image, requests, extra, command, live, ready in components:
        config_hash = deploymentutil.fnv32a(" ".join(command).encode())
        config_hash = f"{config_hash:08x}" * 4  # kubelet's md5 of the manifest: 32 hex digits
        container: dict[str, Any] = {
            "name": component, "image": image, "imagePullPolicy": "IfNotPresent", "command": command,
            "resources": {"requests": requests},
            "livenessProbe": _probe(live, initial_delay=10, failures=8, timeout=15),
            "startupProbe": _probe(live, initial_delay=10, failures=24, timeout=15),
        }
        if ready is not None:
            container["readinessProbe"] = _probe(ready, initial_delay=0, failures=3, timeout=15, period=1 if
                                                 component == "kube-apiserver" else 10)
        pods.append({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {
                "name": f"{component}-{CONTROL_PLANE}", "namespace": "kube-system",
                "labels": {"component": component, "tier": "control-plane"},
                "annotations": {**extra, "kubernetes.io/config.hash": config_hash,
                                "kubernetes.io/config.mirror": config_hash,
                                "kubernetes.io/config.seen": "2025-01-01T00:00:00.000000000Z",
                                "kubernetes.io/config.source": "file"},
                "ownerReferences": [OwnerReference(api_version="v1", kind="Node", name=node.metadata.name,
                                                   uid=node.metadata.uid, controller=True).to_wire()],
            },
            "spec": {"containers": [container], "hostNetwork": True, "nodeName": CONTROL_PLANE,
                     "priorityClassName": SYSTEM_NODE_CRITICAL,
                     "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                     "tolerations": [{"effect": "NoExecute", "operator": "Exists"}]},
        })
    return pods


def images_tag(component: str) -> str:
    return next(i.tags[0] for i in images.CATALOGUE if i.repository == f"registry.k8s.io/{component}")


def _probe(target: tuple[str, int, str, str], *, initial_delay: int, failures: int, timeout: int,
           period: int = 10) -> dict[str, Any]:
    path, port, host, scheme = target
    return {"httpGet": {"host": host, "path": path, "port": port, "scheme": scheme},
            "initialDelaySeconds": initial_delay, "periodSeconds": period, "timeoutSeconds": timeout,
            "failureThreshold": failures, "successThreshold": 1}


# --- add-ons: Deployments with their ReplicaSet and pods -------------------------------------------


def coredns_deployment() -> dict[str, Any]:
    """kubeadm's CoreDNS add-on (cmd/kubeadm/app/phases/addons/dns/manifests.go)."""
    labels = {"k8s-app": "kube-dns"}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "coredns", "namespace": "kube-system", "labels": labels},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": labels},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": "25%"}},
            "template": {"metadata": {"labels": labels}, "spec": {
                "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
                    "weight": 100, "podAffinityTerm": {
                        "labelSelector": {"matchExpressions": [
                            {"key": "k8s-app", "operator": "In", "values": ["kube-dns"]}]},
                        "topologyKey": "kubernetes.io/hostname"}}]}},
                "containers": [{
                    "name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.11.3",
                    "imagePullPolicy": "IfNotPresent", "args": ["-conf", "/etc/coredns/Corefile"],
                    "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                              {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                              {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                    "livenessProbe": {"httpGet": {"path": "/health", "port": 8080, "scheme": "HTTP"},
                                      "initialDelaySeconds": 60, "timeoutSeconds": 5, "successThreshold": 1,
                                      "failureThreshold": 5},
                    "readinessProbe": {"httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"}},
                    "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                    "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                        "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}},
                    "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/coredns", "readOnly": True}],
                }],
                "dnsPolicy": "Default",
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "priorityClassName": SYSTEM_CLUSTER_CRITICAL,
                "serviceAccountName": "coredns",
                "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
                "volumes": [{"name": "config-volume", "configMap": {
                    "name": "coredns", "items": [{"key": "Corefile", "path": "Corefile"}]}}],
            }},
        },
    }


def local_path_deployment() -> dict[str, Any]:
    """kind's local-path-provisioner (kind: pkg/cluster/internal/create/actions/installstorage)."""
    labels = {"app": "local-path-provisioner"}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "local-path-provisioner", "namespace": "local-path-storage"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels}, "spec": {
                "containers": [{
                    "name": "local-path-provisioner",
                    "image": f"docker.io/kindest/local-path-provisioner:{KINDEST_TAG}",
                    "imagePullPolicy": "IfNotPresent",
                    "command": ["local-path-provisioner", "--debug", "start", "--helper-image",
                                f"docker.io/kindest/local-path-helper:{KINDEST_TAG}", "--config",
                                "/etc/config/config.json"],
                    "env": [{"name": "POD_NAMESPACE",
                             "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}}],
                    "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/config/"}],
                }],
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "serviceAccountName": "local-path-provisioner-service-account",
                "tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Equal",
                                 "effect": "NoSchedule"},
                                {"key": "node-role.kubernetes.io/master", "operator": "Equal",
                                 "effect": "NoSchedule"}],
                "volumes": [{"name": "config-volume", "configMap": {"name": "local-path-config"}}],
            }},
        },
    }


def standard_storage_class() -> dict[str, Any]:
    """kind's default StorageClass (pkg/cluster/internal/create/actions/installstorage
    storage.yaml), applied with kubectl, so it carries the last-applied configuration."""
    applied = ('{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":'
               '{"storageclass.kubernetes.io/is-default-class":"true"},"name":"standard"},'
               '"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete",'
               '"volumeBindingMode":"WaitForFirstConsumer"}\n')
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "standard", "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration": applied,
                "storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
            "volumeBindingMode": "WaitForFirstConsumer"}


def deployment_pods(api: APIServer, manifest: dict[str, Any], replicas: int) -> list[Pod]:
    """Create a Deployment, its first ReplicaSet and its pods on the control-plane node, as
    the Deployment and ReplicaSet controllers would have made them: the RS is named after the
    pod-template-hash of the Deployment's (defaulted) template and carries revision 1. Their
    statuses are left to those controllers, which write them before Cluster() returns."""
    manifest["metadata"]["annotations"] = {deploymentutil.REVISION: "1"}
    deploy = api.create(manifest)
    template = deploy.spec.template
    pod_hash = deploymentutil.compute_hash(template, None)
    labels = {**template.metadata.labels, deploymentutil.POD_TEMPLATE_HASH: pod_hash}
    selector = deploy.spec.selector.with_(match_labels={**deploy.spec.selector.match_labels,
                                                        deploymentutil.POD_TEMPLATE_HASH: pod_hash})
    rs = ReplicaSet(
        metadata=ObjectMeta(name=f"{deploy.metadata.name}-{pod_hash}", namespace=deploy.metadata.namespace,
                            labels=labels, owner_references=[owner_ref(deploy)]),
        spec=ReplicaSetSpec(replicas=replicas, min_ready_seconds=deploy.spec.min_ready_seconds, selector=selector,
                            template=template.with_(metadata=template.metadata.with_(labels=labels))))
    rs = api.create(rs.with_(metadata=rs.metadata.with_(
        annotations=deploymentutil.new_replica_set_annotations(deploy, rs, 1, exists=False))))
    pod = controllerutil.pod_from_template(rs)
    return [api.create(pod.with_(spec=pod.spec.with_(node_name=CONTROL_PLANE))) for _ in range(replicas)]


# --- DaemonSet pods (no DaemonSet kind yet: created without an owner) ------------------------------


def daemon_set(name: str, labels: dict[str, str], selector: dict[str, str], spec: dict[str, Any]) -> dict[str, Any]:
    """A DaemonSet in kube-system whose pods run everywhere (each tolerates every taint)."""
    return {"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": name, "namespace": "kube-system", "labels": labels},
            "spec": {"selector": {"matchLabels": selector},
                     "template": {"metadata": {"labels": labels}, "spec": spec}}}


def create_daemon_set(api: APIServer, manifest: dict[str, Any], nodes: int) -> tuple[DaemonSet, str]:
    """The DaemonSet with its ControllerRevision and the status its controller would write,
    drawn from a stream of their own, so the pods made after them get the names they had
    before DaemonSets were served. Returns the set and its revision hash."""
    with api.rng.aside(f"daemonset/{manifest['metadata']['name']}"):
        ds = api.create(manifest)
        hash_ = daemonutil.revision_hash(ds)
        template = ds.spec.template
        api.create(ControllerRevision(
            metadata=ObjectMeta(name=f"{ds.metadata.name}-{hash_}", namespace=ds.metadata.namespace,
                                labels={**(template.metadata.labels or {}), history.HASH_LABEL: hash_},
                                owner_references=[owner_ref(ds)]),
            data=history.template_patch(template), revision=1))
        ds = api.update_status(ds.with_(status=DaemonSetStatus(
            current_number_scheduled=nodes, number_misscheduled=0, desired_number_scheduled=nodes, number_ready=nodes,
            observed_generation=ds.metadata.generation, updated_number_scheduled=nodes, number_available=nodes)))
    return ds, hash_


def daemon_pod(api: APIServer, ds: DaemonSet, hash_: str, node: str) -> Pod:
    """The set's pod on the node, as its controller makes it (daemon/util.py new_pod), bound."""
    pod = daemonutil.new_pod(ds, node, hash_)
    return api.create(pod.with_(spec=pod.spec.with_(node_name=node)))


def kindnet() -> dict[str, Any]:
    """kind's CNI (kind: pkg/build/nodeimage/const_cni.go)."""
    return daemon_set("kindnet", {"app": "kindnet", "k8s-app": "kindnet", "tier": "node"}, {"app": "kindnet"}, {
        "containers": [{
            "name": "kindnet-cni", "image": f"docker.io/kindest/kindnetd:{KINDEST_TAG}",
            "imagePullPolicy": "IfNotPresent",
            "env": [{"name": "HOST_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.hostIP"}}},
                    {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
                    {"name": "POD_SUBNET", "value": POD_SUBNET},
                    {"name": "CONTROL_PLANE_ENDPOINT", "value": f"{CONTROL_PLANE}:6443"}],
            "resources": {"limits": {"cpu": "100m", "memory": "50Mi"}, "requests": {"cpu": "100m", "memory": "50Mi"}},
            "securityContext": {"capabilities": {"add": ["NET_RAW", "NET_ADMIN"]}, "privileged": False},
        }],
        "hostNetwork": True,
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "serviceAccountName": "kindnet",
        "tolerations": [{"operator": "Exists"}],
    })


def kube_proxy() -> dict[str, Any]:
    """kubeadm's kube-proxy add-on (cmd/kubeadm/app/phases/addons/proxy/manifests.go)."""
    return daemon_set("kube-proxy", {"k8s-app": "kube-proxy"}, {"k8s-app": "kube-proxy"}, {
        "containers": [{
            "name": "kube-proxy", "image": f"registry.k8s.io/kube-proxy:{images_tag('kube-proxy')}",
            "imagePullPolicy": "IfNotPresent",
            "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                        "--hostname-override=$(NODE_NAME)"],
            "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
            "securityContext": {"privileged": True},
        }],
        "hostNetwork": True,
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "priorityClassName": SYSTEM_NODE_CRITICAL,
        "serviceAccountName": "kube-proxy",
        "tolerations": [{"operator": "Exists"}],
    })


# --- Services -------------------------------------------------------------------------------------


def create_services(api: APIServer, control_plane: Node) -> None:
    """`kubernetes`, which the apiserver keeps pointing at itself (pkg/controlplane/reconcilers:
    its Endpoints skip mirroring, its EndpointSlice has no managed-by label, so the endpoint
    controllers leave both alone), and kubeadm's `kube-dns`."""
    ip = control_plane.status.addresses[0].address
    api.create(Service(
        metadata=ObjectMeta(name="kubernetes", namespace="default",
                            labels={"component": "apiserver", "provider": "kubernetes"}),
        spec=ServiceSpec(cluster_ip="10.96.0.1", ports=[ServicePort(name="https", protocol="TCP", port=443,
                                                                    target_port=6443)])))
    api.create(Endpoints(
        metadata=ObjectMeta(name="kubernetes", namespace="default",
                            labels={"endpointslice.kubernetes.io/skip-mirror": "true"}),
        subsets=[EndpointSubset(addresses=[EndpointAddress(ip=ip)],
                                ports=[EndpointPort(name="https", port=6443, protocol="TCP")])]))
    api.create(EndpointSlice(
        metadata=ObjectMeta(name="kubernetes", namespace="default", labels={"kubernetes.io/service-name": "kubernetes"}),
        address_type="IPv4",
        endpoints=[Endpoint(addresses=[ip], conditions=EndpointConditions(ready=True))],
        ports=[EndpointSlicePort(name="https", port=6443, protocol="TCP")]))
    api.create(Service(
        metadata=ObjectMeta(name="kube-dns", namespace="kube-system",
                            labels={"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                    "kubernetes.io/name": "CoreDNS"},
                            annotations={"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}),
        spec=ServiceSpec(cluster_ip="10.96.0.10", selector={"k8s-app": "kube-dns"}, ports=[
            ServicePort(name="dns", protocol="UDP", port=53, target_port=53),
            ServicePort(name="dns-tcp", protocol="TCP", port=53, target_port=53),
            ServicePort(name="metrics", protocol="TCP", port=9153, target_port=9153)])))
