"""kubectl describe: full outputs per kind, the command's selection rules and its errors.

Objects are created and given their status through cluster.api, in a cluster whose
controllers are switched off, so these outputs depend on nothing but describe. The layouts
were checked against the real kubectl v1.32 binary describing the same objects (served to it
over HTTP); only ages differ there, because real kubectl measures them on the wall clock.
"""

from __future__ import annotations

import base64

import pytest

import kubecourse
from kubecourse import cluster as cluster_module
from kubecourse.api import kinds
from kubecourse.api.models.core import (
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStatus,
    PodIP,
    PodStatus,
)
from kubecourse.api.models.meta import Condition
from kubecourse.events import Recorder
from kubecourse.kubectl.describe import DESCRIBERS, writer


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch) -> kubecourse.Cluster:
    """A cluster without controllers: only what a test writes exists."""
    monkeypatch.setattr(cluster_module, "CONTROLLERS", ())
    return kubecourse.Cluster()


def owner(obj) -> list[dict]:
    return [{"apiVersion": obj.api_version, "kind": obj.kind, "name": obj.metadata.name,
             "uid": obj.metadata.uid, "controller": True, "blockOwnerDeletion": True}]


KUBE_API_ACCESS = {"name": "kube-api-access-7xk2p", "projected": {"defaultMode": 420, "sources": [
    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
    {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
    {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1",
                                                                  "fieldPath": "metadata.namespace"}}]}}]}}
SA_MOUNT = {"name": "kube-api-access-7xk2p", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
            "readOnly": True}
DEFAULT_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
]


def pod_manifest(name: str, *, labels: dict | None = None, owned_by=None, node: str | None = None,
                 resources: dict | None = None, **container: object) -> dict:
    """A pod as the API stores it after admission: service account, its token volume and the
    default tolerations are spelled out."""
    meta: dict = {"name": name, "labels": labels or {"app": "kubia"}}
    if owned_by is not None:
        meta["ownerReferences"] = owner(owned_by)
    spec: dict = {"serviceAccountName": "default", "tolerations": DEFAULT_TOLERATIONS, "volumes": [KUBE_API_ACCESS],
                  "containers": [{"name": "nodejs", "image": "luksa/kubia:v2", "ports": [{"containerPort": 8080}],
                                  "volumeMounts": [SA_MOUNT], "resources": resources or {}, **container}]}
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def run_pod(c: kubecourse.Cluster, name: str, *, ip: str, host_ip: str = "172.18.0.3", phase: str = "Running",
            restarts: int = 0) -> None:
    """Give a pod the status a kubelet reports once its one container runs and is ready;
    with restarts, the container exited with an error before."""
    pod = c.api.get("Pod", name, "default")
    now = c.now
    conditions = [Condition(type=t, status="True", last_transition_time=now) for t in
                  ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")]
    running = ContainerState(running=ContainerStateRunning(started_at=now))
    status = ContainerStatus(name="nodejs", ready=True, restart_count=0, image="docker.io/luksa/kubia:v2",
                             image_id="docker.io/luksa/kubia@sha256:1f2e3d", container_id="containerd://0123abcd",
                             state=running)
    if restarts:
        crashed = ContainerStateTerminated(exit_code=1, reason="Error", started_at=pod.metadata.creation_timestamp,
                                           finished_at=now, container_id="containerd://89efcdab")
        status = status.with_(restart_count=restarts, last_state=ContainerState(terminated=crashed))
    c.api.update_status(pod.with_(status=PodStatus(
        phase=phase, conditions=conditions, host_ip=host_ip, host_ips=[PodIP(ip=host_ip)], pod_ip=ip,
        pod_ips=[PodIP(ip=ip)], start_time=now, container_statuses=[status], qos_class="BestEffort")))


def text(s: str) -> str:
    """Expected output: `␣` stands for a trailing space kubectl prints (a padded last cell)."""
    return s.replace("␣", " ")


# --- scenarios ------------------------------------------------------------------------------


def make_replicaset(c: kubecourse.Cluster, name: str, *, deployment=None, replicas: int = 3, image: str = "luksa/kubia:v2",
                    current: int = 3) -> object:
    template_hash = name.rsplit("-", 1)[1]
    labels = {"app": "kubia", "pod-template-hash": template_hash}
    meta: dict = {"name": name, "labels": labels,
                  "annotations": {"deployment.kubernetes.io/desired-replicas": "3"}}
    if deployment is not None:
        meta["ownerReferences"] = owner(deployment)
    rs = c.api.create({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta, "spec": {
        "replicas": replicas, "selector": {"matchLabels": labels},
        "template": {"metadata": {"labels": labels}, "spec": {"containers": [
            {"name": "nodejs", "image": image, "ports": [{"containerPort": 8080}]}]}}}})
    return c.api.update_status(rs.with_(status=rs.status.with_(replicas=current, ready_replicas=current,
                                                               available_replicas=current)))


def pod_scenario(c: kubecourse.Cluster) -> None:
    c.advance(1)
    rs = make_replicaset(c, "kubia-66b6c48dd5")
    # the ConfigMap the env refers to: without it kind-worker's kubelet could not start the container
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config", "namespace": "default"},
                  "data": {"sleep-interval": "25"}})
    c.api.create(pod_manifest(
        "kubia-66b6c48dd5-x2k9p", labels={"app": "kubia", "pod-template-hash": "66b6c48dd5"}, owned_by=rs,
        node="kind-worker",
        readinessProbe={"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 1},
        env=[{"name": "INTERVAL", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "sleep-interval"}}},
             {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}}]))
    pod = c.api.get("Pod", "kubia-66b6c48dd5-x2k9p", "default")
    Recorder(c.api, "default-scheduler").event(pod, "Normal", "Scheduled",
                                               "Successfully assigned default/kubia-66b6c48dd5-x2k9p to kind-worker")
    kubelet = Recorder(c.api, "kubelet", "kind-worker")
    c.advance(1)
    kubelet.event(pod, "Normal", "Pulling", 'Pulling image "luksa/kubia:v2"')
    c.advance(3)
    kubelet.event(pod, "Normal", "Pulled", 'Successfully pulled image "luksa/kubia:v2" in 2.5s (2.5s including waiting)')
    for _ in range(3):
        kubelet.event(pod, "Normal", "Started", "Started container nodejs")
        c.advance(20)
    run_pod(c, "kubia-66b6c48dd5-x2k9p", ip="10.244.1.5", restarts=2)
    c.advance(75)


