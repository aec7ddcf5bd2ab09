"""ReplicaSet and ReplicationController controllers (kubecourse/controllers/replicaset/,
replication.py) and the pod helpers they use (podutil.py), on a control plane with the
scheduler and no kubelet: pods keep the status the tests write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.controlplane import ControlPlane, control_plane
from support.podfixtures import QUIET, QUIET_NODE, pod, pods_of, quiet_node, replica_set, set_status

from kubecourse.api import errors
from kubecourse.api.models import Pod, ReplicationController
from kubecourse.api.models.apps import ReplicaSetStatus
from kubecourse.clock import EPOCH
from kubecourse.controllers import podutil
from kubecourse.controllers.replicaset import controller as replicaset
from kubecourse.controllers.replicaset.controller import ReplicaSetController
from kubecourse.controllers.replicaset.status import calculate_status
from kubecourse.controllers.replication import ReplicationControllerController
from kubecourse.controllers.scheduler import Scheduler


@pytest.fixture
def plane() -> ControlPlane:
    return control_plane(ReplicaSetController, ReplicationControllerController, Scheduler)


def events_of(plane, name: str) -> list[tuple[str, str, str]]:
    return [(e.reason, e.message, e.source.component) for e in plane.api.list("Event", "default")
            if e.involved_object.name == name]


def status(plane, name: str = "kubia", kind: str = "ReplicaSet") -> dict:
    return plane.api.get(kind, name, "default").status.to_wire()


# --- creating ------------------------------------------------------------------------------

def test_creates_missing_pods_from_the_template(plane):
    rs = plane.api.create(replica_set(replicas=3))
    plane.manager.settle()
    pods = pods_of(plane.api, rs)
    assert len(pods) == 3
    for p in pods:
        assert p.metadata.generate_name == "kubia-" and p.metadata.name.startswith("kubia-")
        assert len(p.metadata.name) == len("kubia-") + 5
        assert p.metadata.labels == {"app": "kubia"} and p.metadata.namespace == "default"
        ref = p.metadata.owner_references[0].to_wire()
        assert ref == {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "kubia", "uid": rs.metadata.uid,
                       "controller": True, "blockOwnerDeletion": True}
        assert p.status.phase == "Pending"
    assert sorted(events_of(plane, "kubia")) == sorted(
        ("SuccessfulCreate", f"Created pod: {p.metadata.name}", "replicaset-controller") for p in pods)
    assert status(plane) == {"replicas": 3, "fullyLabeledReplicas": 3, "observedGeneration": 1}


def test_burst_creates_at_most_500_pods_per_sync_and_the_next_sync_waits_for_them(plane):
    quiet_node(plane)
    plane.api.create(replica_set(replicas=600, node_selector=QUIET))
    controller = plane.manager.controllers["replicaset-controller"]
    controller.reconcile(("default", "kubia"))
    assert len(plane.api.list("Pod", "default")) == 500
    plane.manager.settle()  # the 500 creates woke the RS: it writes status, creates nothing
    assert len(plane.api.list("Pod", "default")) == 500
    assert status(plane)["replicas"] == 500
    plane.advance(23.4)  # (500 - kube-api-burst 30) / kube-api-qps 20 = 23.5 s
    assert len(plane.api.list("Pod", "default")) == 500
    plane.advance(0.1)
    assert len(plane.api.list("Pod", "default")) == 600


def test_scaling_down_by_more_than_the_burst_deletes_500_per_sync(plane):
    quiet_node(plane)
    plane.api.create(replica_set(replicas=520, node_selector=QUIET))
    plane.advance(30)
    rs = plane.api.get("ReplicaSet", "kubia", "default")
    plane.api.update(rs.with_(spec=rs.spec.with_(replicas=10)))
    plane.settle()

    def running() -> int:  # no kubelet here: a deleted pod stays terminating
        return sum(p.metadata.deletion_timestamp is None for p in plane.api.list("Pod", "default"))
    assert running() == 20
    plane.advance(23.5)
    assert running() == 10


def test_slow_start_batch_doubles_and_stops_after_a_failing_batch():
    calls = []

    def fn(fail_from: int):
        calls.append(1)
        return "quota exceeded" if len(calls) >= fail_from else None

    assert replicaset.slow_start_batch(10, 1, lambda: fn(99)) == (10, None)
    assert len(calls) == 10  # batches 1, 2, 4, 3
    calls.clear()
    assert replicaset.slow_start_batch(10, 1, lambda: fn(3)) == (2, "quota exceeded")
    assert len(calls) == 3  # batch 1 ok, batch 2 has one failure: batch 4 is never tried
    calls.clear()
    assert replicaset.slow_start_batch(0, 1, lambda: fn(1)) == (0, None)
    assert calls == []


def test_failed_creates_set_replica_failure_and_are_retried(plane, monkeypatch):
    real_create = plane.api.create
    attempts = []
    message = 'pods "kubia-x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1'

    def refusing_create(obj, **kw):
        if isinstance(obj, Pod):
            attempts.append(obj)
            raise errors.forbidden(message)
        return real_create(obj, **kw)

    monkeypatch.setattr(plane.api, "create", refusing_create)
    plane.api.create(replica_set(replicas=3))
    plane.manager.settle()
    assert len(attempts) == 1  # slow start: the first batch of 1 failed, the rest was not tried
    st = status(plane)
    assert st["replicas"] == 0
    assert [(c["type"], c["status"], c["reason"], c["message"]) for c in st["conditions"]] == [
        ("ReplicaFailure", "True", "FailedCreate", message)]
    assert events_of(plane, "kubia") == [("FailedCreate", f"Error creating: {message}", "replicaset-controller")]
    monkeypatch.setattr(plane.api, "create", real_create)
    plane.advance(1)  # the work queue's backoff brings the retry
    assert len(pods_of(plane.api, plane.api.get("ReplicaSet", "kubia", "default"))) == 3
    assert "conditions" not in status(plane)


def test_replication_controller_uses_its_map_selector_and_reports_as_itself(plane):
    rc = plane.api.create(replica_set("kubia-rc", 2, labels={"app": "kubia"}, kind=ReplicationController))
    plane.manager.settle()
    pods = pods_of(plane.api, rc)
    assert len(pods) == 2
    ref = pods[0].metadata.owner_references[0]
    assert (ref.api_version, ref.kind, ref.name) == ("v1", "ReplicationController", "kubia-rc")
    assert {e[2] for e in events_of(plane, "kubia-rc")} == {"replication-controller"}
    assert status(plane, "kubia-rc", "ReplicationController") == {
        "replicas": 2, "fullyLabeledReplicas": 2, "observedGeneration": 1}


# --- replacing, adopting, releasing --------------------------------------------------------

def test_a_deleted_pod_is_replaced(plane):
    quiet_node(plane)
    rs = plane.api.create(replica_set(replicas=2, node_selector=QUIET))
    plane.manager.settle()
    victim = pods_of(plane.api, rs)[0]
    plane.api.delete("Pod", victim.metadata.name, "default")  # bound: graceful, it lingers terminating
    plane.manager.settle()
    assert plane.api.get("Pod", victim.metadata.name, "default").metadata.deletion_timestamp is not None
    names = {p.metadata.name for p in pods_of(plane.api, rs)}
    assert len(names) == 2 and victim.metadata.name not in names
    assert status(plane)["replicas"] == 2  # the terminating pod no longer counts


def test_adopts_matching_orphans_and_ignores_pods_of_other_controllers(plane):
    orphan = plane.api.create(pod("lonely", {"app": "kubia"}))
    other = plane.api.create(replica_set("other", 1, labels={"app": "kubia", "team": "x"}))
    plane.manager.settle()
    others_pod = pods_of(plane.api, other)[0]
    rs = plane.api.create(replica_set(replicas=2))
    plane.manager.settle()
    owned = pods_of(plane.api, rs)
    assert orphan.metadata.name in {p.metadata.name for p in owned} and len(owned) == 2
    adopted = plane.api.get("Pod", "lonely", "default").metadata.owner_references[0]
    assert (adopted.name, adopted.controller) == ("kubia", True)
    assert plane.api.get("Pod", others_pod.metadata.name, "default").metadata.controller_ref().name == "other"
    assert events_of(plane, "kubia")[0][0] == "SuccessfulCreate" and len(events_of(plane, "kubia")) == 1


def test_a_terminating_orphan_is_not_adopted(plane):
    quiet_node(plane)
    plane.api.create(pod("leaving", {"app": "kubia"}, nodeName=QUIET_NODE))
    plane.api.delete("Pod", "leaving", "default")  # on a node: graceful, so it stays a while
    rs = plane.api.create(replica_set(replicas=1))
    plane.manager.settle()
    assert plane.api.get("Pod", "leaving", "default").metadata.owner_references is None
    assert [p.metadata.name for p in pods_of(plane.api, rs)] != ["leaving"]


def test_relabelled_pod_is_released_keeps_running_and_is_replaced(plane):
    quiet_node(plane)
    rs = plane.api.create(replica_set(replicas=3, node_selector=QUIET))
    plane.manager.settle()
    p = set_status(plane.api, pods_of(plane.api, rs)[0], ready=True, ip="10.244.1.2")
    plane.api.update(p.with_(metadata=p.metadata.with_(labels={"app": "debug"})))
    plane.manager.settle()
    released = plane.api.get("Pod", p.metadata.name, "default")
    assert released.metadata.owner_references is None
    assert released.metadata.deletion_timestamp is None and released.status.phase == "Running"
    owned = pods_of(plane.api, rs)
    assert len(owned) == 3 and p.metadata.name not in {o.metadata.name for o in owned}
    assert status(plane)["replicas"] == 3
    # Labelled back, it is adopted again and the surplus pod goes.
    plane.api.update(released.with_(metadata=released.metadata.with_(labels={"app": "kubia"})))
    plane.manager.settle()
    assert p.metadata.name in {o.metadata.name for o in pods_of(plane.api, rs)}
    assert len(pods_of(plane.api, rs)) == 3


# --- scaling down ----------------------------------------------------------------------------

def test_scale_down_deletes_pending_and_unready_pods_first(plane):
    quiet_node(plane)
    rs = plane.api.create(replica_set(replicas=4, node_selector=QUIET))
    plane.manager.settle()
    a, b, c, d = pods_of(plane.api, rs)
    set_status(plane.api, a, ready=True)
    set_status(plane.api, b, ready=False)
    set_status(plane.api, c, phase="Pending")
    set_status(plane.api, d, ready=True)
    rs = plane.api.get("ReplicaSet", "kubia", "default")
    plane.api.update(rs.with_(spec=rs.spec.with_(replicas=2)))
    plane.manager.settle()
    assert {p.metadata.name for p in pods_of(plane.api, rs)} == {a.metadata.name, d.metadata.name}
    deleted = sorted(e[1] for e in events_of(plane, "kubia") if e[0] == "SuccessfulDelete")
    assert deleted == sorted([f"Deleted pod: {b.metadata.name}", f"Deleted pod: {c.metadata.name}"])
    assert status(plane)["replicas"] == 2 and status(plane)["observedGeneration"] == 2


def make_pod(name: str, *, node: str | None = "n1", phase: str = "Running", ready: bool = True,
             ready_ago: float = 1000, created_ago: float = 2000, restarts: int = 0, cost: str | None = None,
             uid: str | None = None) -> Pod:
    now = EPOCH + timedelta(days=1)
    p = pod(name, nodeName=node)
    conds = [{"type": "Ready", "status": str(ready),
              "lastTransitionTime": (now - timedelta(seconds=ready_ago)).isoformat()}]
    return p.model_validate({**p.to_wire(), "metadata": {
        "name": name, "uid": uid or name, "creationTimestamp": (now - timedelta(seconds=created_ago)).isoformat(),
        "annotations": {podutil.DELETION_COST: cost} if cost is not None else None},
        "status": {"phase": phase, "conditions": conds,
                   "containerStatuses": [{"name": "kubia", "restartCount": restarts}]}})


NOW = EPOCH + timedelta(days=1)


@pytest.mark.parametrize(("first", "second", "rule"), [
    (make_pod("x", node=None, phase="Pending", ready=False), make_pod("y"), "unscheduled before scheduled"),
    (make_pod("x", phase="Pending", ready=False), make_pod("y", phase="Unknown", ready=False), "Pending < Unknown"),
    (make_pod("x", phase="Unknown"), make_pod("y"), "Unknown < Running"),
    (make_pod("x", ready=False), make_pod("y"), "not ready before ready"),
    (make_pod("x", cost="-5"), make_pod("y", cost="10"), "lower deletion cost first"),
    (make_pod("x", ready_ago=10), make_pod("y", ready_ago=1000), "ready for less time first"),
    (make_pod("x", restarts=3), make_pod("y", restarts=1), "more restarts first"),
    (make_pod("x", created_ago=10), make_pod("y", created_ago=2000), "newer first"),
])
def test_deletion_ranking_rules(first, second, rule):
    for pair in ([first, second], [second, first]):
        assert replicaset.pods_to_delete(pair, [], 1, NOW) == [first], rule


def test_doubled_up_pods_go_first_and_close_ages_tie_break_by_uid():
    # The same log2 bucket of age (~34-68 s): no longer "newer first", the smaller uid goes first.
    older = make_pod("older", node="n1", ready_ago=60, uid="aaa")
    newer = make_pod("newer", node="n1", ready_ago=40, uid="bbb")
    assert replicaset.pods_to_delete([newer, older], [], 1, NOW) == [older]
    # Rank: n2 runs two related pods, n1 one, so a pod on n2 goes first.
    lone = make_pod("lone", node="n1")
    crowded = make_pod("crowded", node="n2")
    related = [lone, crowded, make_pod("sibling", node="n2")]
    assert replicaset.pods_to_delete([lone, crowded], related, 1, NOW) == [crowded]


def test_no_ranking_when_every_pod_goes():
    pods = [make_pod("a"), make_pod("b", node=None)]
    assert replicaset.pods_to_delete(pods, [], 2, NOW) == pods


# --- status -----------------------------------------------------------------------------------

def test_status_counts_ready_and_available_with_min_ready_seconds(plane):
    quiet_node(plane)
    rs = plane.api.create(replica_set(replicas=2, min_ready_seconds=10, node_selector=QUIET))
    plane.manager.settle()
    a, b = pods_of(plane.api, rs)
    set_status(plane.api, a, ready=True)
    plane.manager.settle()
    assert status(plane) == {"replicas": 2, "fullyLabeledReplicas": 2, "readyReplicas": 1, "observedGeneration": 1}
    plane.advance(4)
    set_status(plane.api, b, ready=True)
    plane.advance(6)  # t=10: a has been ready exactly 10 s, not more
    assert "availableReplicas" not in status(plane)
    plane.advance(1)  # t=11: the requeue minReadySeconds + 1 s after a turned ready
    assert status(plane)["availableReplicas"] == 1
    plane.advance(4)  # t=15: b's turn
    assert status(plane)["availableReplicas"] == 2 and status(plane)["readyReplicas"] == 2
    set_status(plane.api, a, ready=False)  # not ready restarts its clock
    plane.manager.settle()
    assert status(plane)["availableReplicas"] == 1 and status(plane)["readyReplicas"] == 1


def test_calculate_status_counts_fully_labeled_pods_and_keeps_failure_until_success():
    rs = replica_set(replicas=3, labels={"app": "kubia", "tier": "web"})
    rs = rs.with_(metadata=rs.metadata.with_(generation=4), status=ReplicaSetStatus(replicas=0))
    full = make_pod("full").with_(metadata=make_pod("full").metadata.with_(labels={"app": "kubia", "tier": "web"}))
    partial = make_pod("partial", ready=False).with_(
        metadata=make_pod("partial").metadata.with_(labels={"app": "kubia"}))
    st = calculate_status(rs, [full, partial], "boom", NOW)
    assert st.to_wire() == {"replicas": 2, "fullyLabeledReplicas": 1, "readyReplicas": 1, "availableReplicas": 1,
                            "observedGeneration": 4, "conditions": [
                                {"type": "ReplicaFailure", "status": "True", "reason": "FailedCreate",
                                 "message": "boom", "lastTransitionTime": "2025-01-02T00:00:00Z"}]}
    failed = rs.with_(status=st)
    assert calculate_status(failed, [full, partial], "again", NOW + timedelta(1)).conditions == st.conditions
    assert calculate_status(failed, [full, partial], None, NOW).conditions is None


def test_is_pod_available_needs_strictly_more_than_min_ready_seconds():
    p = make_pod("p", ready_ago=10)
    assert podutil.is_pod_available(p, 0, NOW)
    assert not podutil.is_pod_available(p, 10, NOW)
    assert podutil.is_pod_available(p, 9, NOW)
    assert not podutil.is_pod_available(make_pod("q", ready=False), 0, NOW)
    assert podutil.seconds_until_availability_check([p], 15, NOW) == 6.0
