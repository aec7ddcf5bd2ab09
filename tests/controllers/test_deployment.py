"""The Deployment controller (kubecourse/controllers/deployment/) alone: no ReplicaSet
controller, scheduler or kubelet.

The tests play the ReplicaSet controller's part by writing ReplicaSet status through the API
(`report`), so each step of a rollout can be driven and checked exactly.
"""

from __future__ import annotations

import copy

import pytest
from support.controlplane import NAMESPACE as NS
from support.controlplane import ControlPlane

from kubecourse import events
from kubecourse.api.models import ObjectMeta, Pod
from kubecourse.controllers import base
from kubecourse.controllers.deployment import util
from kubecourse.controllers.deployment.controller import DeploymentController
from kubecourse.events_cache import AGGREGATE_PREFIX


def manifest(replicas: int = 3, image: str = "luksa/kubia:v1", **spec) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "kubia", "namespace": NS},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "kubia"}},
                     "template": {"metadata": {"labels": {"app": "kubia"}},
                                  "spec": {"containers": [{"name": "nodejs", "image": image}]}},
                     **spec}}


class Kubia(ControlPlane):
    """The control plane with the Deployment `kubia` in view: edit it, read its ReplicaSets,
    and play the ReplicaSet controller's part (`report`)."""

    def deployment(self):
        return self.api.get("Deployment", "kubia", NS)

    def edit(self, **spec) -> None:
        """Like `kubectl apply` of a changed spec (image=... sets the container image), one
        second after the last step, so ReplicaSets created by edits have distinct ages."""
        self.advance(1)
        d = self.deployment().to_wire()
        wire = copy.deepcopy(d)
        if "image" in spec:
            wire["spec"]["template"]["spec"]["containers"][0]["image"] = spec.pop("image")
        wire["spec"].update(spec)
        self.api.update(wire)
        self.settle()

    def replica_sets(self) -> list:
        return sorted(self.api.list("ReplicaSet", NS), key=util.by_creation_timestamp)

    def sizes(self) -> list[int]:
        """spec.replicas of each ReplicaSet, oldest first."""
        return [rs.spec.replicas for rs in self.replica_sets()]

    def report(self, index: int, *, available: int | None = None, replicas: int | None = None) -> None:
        """Play the ReplicaSet controller: RS `index` (oldest first) has its pods, of which
        `available` are available (all by default)."""
        rs = self.replica_sets()[index]
        replicas = rs.spec.replicas if replicas is None else replicas
        available = replicas if available is None else available
        self.api.update_status(rs.with_(status=rs.status.with_(
            replicas=replicas, ready_replicas=available, available_replicas=available,
            observed_generation=rs.metadata.generation)))
        self.settle()

    def report_all(self) -> None:
        for i in range(len(self.replica_sets())):
            self.report(i)

    def messages(self, reason: str = "ScalingReplicaSet") -> list[str]:
        """Every message the controller recorded, in order: each write of an Event is one (after
        10 similar ones the recorder's aggregate is patched with each later message)."""
        return [e.obj.message.removeprefix(AGGREGATE_PREFIX) for e in self.api.history
                if e.kind == "Event" and e.type != "DELETED" and e.obj.reason == reason]

    def stored(self, reason: str = "ScalingReplicaSet") -> list[tuple[str, int]]:
        """(message, count) of the Events the API holds, oldest first."""
        return [(e.message, e.count) for e in self.api.list("Event", NS) if e.reason == reason]

    def condition(self, type_: str):
        return util.get_deployment_condition(self.deployment().status, type_)


@pytest.fixture
def world() -> Kubia:
    return Kubia(DeploymentController)


def names(world: Kubia) -> list[str]:
    return [rs.metadata.name for rs in world.replica_sets()]


# --- creating the new ReplicaSet --------------------------------------------------------------