def deployment_scenario(c: kubecourse.Cluster) -> None:
    """kubia at revision 2: the v1 ReplicaSet scaled to 0, the v2 one at 3."""
    labels = {"app": "kubia"}
    d = c.api.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {
        "name": "kubia", "labels": labels, "annotations": {
            "deployment.kubernetes.io/revision": "2",
            "kubernetes.io/change-cause": "kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record=true"}},
        "spec": {"replicas": 3, "selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels},
                 "spec": {"containers": [{"name": "nodejs", "image": "luksa/kubia:v2",
                                          "ports": [{"containerPort": 8080}],
                                          "env": [{"name": "GREETING", "value": "hi"}]}]}}}})
    deployments = Recorder(c.api, "deployment-controller")
    make_replicaset(c, "kubia-5d8f9b7c4", deployment=d, replicas=0, image="luksa/kubia:v1", current=0)
    deployments.event(d, "Normal", "ScalingReplicaSet", "Scaled up replica set kubia-5d8f9b7c4 to 3")
    c.advance(60)
    make_replicaset(c, "kubia-66b6c48dd5", deployment=d)
    deployments.event(d, "Normal", "ScalingReplicaSet", "Scaled up replica set kubia-66b6c48dd5 to 3")
    c.advance(20)
    deployments.event(d, "Normal", "ScalingReplicaSet", "Scaled down replica set kubia-5d8f9b7c4 to 0 from 3")
    c.advance(38)
    now = c.now
    c.api.update_status(d.with_(status=d.status.with_(
        observed_generation=1, replicas=3, updated_replicas=3, ready_replicas=3, available_replicas=3,
        unavailable_replicas=0, conditions=[
            Condition(type="Available", status="True", reason="MinimumReplicasAvailable", last_update_time=now,
                      last_transition_time=now, message="Deployment has minimum availability."),
            Condition(type="Progressing", status="True", reason="NewReplicaSetAvailable", last_update_time=now,
                      last_transition_time=now,
                      message='ReplicaSet "kubia-66b6c48dd5" has successfully progressed.')])))


