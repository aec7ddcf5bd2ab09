"""The scheduler (kubecourse/controllers/scheduler.py): placement, taints, selectors, failures."""

from __future__ import annotations

from collections import Counter

from support.podfixtures import pod, pods_of, replica_set

import kubecourse
from kubecourse.api.models.core import Taint, Toleration
from kubecourse.controllers import podutil, scheduler

PREEMPTION = "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."
SELECTOR_MISS = ("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                 f"3 node(s) didn't match Pod's node affinity/selector. {PREEMPTION}")
CONTROL_PLANE_TOLERATION = {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                            "effect": "NoSchedule"}


def node_of(cluster, name: str) -> str | None:
    return cluster.api.get("Pod", name, "default").spec.node_name


def events_for(cluster, name: str) -> list[tuple[str, str, str, int]]:
    return [(e.reason, e.message, e.source.component, e.count) for e in cluster.api.list("Event", "default")
            if e.involved_object.name == name and e.involved_object.kind == "Pod"]


def update_node(cluster, name: str, **spec) -> None:
    node = cluster.api.get("Node", name)
    cluster.api.update(node.with_(spec=node.spec.with_(**spec)))


def test_spreads_pods_over_the_workers_and_never_the_control_plane(cluster):
    rs = cluster.api.create(replica_set(replicas=6))
    cluster.manager.settle()
    placed = Counter(p.spec.node_name for p in pods_of(cluster.api, rs))
    assert placed == {"kind-worker": 2, "kind-worker2": 2, "kind-worker3": 2}
    p = pods_of(cluster.api, rs)[0]
    assert events_for(cluster, p.metadata.name) == [
        ("Scheduled", f"Successfully assigned default/{p.metadata.name} to {p.spec.node_name}", "default-scheduler", 1)]
    cond = podutil.get_condition(p, "PodScheduled")
    assert (cond.status, cond.last_transition_time) == ("True", cluster.now)


def test_placement_is_the_same_on_every_run():
    def placement() -> list[tuple[str, str | None]]:
        c = kubecourse.Cluster(seed=7)
        rs = c.api.create(replica_set(replicas=5))
        c.manager.settle()
        return [(p.metadata.name, p.spec.node_name) for p in pods_of(c.api, rs)]

    assert placement() == placement()


def test_a_pod_with_node_name_is_left_alone(cluster):
    cluster.api.create(pod("pinned", nodeName="kind-worker2"))
    cluster.manager.settle()
    assert node_of(cluster, "pinned") == "kind-worker2"
    assert events_for(cluster, "pinned") == []


def test_unmatched_node_selector_fails_then_schedules_when_a_node_is_labelled(cluster):
    cluster.api.create(pod("gpu", nodeSelector={"gpu": "true"}))
    cluster.manager.settle()
    p = cluster.api.get("Pod", "gpu", "default")
    assert p.spec.node_name is None
    assert p.status.conditions[0].to_wire() == {"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                                                "message": SELECTOR_MISS, "lastTransitionTime": "2025-01-01T00:00:00Z"}
    assert events_for(cluster, "gpu") == [("FailedScheduling", SELECTOR_MISS, "default-scheduler", 1)]
    cluster.advance(300)  # retried anyway after 5 minutes: the event repeats
    assert events_for(cluster, "gpu") == [("FailedScheduling", SELECTOR_MISS, "default-scheduler", 2)]
    node = cluster.api.get("Node", "kind-worker3")
    cluster.api.update(node.with_(metadata=node.metadata.with_(labels={**node.metadata.labels, "gpu": "true"})))
    cluster.manager.settle()
    assert node_of(cluster, "gpu") is None  # the second failure backs off 2 s (scheduling_queue.go)
    cluster.advance(2)
    assert node_of(cluster, "gpu") == "kind-worker3"
    assert podutil.get_condition(cluster.api.get("Pod", "gpu", "default"), "PodScheduled").status == "True"


def test_toleration_and_selector_place_a_pod_on_the_control_plane(cluster):
    cluster.api.create(pod("admin", nodeSelector={"node-role.kubernetes.io/control-plane": ""},
                           tolerations=[CONTROL_PLANE_TOLERATION]))
    cluster.manager.settle()
    assert node_of(cluster, "admin") == "kind-control-plane"


def test_cordoned_and_tainted_workers(cluster):
    for name in ("kind-worker", "kind-worker2"):
        update_node(cluster, name, unschedulable=True)
    update_node(cluster, "kind-worker3", taints=[Taint(key="dedicated", value="db", effect="NoExecute")])
    cluster.api.create(pod("web"))
    cluster.manager.settle()
    assert node_of(cluster, "web") is None
    assert events_for(cluster, "web")[0][1] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. " + PREEMPTION)
    cluster.api.create(pod("db", tolerations=[{"key": "dedicated", "value": "db", "effect": "NoExecute"}]))
    cluster.manager.settle()
    assert node_of(cluster, "db") == "kind-worker3"
    update_node(cluster, "kind-worker2", unschedulable=False)  # uncordon: the waiting pod goes there
    cluster.advance(1)  # once its 1 s back-off has passed
    assert node_of(cluster, "web") == "kind-worker2"


def test_required_node_affinity(cluster):
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": ["kind-worker2"]}]}]}}}
    cluster.api.create(pod("picky", affinity=affinity))
    cluster.manager.settle()
    assert node_of(cluster, "picky") == "kind-worker2"


def test_tolerations_match_taints():
    taint = Taint(key="k", value="v", effect="NoSchedule")
    assert scheduler.tolerates(Toleration(key="k", value="v", effect="NoSchedule"), taint)
    assert scheduler.tolerates(Toleration(key="k", operator="Exists"), taint)  # any value, any effect
    assert scheduler.tolerates(Toleration(operator="Exists"), taint)  # empty key + Exists: everything
    assert not scheduler.tolerates(Toleration(key="k", value="w", effect="NoSchedule"), taint)
    assert not scheduler.tolerates(Toleration(key="k", value="v", effect="NoExecute"), taint)
    assert not scheduler.tolerates(Toleration(key="other", operator="Exists"), taint)


def test_fit_error_sorts_the_counted_reasons_as_strings():
    reasons = ["b reason"] * 10 + ["a reason"] * 2
    assert scheduler.fit_error(12, reasons) == (
        "0/12 nodes are available: 10 b reason, 2 a reason. preemption: 0/12 nodes are available: "
        "12 Preemption is not helpful for scheduling.")
    assert scheduler.fit_error(0, []) == "no nodes available to schedule pods"



def test_a_full_node_is_too_many_pods_and_a_freed_slot_is_used():
    """NodeResourcesFit: a node allocates `pods` (110 on kind); the scheduler counts what it placed."""
    import kubecourse

    cluster = kubecourse.Cluster(workers=1)
    node = cluster.api.get("Node", "kind-worker")
    on_node = len(cluster.api.list("Pod", None, field_selector="spec.nodeName=kind-worker"))
    allocatable = {**node.status.allocatable, "pods": str(on_node + 2)}
    cluster.api.update_status(node.with_(status=node.status.with_(allocatable=allocatable)))
    for name in ("a", "b", "c"):
        cluster.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                            "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    cluster.advance(1)
    c = cluster.api.get("Pod", "c", "default")
    assert c.spec.node_name is None
    assert c.status.conditions[-1].message == (
        "0/2 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: "
        "2 Preemption is not helpful for scheduling.")
    cluster.kubectl("delete pod a --now")
    assert cluster.api.get("Pod", "c", "default").spec.node_name == "kind-worker"