def test_a_new_deployment_gets_a_hashed_replica_set_sized_to_replicas(world):
    world.create(manifest(3))
    [rs] = world.replica_sets()
    pod_hash = util.compute_hash(world.deployment().spec.template, None)
    assert rs.metadata.name == f"kubia-{pod_hash}"
    assert rs.metadata.labels == {"app": "kubia", "pod-template-hash": pod_hash}
    assert rs.spec.selector.match_labels == {"app": "kubia", "pod-template-hash": pod_hash}
    assert rs.spec.template.metadata.labels == {"app": "kubia", "pod-template-hash": pod_hash}
    assert rs.spec.replicas == 3
    ref = rs.metadata.controller_ref()
    assert (ref.kind, ref.name, ref.uid, ref.block_owner_deletion) == ("Deployment", "kubia",
                                                                        world.deployment().metadata.uid, True)
    assert rs.metadata.annotations == {util.REVISION: "1", util.DESIRED_REPLICAS: "3", util.MAX_REPLICAS: "4"}
    assert world.deployment().metadata.annotations == {util.REVISION: "1"}
    assert world.messages() == [f"Scaled up replica set kubia-{pod_hash} to 3"]
    events_ = [e for e in world.api.list("Event", NS) if e.reason == "ScalingReplicaSet"]
    assert (events_[0].type, events_[0].source.component) == (events.NORMAL, "deployment-controller")