def replicaset_scenario(c: kubecourse.Cluster) -> None:
    rs = make_replicaset(c, "kubia-66b6c48dd5")
    rs_events = Recorder(c.api, "replicaset-controller")
    for name, ip in (("kubia-66b6c48dd5-2xbqm", "10.244.1.5"), ("kubia-66b6c48dd5-7lxwd", "10.244.2.3"),
                     ("kubia-66b6c48dd5-x2k9p", None)):
        c.api.create(pod_manifest(name, labels=dict(rs.spec.selector.match_labels), owned_by=rs))
        rs_events.event(rs, "Normal", "SuccessfulCreate", f"Created pod: {name}")
        if ip:
            run_pod(c, name, ip=ip)
    # A pod with the labels that this ReplicaSet does not control is not counted.
    c.api.create(pod_manifest("stray", labels=dict(rs.spec.selector.match_labels)))
    c.advance(42)


def service_scenario(c: kubecourse.Cluster) -> None:
    c.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubia", "labels": {"app": "kubia"}},
                  "spec": {"selector": {"app": "kubia"}, "clusterIP": "10.96.45.12", "ports": [
                      {"name": "http", "port": 80, "targetPort": 8080, "nodePort": 30080},
                      {"name": "https", "port": 443, "targetPort": "https", "nodePort": 30443}],
                      "type": "NodePort", "externalTrafficPolicy": "Cluster"}})
    endpoints = [{"addresses": [f"10.244.{i}.{i + 4}"], "conditions": {"ready": i != 2},
                  "nodeName": f"kind-worker{i if i > 1 else ''}",
                  "targetRef": {"kind": "Pod", "name": f"kubia-{i}", "namespace": "default"}} for i in (1, 2, 3)]
    endpoints.append({"addresses": ["10.244.1.9"], "conditions": {"ready": True}, "nodeName": "kind-worker"})
    endpoints.append({"addresses": ["10.244.3.9"]})  # ready unset counts as ready
    c.api.create({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                  "metadata": {"name": "kubia-abcde", "labels": {"kubernetes.io/service-name": "kubia"}},
                  "ports": [{"name": "http", "port": 8080, "protocol": "TCP"},
                            {"name": "https", "port": 8443, "protocol": "TCP"}],
                  "endpoints": endpoints})
    c.api.create({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "kubia", "labels": {"app": "kubia"}},
                  "subsets": [{"addresses": [{"ip": "10.244.1.5"}, {"ip": "10.244.3.7"}],
                               "notReadyAddresses": [{"ip": "10.244.2.6"}],
                               "ports": [{"name": "http", "port": 8080, "protocol": "TCP"},
                                         {"name": "https", "port": 8443, "protocol": "TCP"}]}]})


def config_scenario(c: kubecourse.Cluster) -> None:
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config"},
                  "data": {"sleep-interval": "25", "nginx.conf": "server {\n  listen 80;\n}\n"},
                  "binaryData": {"logo.png": base64.b64encode(b"\x89PNG\r\n").decode()}})
    c.api.create({"apiVersion": "v1", "kind": "Secret", "metadata": {
        "name": "db-pass", "labels": {"app": "kubia"},
        "annotations": {"kubectl.kubernetes.io/last-applied-configuration": '{"kind":"Secret"}'}},
        "stringData": {"username": "admin", "password": "s3cr3t!!"}})


