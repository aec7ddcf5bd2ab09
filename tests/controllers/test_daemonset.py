"""DaemonSets: kind's kindnet and kube-proxy as the DaemonSets that own their pods, and a
learner's own DaemonSet: one pod per node that should run it (node selector, taints and
tolerations), following label changes, RollingUpdate one node at a time, and rollout."""

from __future__ import annotations

from support.runtimefixtures import out, run

import kubecourse


def daemonset(extra_spec: str = "", image: str = "nginx:1.27") -> str:
    """The book's ssd-monitor DaemonSet (chapter 4) in apps/v1, with an image the catalogue has."""
    return f"""\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ssd-monitor
spec:
  selector:
    matchLabels:
      app: ssd-monitor
  template:
    metadata:
      labels:
        app: ssd-monitor
    spec:
{extra_spec}      containers:
      - name: main
        image: {image}
"""


def apply(cluster: kubecourse.Cluster, manifest: str) -> str:
    r = cluster.kubectl("apply -f -", stdin=manifest)
    assert r.returncode == 0, r.stderr
    return r.stdout


def nodes_running(cluster: kubecourse.Cluster, prefix: str = "ssd-monitor-") -> list[str]:
    return sorted(p.spec.node_name or "" for p in cluster.api.list("Pod", "default")
                  if p.metadata.name.startswith(prefix) and p.metadata.deletion_timestamp is None)


def test_kind_runs_kindnet_and_kube_proxy_as_daemonsets(cluster):
    assert out(cluster, "get ds -A") == (
        "NAMESPACE     NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n"
        "kube-system   kindnet      4         4         4       4            4           kubernetes.io/os=linux   0s\n"
        "kube-system   kube-proxy   4         4         4       4            4           kubernetes.io/os=linux   0s\n")
    pod = next(p for p in cluster.api.list("Pod", "kube-system") if p.metadata.name.startswith("kube-proxy-"))
    assert pod.metadata.owner_references[0].kind == "DaemonSet"
    cluster.advance(60)
    assert not [e for e in cluster.api.history if e.kind == "Event" and e.obj.source.component ==
                "daemonset-controller"]


def test_a_daemonset_runs_once_on_every_node_it_tolerates(cluster):
    apply(cluster, daemonset())
    cluster.advance(30)
    assert nodes_running(cluster) == ["kind-worker", "kind-worker2", "kind-worker3"]  # the control plane is tainted
    assert out(cluster, "get ds ssd-monitor --no-headers").split()[1:6] == ["3", "3", "3", "3", "3"]
    out(cluster, "delete pod " + next(p.metadata.name for p in cluster.api.list("Pod", "default")))
    cluster.advance(30)
    assert nodes_running(cluster) == ["kind-worker", "kind-worker2", "kind-worker3"]


def test_a_node_selector_follows_the_nodes_labels(cluster):
    apply(cluster, daemonset("      nodeSelector:\n        disk: ssd\n"))
    cluster.advance(10)
    assert nodes_running(cluster) == []
    out(cluster, "label node kind-worker2 disk=ssd")
    cluster.advance(10)
    assert nodes_running(cluster) == ["kind-worker2"]
    out(cluster, "label node kind-worker2 disk=hdd --overwrite")
    cluster.advance(40)
    assert nodes_running(cluster) == []


def test_a_toleration_reaches_the_control_plane(cluster):
    apply(cluster, daemonset("      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n"
                             "        operator: Exists\n        effect: NoSchedule\n"))
    cluster.advance(30)
    assert nodes_running(cluster) == ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"]


def test_a_rolling_update_replaces_one_node_at_a_time(cluster):
    apply(cluster, daemonset())
    cluster.advance(30)
    out(cluster, "set image ds/ssd-monitor main=nginx:1.26")
    images = []
    for _ in range(60):
        live = [p for p in cluster.api.list("Pod", "default") if p.metadata.deletion_timestamp is None]
        images.append(sorted(p.spec.containers[0].image for p in live))
        cluster.advance(1)
    assert all(sum(1 for i in step if i == "nginx:1.27") >= 2 for step in images[:3])  # one node at a time
    assert images[-1] == ["nginx:1.26"] * 3
    status = run(cluster, "rollout status ds/ssd-monitor")
    assert status[0] == 'daemon set "ssd-monitor" successfully rolled out\n'
    assert out(cluster, "rollout history ds/ssd-monitor") == (
        "daemonset.apps/ssd-monitor \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n")
    assert out(cluster, "rollout undo ds/ssd-monitor") == "daemonset.apps/ssd-monitor rolled back\n"
    cluster.advance(90)
    assert sorted(p.spec.containers[0].image for p in cluster.api.list("Pod", "default")) == ["nginx:1.27"] * 3