def test_status_and_conditions_while_pods_start_and_when_they_are_available(world):
    world.create(manifest(3))
    name = world.replica_sets()[0].metadata.name
    world.report(0, available=0)
    status = world.deployment().status
    assert (status.observed_generation, status.replicas, status.updated_replicas, status.available_replicas,
            status.unavailable_replicas) == (1, 3, 3, None, 3)
    available, progressing = status.conditions
    assert (available.type, available.status, available.reason, available.message) == (
        "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.")
    assert (progressing.type, progressing.status, progressing.reason, progressing.message) == (
        "Progressing", "True", "ReplicaSetUpdated", f'ReplicaSet "{name}" is progressing.')
    world.report(0)
    status = world.deployment().status
    assert (status.replicas, status.updated_replicas, status.ready_replicas, status.available_replicas,
            status.unavailable_replicas) == (3, 3, 3, 3, None)
    assert [(c.type, c.status, c.reason, c.message) for c in status.conditions] == [
        ("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
        ("Progressing", "True", "NewReplicaSetAvailable", f'ReplicaSet "{name}" has successfully progressed.'),
    ]


def test_unavailable_replicas_counts_what_the_replica_sets_ask_for(world):
    world.create(manifest(3, strategy={"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}))
    world.report(0)
    world.edit(image="luksa/kubia:v2")
    assert world.sizes() == [3, 1]
    assert world.deployment().status.unavailable_replicas == 1  # 3 old available + new RS of 1


# --- RollingUpdate ----------------------------------------------------------------------------


def test_rolling_update_of_ten_with_surge_three_and_unavailable_two(world):
    world.create(manifest(10, strategy={"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    world.report(0)
    world.edit(image="luksa/kubia:v2")
    old, new = names(world)
    # Sync 1: new created at 13 - 10 = 3; 10 available > 8, so old 10 -> 8 in the same sync.
    # Sync 2, woken by that write: 8 + 3 < 13, so new 3 -> 5.
    assert world.sizes() == [8, 5]
    world.report(0)  # the old RS's controller removed 2 pods
    world.report(1, available=0)  # 5 new pods, none available yet: 13 - 8 - 5 = 0, nothing moves
    assert world.sizes() == [8, 5]
    steps = []
    for ready in range(1, 6):  # each newly available pod lets one old pod go, then one more new comes
        world.report(1, available=ready)
        world.report(0)
        steps.append(tuple(world.sizes()))
    assert steps == [(7, 6), (6, 7), (5, 8), (4, 9), (3, 10)]
    for ready in range(6, 11):
        world.report(1, available=ready)
        world.report(0)
    assert world.sizes() == [0, 10]
    assert world.messages() == [
        f"Scaled up replica set {old} to 10", f"Scaled up replica set {new} to 3", f"Scaled down replica set {old} to 8 from 10",
        f"Scaled up replica set {new} to 5 from 3",
        *[m for k in range(5) for m in (f"Scaled down replica set {old} to {7 - k} from {8 - k}",
                                        f"Scaled up replica set {new} to {6 + k} from {5 + k}")],
        *[f"Scaled down replica set {old} to {2 - k} from {3 - k}" for k in range(3)],
    ]
    # 17 messages of one reason at one instant: 9 Events, then one aggregate counting the other 8
    recorded = world.messages()
    assert world.stored() == [*[(m, 1) for m in recorded[:9]],
                              (f"(combined from similar events): {recorded[-1]}", 8)]
    assert world.condition("Progressing").reason == "NewReplicaSetAvailable"
    assert world.deployment().metadata.annotations[util.REVISION] == "2"


def test_defaults_roll_three_replicas_one_at_a_time(world):
    world.create(manifest(3))  # 25%/25% of 3: surge 1, unavailable 0
    world.report(0)
    world.edit(image="luksa/kubia:v2")
    seen = [tuple(world.sizes())]
    while world.sizes() != [0, 3]:
        world.report(1)
        world.report(0)
        seen.append(tuple(world.sizes()))
    assert seen == [(3, 1), (2, 2), (1, 3), (0, 3)]


def test_unhealthy_old_replicas_are_removed_first(world):
    world.create(manifest(10, strategy={"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 2}}))
    world.report(0, available=6)  # 4 old pods are not available
    world.edit(image="luksa/kubia:v2")
    # maxScaledDown = 10 - 8 - 0 = 2, all taken from the unhealthy ones; availability stays 6
    assert world.sizes()[0] == 8


def test_rollover_makes_the_interrupted_new_replica_set_old(world):
    world.create(manifest(10, strategy={"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    world.report(0)
    world.edit(image="luksa/kubia:v2")
    world.report(0)
    assert world.sizes() == [8, 5]
    world.report(1, available=0)
    world.edit(image="luksa/kubia:v3")
    # 13 asked for already: the third RS starts at 0, and the v2 pods (none available) go first
    assert world.sizes() == [8, 0, 5]
    assert world.deployment().metadata.annotations[util.REVISION] == "3"


def test_rollback_makes_the_old_replica_set_new_again_with_a_higher_revision(world):
    world.create(manifest(3))
    world.report(0)
    first = names(world)[0]
    world.edit(image="luksa/kubia:v2")
    while world.sizes() != [0, 3]:
        world.report(1)
        world.report(0)
    world.edit(image="luksa/kubia:v1")  # what `kubectl rollout undo` writes
    assert names(world)[0] == first and len(names(world)) == 2
    rs = world.replica_sets()[0]
    assert (rs.metadata.annotations[util.REVISION], rs.metadata.annotations[util.REVISION_HISTORY]) == ("3", "1")
    assert world.deployment().metadata.annotations[util.REVISION] == "3"
    assert world.sizes() == [1, 3]


def test_deployment_annotations_reach_the_new_replica_set(world):
    m = manifest(3)
    m["metadata"]["annotations"] = {"kubernetes.io/change-cause": "kubectl create --record=true"}
    world.create(m)
    world.report(0)
    d = world.deployment()
    world.api.update(d.with_(metadata=d.metadata.with_(annotations={
        **d.metadata.annotations, "kubernetes.io/change-cause": "relabelled"})))
    world.settle()
    assert world.replica_sets()[0].metadata.annotations["kubernetes.io/change-cause"] == "relabelled"
    assert len(world.replica_sets()) == 1  # metadata changes never make a new RS


# --- Recreate ---------------------------------------------------------------------------------


def owned_pod(world: Kubia, rs, name: str) -> None:
    labels = rs.spec.template.metadata.labels
    world.api.create(Pod(metadata=ObjectMeta(name=name, namespace=NS, labels=labels,
                                             owner_references=[base.owner_ref(rs)]),
                         spec={"containers": [{"name": "nodejs", "image": "luksa/kubia:v1"}]}))


def test_recreate_scales_old_to_zero_waits_for_its_pods_then_creates_the_new_one(world):
    world.create(manifest(3, strategy={"type": "Recreate"}))
    world.report(0)
    old_rs = world.replica_sets()[0]
    owned_pod(world, old_rs, "kubia-old-1")
    world.edit(image="luksa/kubia:v2")
    assert world.sizes() == [0]
    assert world.condition("Available").reason == "MinimumReplicasAvailable"  # status still says 3
    world.report(0, replicas=0)  # the RS counts no pods, but one is still terminating
    assert world.sizes() == [0]
    assert world.condition("Available").reason == "MinimumReplicasUnavailable"
    world.api.delete("Pod", "kubia-old-1", NS)  # the pod is gone: that wakes the Deployment
    world.settle()
    assert world.sizes() == [0, 3]
    new = names(world)[1]
    assert world.messages()[-2:] == [f"Scaled down replica set {old_rs.metadata.name} to 0 from 3",
                                     f"Scaled up replica set {new} to 3"]


# --- scaling ----------------------------------------------------------------------------------


def test_scaling_mid_rollout_is_proportional(world):
    world.create(manifest(10, strategy={"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    world.report(0)
    world.edit(image="luksa/kubia:v2")
    world.report(0)
    world.report(1, available=0)
    assert world.sizes() == [8, 5]
    world.edit(replicas=15)  # may now have 18: old +round(8*18/13)-8 = 3, new +2
    assert world.sizes() == [11, 7]
    old, new = names(world)
    assert world.messages()[-2:] == [f"Scaled up replica set {old} to 11 from 8",
                                     f"Scaled up replica set {new} to 7 from 5"]
    assert [rs.metadata.annotations[util.MAX_REPLICAS] for rs in world.replica_sets()] == ["18", "18"]


def test_scaling_a_settled_deployment_scales_its_one_replica_set(world):
    world.create(manifest(3))
    world.report(0)
    world.edit(replicas=5)
    assert world.sizes() == [5]
    assert world.replica_sets()[0].metadata.annotations[util.DESIRED_REPLICAS] == "5"
    assert world.messages()[-1] == f"Scaled up replica set {names(world)[0]} to 5 from 3"


# --- pause and resume -------------------------------------------------------------------------


def test_paused_deployment_does_not_roll_out_but_scales(world):
    world.create(manifest(3))
    world.report(0)
    world.edit(paused=True)
    progressing = world.condition("Progressing")
    assert (progressing.status, progressing.reason, progressing.message) == (
        "Unknown", "DeploymentPaused", "Deployment is paused")
    world.edit(image="luksa/kubia:v2")
    assert world.sizes() == [3]
    world.edit(replicas=4)
    assert world.sizes() == [4]
    world.report(0)
    world.edit(paused=False)  # 4 replicas: surge 1, unavailable 1 -> new at 1, old 4 -> 3, new 1 -> 2
    assert world.sizes() == [3, 2]
    assert world.condition("Progressing").reason in ("NewReplicaSetCreated", "ReplicaSetUpdated")


def test_resume_restarts_the_deadline_clock(world):
    world.create(manifest(3, progressDeadlineSeconds=60))
    world.report(0)
    world.edit(paused=True)
    world.advance(600)
    world.edit(paused=False)
    progressing = world.condition("Progressing")
    assert progressing.reason != "ProgressDeadlineExceeded"


# --- progress deadline ------------------------------------------------------------------------


def test_progress_deadline_is_reported_one_second_after_it_passes(world):
    world.create(manifest(3, progressDeadlineSeconds=60))
    name = names(world)[0]
    world.report(0, available=0)
    world.advance(60)
    assert world.condition("Progressing").status == "True"
    world.advance(1)
    progressing = world.condition("Progressing")
    assert (progressing.status, progressing.reason, progressing.message) == (
        "False", "ProgressDeadlineExceeded", f'ReplicaSet "{name}" has timed out progressing.')
    world.report(0, available=1)  # progress again
    assert world.condition("Progressing").reason == "ReplicaSetUpdated"


def test_progress_moves_the_deadline(world):
    world.create(manifest(3, progressDeadlineSeconds=60))
    world.report(0, available=0)
    world.advance(50)
    world.report(0, available=1)
    world.advance(50)
    assert world.condition("Progressing").status == "True"
    world.advance(20)
    assert world.condition("Progressing").reason == "ProgressDeadlineExceeded"


def test_a_complete_deployment_never_times_out_and_stops_requeueing(world):
    world.create(manifest(3, progressDeadlineSeconds=60))
    world.report(0)
    world.advance(600)  # the look set while progressing comes and finds it complete
    assert world.condition("Progressing").reason == "NewReplicaSetAvailable"
    assert world.clock.pending() == []


# --- history ----------------------------------------------------------------------------------


def test_history_is_cleaned_to_revision_history_limit_lowest_revision_first(world):
    world.create(manifest(1, revisionHistoryLimit=1))
    world.report(0)
    for image in ("luksa/kubia:v2", "luksa/kubia:v3"):
        world.edit(image=image)
        while world.sizes()[-1] != 1 or any(world.sizes()[:-1]):
            world.report(len(world.replica_sets()) - 1)
            for i in range(len(world.replica_sets()) - 1):
                world.report(i)
    revisions = [rs.metadata.annotations[util.REVISION] for rs in world.replica_sets()]
    assert revisions == ["2", "3"]


# --- adoption, release, collisions ------------------------------------------------------------


def test_an_orphan_with_the_same_template_is_adopted_as_the_new_replica_set(world):
    world.create(manifest(3))
    rs = world.replica_sets()[0]
    world.api.delete("Deployment", "kubia", NS, propagation="Orphan")
    world.settle()
    d = world.api.try_get("Deployment", "kubia", NS)
    if d is not None:  # no garbage collector here: finish the orphaning by hand
        world.api.update(d.with_(metadata=d.metadata.with_(finalizers=None)))
        world.api.update(rs.with_(metadata=rs.metadata.with_(owner_references=None)))
    world.create(manifest(3))
    [adopted] = world.replica_sets()
    assert adopted.metadata.name == rs.metadata.name
    assert adopted.metadata.controller_ref().uid == world.deployment().metadata.uid


def test_a_replica_set_that_stops_matching_is_released(world):
    world.create(manifest(3))
    rs = world.replica_sets()[0]
    world.api.update(rs.with_(metadata=rs.metadata.with_(labels={"app": "other"})))
    world.settle()
    released = world.api.get("ReplicaSet", rs.metadata.name, NS)
    assert released.metadata.owner_references is None
    assert len(world.replica_sets()) == 2  # a new RS took its place


def test_a_hash_collision_bumps_collision_count_and_picks_another_name(world):
    d = world.api.create(manifest(3, paused=True))  # paused: nothing is created yet
    pod_hash = util.compute_hash(d.spec.template, None)
    squatter = manifest(1, image="nginx")
    squatter.update(kind="ReplicaSet", metadata={"name": f"kubia-{pod_hash}", "namespace": NS,
                                                 "labels": {"app": "other"}})
    squatter["spec"]["selector"] = {"matchLabels": {"app": "other"}}
    squatter["spec"]["template"]["metadata"]["labels"] = {"app": "other"}
    world.api.create(squatter)
    world.edit(paused=False)
    assert world.deployment().status.collision_count == 1
    ours = [rs for rs in world.replica_sets() if rs.metadata.controller_ref() is not None]
    assert [rs.metadata.name for rs in ours] == [f"kubia-{util.compute_hash(d.spec.template, 1)}"]