NODE = {
    "apiVersion": "v1", "kind": "Node",
    "metadata": {"name": "worker-a", "labels": {"kubernetes.io/hostname": "worker-a", "kubernetes.io/os": "linux",
                                                "node-role.kubernetes.io/worker": "", "kubernetes.io/role": "edge"},
                 "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
    "spec": {"podCIDR": "10.244.7.0/24", "podCIDRs": ["10.244.7.0/24"], "providerID": "kind://docker/kind/worker-a",
             "taints": [{"key": "dedicated", "value": "course", "effect": "NoSchedule"},
                        {"key": "node.kubernetes.io/disk-pressure", "effect": "NoExecute"}]},
    "status": {
        "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi",
                     "hugepages-2Mi": "0", "example.com/gpu": "2"},
        "allocatable": {"cpu": "3800m", "memory": "7Gi", "pods": "110", "ephemeral-storage": "100Gi",
                        "hugepages-2Mi": "0", "example.com/gpu": "2"},
        "conditions": [
            {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
             "message": "kubelet has sufficient memory available", "lastHeartbeatTime": "2025-01-01T00:00:00Z",
             "lastTransitionTime": "2025-01-01T00:00:00Z"},
            {"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
             "lastHeartbeatTime": "2025-01-01T00:04:00Z", "lastTransitionTime": "2025-01-01T00:00:10Z"}],
        "addresses": [{"type": "InternalIP", "address": "172.18.0.9"}, {"type": "Hostname", "address": "worker-a"}],
        "nodeInfo": {"machineID": "a1", "systemUUID": "a2", "bootID": "a3", "kernelVersion": "6.1.0-27-amd64",
                     "osImage": "Debian GNU/Linux 12 (bookworm)", "containerRuntimeVersion": "containerd://1.7.24",
                     "kubeletVersion": "v1.32.2", "kubeProxyVersion": "v1.32.2", "operatingSystem": "linux",
                     "architecture": "amd64"}}}


def node_scenario(c: kubecourse.Cluster) -> None:
    """A node of the test's own, so pods the cluster starts itself do not appear on it."""
    c.api.create(NODE)
    c.advance(300)
    c.api.create(pod_manifest("kubia-manual", node="worker-a", resources={
        "requests": {"cpu": "250m", "memory": "64Mi"}, "limits": {"cpu": "500m", "memory": "128Mi",
                                                                  "example.com/gpu": "1"}}))
    run_pod(c, "kubia-manual", ip="10.244.7.5")
    c.api.create(pod_manifest("kubia-small", node="worker-a", resources={"requests": {"cpu": "0.1"}}))
    c.api.create(pod_manifest("kubia-done", node="worker-a"))
    run_pod(c, "kubia-done", ip="10.244.7.6", phase="Succeeded")  # finished: not listed
    c.api.create(pod_manifest("elsewhere", node="kind-worker2"))
    node = c.api.get("Node", "worker-a")
    # The kubelet names its node by name where a uid belongs; describe finds both kinds.
    c.api.create({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "worker-a.1", "namespace": "default"},
                  "involvedObject": {"kind": "Node", "name": "worker-a", "uid": "worker-a"},
                  "reason": "Starting", "message": "Starting kubelet.",
                  "source": {"component": "kubelet", "host": "worker-a"},
                  "firstTimestamp": "2025-01-01T00:00:00Z", "lastTimestamp": "2025-01-01T00:00:00Z", "count": 1,
                  "type": "Normal"})
    Recorder(c.api, "node-controller").event(node, "Normal", "RegisteredNode",
                                             "Node worker-a event: Registered Node worker-a in Controller")
    c.advance(30)
    c.api.create({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                  "metadata": {"name": "worker-a", "namespace": "kube-node-lease"},
                  "spec": {"holderIdentity": "worker-a", "leaseDurationSeconds": 40,
                           "renewTime": "2025-01-01T00:05:30.000000Z"}})


def namespace_scenario(c: kubecourse.Cluster) -> None:
    c.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "name": "course", "labels": {"team": "kubia"}, "annotations": {"owner": "luksa"}}})


# --- full outputs, one per kind ----------------------------------------------------------------


POD_TEXT = text("""\
Name:             kubia-66b6c48dd5-x2k9p
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-worker/172.18.0.3
Start Time:       Wed, 01 Jan 2025 00:01:05 +0000
Labels:           app=kubia
                  pod-template-hash=66b6c48dd5
Annotations:      <none>
Status:           Running
IP:               10.244.1.2
IPs:
  IP:           10.244.1.2
Controlled By:  ReplicaSet/kubia-66b6c48dd5
Containers:
  nodejs:
    Container ID:   containerd://156af4586c4c3935379deda1ade6c5e9b6e355f695bb440dc9cd4af97d161f29
    Image:          luksa/kubia:v2
    Image ID:       docker.io/luksa/kubia@sha256:50ea796a0f32b6a85658c66bafba5cc333b66000fb64eb83b4099517c5a66c34
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:07 +0000
    Ready:          True
    Restart Count:  0
    Readiness:      http-get http://:8080/ delay=0s timeout=1s period=1s #success=1 #failure=3
    Environment:
      INTERVAL:  <set to the key 'sleep-interval' of config map 'app-config'>  Optional: false
      POD_NAME:  kubia-66b6c48dd5-x2k9p (v1:metadata.name)
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True␣
  Initialized                 True␣
  Ready                       True␣
  ContainersReady             True␣
  PodScheduled                True␣
Volumes:
  kube-api-access-7xk2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age                  From               Message
  ----    ------     ----                 ----               -------
  Normal  Scheduled  2m19s                default-scheduler  Successfully assigned default/kubia-66b6c48dd5-x2k9p to kind-worker
  Normal  Pulling    2m18s                kubelet            Pulling image "luksa/kubia:v2"
  Normal  Pulling    2m18s                kubelet            Pulling image "luksa/kubia:v2"
  Normal  Pulled     2m15s                kubelet            Successfully pulled image "luksa/kubia:v2" in 2.5s (2.5s including waiting)
  Normal  Pulled     2m12s                kubelet            Successfully pulled image "luksa/kubia:v2" in 5.061s (5.061s including waiting). Image size: 239621034 bytes.
  Normal  Created    2m12s                kubelet            Created container nodejs
  Normal  Started    2m12s                kubelet            Started container nodejs
  Normal  Started    95s (x3 over 2m15s)  kubelet            Started container nodejs
""")

DEPLOYMENT_TEXT = text("""\
Name:                   kubia
Namespace:              default
CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000
Labels:                 app=kubia
Annotations:            deployment.kubernetes.io/revision: 2
                        kubernetes.io/change-cause: kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record=true
Selector:               app=kubia
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=kubia
  Containers:
   nodejs:
    Image:      luksa/kubia:v2
    Port:       8080/TCP
    Host Port:  0/TCP
    Environment:
      GREETING:    hi
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  kubia-5d8f9b7c4 (0/0 replicas created), kubia-66b6c48dd5 (3/3 replicas created)
NewReplicaSet:   <none>
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  118s  deployment-controller  Scaled up replica set kubia-5d8f9b7c4 to 3
  Normal  ScalingReplicaSet  58s   deployment-controller  Scaled up replica set kubia-66b6c48dd5 to 3
  Normal  ScalingReplicaSet  38s   deployment-controller  Scaled down replica set kubia-5d8f9b7c4 to 0 from 3
""")

REPLICASET_TEXT = text("""\
Name:         kubia-66b6c48dd5
Namespace:    default
Selector:     app=kubia,pod-template-hash=66b6c48dd5
Labels:       app=kubia
              pod-template-hash=66b6c48dd5
Annotations:  deployment.kubernetes.io/desired-replicas: 3
Replicas:     3 current / 3 desired
Pods Status:  2 Running / 1 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=kubia
           pod-template-hash=66b6c48dd5
  Containers:
   nodejs:
    Image:         luksa/kubia:v2
    Port:          8080/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  42s   replicaset-controller  Created pod: kubia-66b6c48dd5-2xbqm
  Normal  SuccessfulCreate  42s   replicaset-controller  Created pod: kubia-66b6c48dd5-7lxwd
  Normal  SuccessfulCreate  42s   replicaset-controller  Created pod: kubia-66b6c48dd5-x2k9p
""")

SERVICE_TEXT = text("""\
Name:                     kubia
Namespace:                default
Labels:                   app=kubia
Annotations:              <none>
Selector:                 app=kubia
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.45.12
IPs:                      10.96.45.12
Port:                     http  80/TCP
TargetPort:               8080/TCP
NodePort:                 http  30080/TCP
Endpoints:                10.244.1.5:8080,10.244.3.7:8080,10.244.1.9:8080 + 1 more...
Port:                     https  443/TCP
TargetPort:               https/TCP
NodePort:                 https  30443/TCP
Endpoints:                10.244.1.5:8443,10.244.3.7:8443,10.244.1.9:8443 + 1 more...
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
""")

ENDPOINTS_TEXT = text("""\
Name:         kubia
Namespace:    default
Labels:       app=kubia
Annotations:  <none>
Subsets:
  Addresses:          10.244.1.5,10.244.3.7
  NotReadyAddresses:  10.244.2.6
  Ports:
    Name   Port  Protocol
    ----   ----  --------
    http   8080  TCP
    https  8443  TCP

Events:  <none>
""")

ENDPOINTSLICE_TEXT = text("""\
Name:         kubia-abcde
Namespace:    default
Labels:       kubernetes.io/service-name=kubia
Annotations:  <none>
AddressType:  IPv4
Ports:
  Name   Port  Protocol
  ----   ----  --------
  http   8080  TCP
  https  8443  TCP
Endpoints:
  - Addresses:  10.244.1.5
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/kubia-1
    NodeName:   kind-worker
    Zone:       <unset>
  - Addresses:  10.244.2.6
    Conditions:
      Ready:    false
    Hostname:   <unset>
    TargetRef:  Pod/kubia-2
    NodeName:   kind-worker2
    Zone:       <unset>
  - Addresses:  10.244.3.7
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/kubia-3
    NodeName:   kind-worker3
    Zone:       <unset>
  - Addresses:  10.244.1.9
    Conditions:
      Ready:    true
    Hostname:   <unset>
    NodeName:   kind-worker
    Zone:       <unset>
  - Addresses:  10.244.3.9
    Conditions:
      Ready:   <unset>
    Hostname:  <unset>
    NodeName:  <unset>
    Zone:      <unset>
Events:        <none>
""")

CONFIGMAP_TEXT = text("""\
Name:         app-config
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
nginx.conf:
----
server {
  listen 80;
}


sleep-interval:
----
25


BinaryData
====
logo.png: 6 bytes

Events:  <none>
""")

SECRET_TEXT = text("""\
Name:         db-pass
Namespace:    default
Labels:       app=kubia
Annotations:  <none>

Type:  Opaque

Data
====
password:  8 bytes
username:  5 bytes
""")

NODE_TEXT = text("""\
Name:               worker-a
Roles:              edge,worker
Labels:             kubernetes.io/hostname=worker-a
                    kubernetes.io/os=linux
                    kubernetes.io/role=edge
                    node-role.kubernetes.io/worker=
Annotations:        node.alpha.kubernetes.io/ttl: 0
CreationTimestamp:  Wed, 01 Jan 2025 00:00:00 +0000
Taints:             node.kubernetes.io/disk-pressure:NoExecute
                    dedicated=course:NoSchedule
Unschedulable:      false
Lease:
  HolderIdentity:  worker-a
  AcquireTime:     <unset>
  RenewTime:       Wed, 01 Jan 2025 00:05:30 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Wed, 01 Jan 2025 00:00:00 +0000   Wed, 01 Jan 2025 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  Ready            True    Wed, 01 Jan 2025 00:04:00 +0000   Wed, 01 Jan 2025 00:00:10 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.9
  Hostname:    worker-a
Capacity:
  cpu:                4
  ephemeral-storage:  100Gi
  example.com/gpu:    2
  hugepages-2Mi:      0
  memory:             8Gi
  pods:               110
Allocatable:
  cpu:                3800m
  ephemeral-storage:  100Gi
  example.com/gpu:    2
  hugepages-2Mi:      0
  memory:             7Gi
  pods:               110
System Info:
  Machine ID:                 a1
  System UUID:                a2
  Boot ID:                    a3
  Kernel Version:             6.1.0-27-amd64
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.2
  Kube-Proxy Version:         v1.32.2
PodCIDR:                      10.244.7.0/24
PodCIDRs:                     10.244.7.0/24
ProviderID:                   kind://docker/kind/worker-a
Non-terminated Pods:          (2 in total)
  Namespace                   Name            CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----            ------------  ----------  ---------------  -------------  ---
  default                     kubia-manual    250m (6%)     500m (13%)  64Mi (0%)        128Mi (1%)     30s
  default                     kubia-small     100m (2%)     0 (0%)      0 (0%)           0 (0%)         30s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests   Limits
  --------           --------   ------
  cpu                350m (9%)  500m (13%)
  memory             64Mi (0%)  128Mi (1%)
  ephemeral-storage  0 (0%)     0 (0%)
  hugepages-2Mi      0 (0%)     0 (0%)
  example.com/gpu    1          1
Events:
  Type    Reason          Age    From             Message
  ----    ------          ----   ----             -------
  Normal  Starting        5m30s  kubelet          Starting kubelet.
  Normal  RegisteredNode  30s    node-controller  Node worker-a event: Registered Node worker-a in Controller
""")

NAMESPACE_TEXT = text("""\
Name:         course
Labels:       kubernetes.io/metadata.name=course
              team=kubia
Annotations:  owner: luksa
Status:       Active

No resource quota.

No LimitRange resource.
""")


@pytest.mark.parametrize(("scenario", "args", "expected"), [
    (pod_scenario, "describe pod kubia-66b6c48dd5-x2k9p", POD_TEXT),
    (deployment_scenario, "describe deployment kubia", DEPLOYMENT_TEXT),
    (replicaset_scenario, "describe rs kubia-66b6c48dd5", REPLICASET_TEXT),
    (service_scenario, "describe svc kubia", SERVICE_TEXT),
    (service_scenario, "describe endpoints kubia", ENDPOINTS_TEXT),
    (service_scenario, "describe endpointslice kubia-abcde", ENDPOINTSLICE_TEXT),
    (config_scenario, "describe configmap app-config", CONFIGMAP_TEXT),
    (config_scenario, "describe secret db-pass", SECRET_TEXT),
    (node_scenario, "describe node worker-a", NODE_TEXT),
    (namespace_scenario, "describe namespace course", NAMESPACE_TEXT),
], ids=["pod", "deployment", "replicaset", "service", "endpoints", "endpointslice", "configmap", "secret", "node", "namespace"])
def test_full_output(bare: kubecourse.Cluster, scenario, args: str, expected: str) -> None:
    scenario(bare)
    r = bare.kubectl(args)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == expected


# --- the command -------------------------------------------------------------------------------


def test_every_kind_has_a_describer() -> None:
    assert {k.kind for k in kinds.KINDS} <= set(DESCRIBERS)


def test_tabwriter_aligns_blocks_of_lines_with_tabs() -> None:
    text = "Name:\tx\nLabels:\ta=b\n\tc=d\nIPs:\n  IP:\t1\nPort:\tp\t80/TCP\nTargetPort:\t8080/TCP\nIP:\t\n"
    assert writer.tabulate(text) == (
        "Name:    x\nLabels:  a=b\n         c=d\nIPs:\n  IP:        1\n"
        "Port:        p  80/TCP\nTargetPort:  8080/TCP\nIP:          \n")


def test_no_type_is_an_error(bare: kubecourse.Cluster) -> None:
    r = bare.kubectl("describe")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == ('error: You must specify the type of resource to describe. Use "kubectl api-resources" '
                        "for a complete list of supported resources.\n")


@pytest.mark.parametrize(("args", "stderr"), [
    ("describe pod nope", 'Error from server (NotFound): pods "nope" not found\n'),
    ("describe deploy/nope", 'Error from server (NotFound): deployments.apps "nope" not found\n'),
    ("describe node nope", 'Error from server (NotFound): nodes "nope" not found\n'),
    ("describe secret nope -n kube-system", 'Error from server (NotFound): secrets "nope" not found\n'),
    ("describe foo", 'error: the server doesn\'t have a resource type "foo"\n'),
    ("describe pod a -l app=kubia", "error: name cannot be provided when a selector is specified\n"),
])
def test_errors(bare: kubecourse.Cluster, args: str, stderr: str) -> None:
    r = bare.kubectl(args)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", stderr)


def test_found_objects_are_described_and_missing_ones_reported(bare: kubecourse.Cluster) -> None:
    replicaset_scenario(bare)
    r = bare.kubectl("describe pods kubia-66b6c48dd5-2xbqm nope other")
    assert r.returncode == 1
    assert r.stdout == bare.kubectl("describe pod kubia-66b6c48dd5-2xbqm").stdout
    assert r.stderr == ('Error from server (NotFound): pods "nope" not found\n'
                        'Error from server (NotFound): pods "other" not found\n')


def test_descriptions_are_separated_by_two_empty_lines(bare: kubecourse.Cluster) -> None:
    replicaset_scenario(bare)
    names = ["kubia-66b6c48dd5-2xbqm", "kubia-66b6c48dd5-7lxwd", "kubia-66b6c48dd5-x2k9p", "stray"]
    one = [bare.kubectl(f"describe pod {n}").stdout for n in names]
    assert bare.kubectl("describe pods").stdout == "\n\n".join(one)
    assert bare.kubectl(["describe", *(f"pod/{n}" for n in names[:2])]).stdout == "\n\n".join(one[:2])


def test_a_name_that_matches_nothing_is_a_prefix(bare: kubecourse.Cluster) -> None:
    """kubectl describe pods kubia-66b6c48dd5: every pod whose name starts with it, each
    description followed by an empty line."""
    replicaset_scenario(bare)
    r = bare.kubectl("describe pods kubia-66b6c48dd5")
    expected = [bare.kubectl(f"describe pod {n}").stdout + "\n"
                for n in ("kubia-66b6c48dd5-2xbqm", "kubia-66b6c48dd5-7lxwd", "kubia-66b6c48dd5-x2k9p")]
    assert (r.returncode, r.stdout, r.stderr) == (0, "".join(expected), "")
    r = bare.kubectl("describe pods zzz")
    assert (r.returncode, r.stdout, r.stderr) == (1, "", 'Error from server (NotFound): pods "zzz" not found\n')
    r = bare.kubectl("describe pods,svc stray")
    assert (r.returncode, r.stderr) == (1, "error: you may only specify a single resource type\n")


def test_label_selector_namespaces_and_no_results(bare: kubecourse.Cluster) -> None:
    replicaset_scenario(bare)
    bare.api.create(pod_manifest("other", labels={"app": "other"}))
    r = bare.kubectl("describe pods -l app=kubia,pod-template-hash")
    assert sum(line.startswith("Name:") for line in r.stdout.splitlines()) == 4
    assert "other" not in r.stdout
    r = bare.kubectl("describe pods -l app=none")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "No resources found in default namespace.\n")
    r = bare.kubectl("describe services -n kube-public")
    assert (r.returncode, r.stderr) == (0, "No resources found in kube-public namespace.\n")
    r = bare.kubectl("describe configmaps -A -l app=none")
    assert (r.returncode, r.stderr) == (0, "No resources found\n")


def test_show_events_false_leaves_the_events_section_out(bare: kubecourse.Cluster) -> None:
    pod_scenario(bare)
    with_events = bare.kubectl("describe pod kubia-66b6c48dd5-x2k9p").stdout
    r = bare.kubectl("describe pod kubia-66b6c48dd5-x2k9p --show-events=false")
    assert r.stdout == with_events[:with_events.index("Events:")]


def test_events_none_aligns_with_the_block_above(bare: kubecourse.Cluster) -> None:
    bare.api.create(pod_manifest("quiet"))
    out = bare.kubectl("describe pod quiet").stdout
    assert out.endswith("Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
                        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
                        "Events:                      <none>\n")
    assert "Node:             <none>\n" in out and "IP:               \nIPs:              <none>\n" in out


def test_secret_values_are_never_shown(bare: kubecourse.Cluster) -> None:
    config_scenario(bare)
    out = bare.kubectl("describe secrets").stdout
    assert "s3cr3t" not in out and "admin" not in out
    assert base64.b64encode(b"s3cr3t!!").decode() not in out
