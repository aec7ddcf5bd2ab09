"""Deployments in a whole cluster: ReplicaSet controller, scheduler and kubelets included.

Sizes are read from the API's history, write by write, so each step of a rollout is seen
exactly, whatever the timing of pulls and starts.
"""

from __future__ import annotations

import copy
import itertools

from kubecourse.controllers.deployment import util

NS = "default"


def manifest(image: str = "luksa/kubia:v1", replicas: int = 10, **spec) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "kubia", "namespace": NS},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "kubia"}}, **spec,
                     "template": {"metadata": {"labels": {"app": "kubia"}},
                                  "spec": {"containers": [{"name": "nodejs", "image": image}]}}}}


def deployment(cluster):
    return cluster.api.get("Deployment", "kubia", NS)


def rolled_out(cluster) -> bool:
    d = deployment(cluster)
    return util.deployment_complete(d, d.status)


def set_image(cluster, image: str) -> int:
    """Change the template's image (as `kubectl set image` does); returns the resourceVersion
    before the change."""
    wire = copy.deepcopy(deployment(cluster).to_wire())
    wire["spec"]["template"]["spec"]["containers"][0]["image"] = image
    mark = cluster.api.resource_version
    cluster.api.update(wire)
    return mark


def replica_sets(cluster) -> list:
    return sorted(cluster.api.list("ReplicaSet", NS), key=util.by_creation_timestamp)


def size_steps(cluster, since: int) -> list[tuple[int, ...]]:
    """(spec.replicas of each ReplicaSet, oldest first) as they were at resourceVersion
    `since`, then after every later write that changed one; an RS not yet created counts 0."""
    order = [rs.metadata.name for rs in replica_sets(cluster)]
    sizes: dict[str, int] = {}
    steps: list[tuple[int, ...]] = []
    for event in cluster.api.history:
        if event.kind != "ReplicaSet" or event.obj.metadata.namespace != NS or event.type == "DELETED":
            continue
        if event.resource_version > since and not steps:
            steps.append(tuple(sizes.get(n, 0) for n in order))
        sizes[event.obj.metadata.name] = event.obj.spec.replicas
        step = tuple(sizes.get(n, 0) for n in order)
        if steps and step != steps[-1]:
            steps.append(step)
    return steps


def test_rolling_update_of_ten_with_surge_three_and_unavailable_two(cluster):
    cluster.api.create(manifest(strategy={"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    assert cluster.wait(lambda: rolled_out(cluster), 120)
    mark = set_image(cluster, "luksa/kubia:v2")
    assert cluster.wait(lambda: rolled_out(cluster) and util.revision(deployment(cluster)) == 2, 300)
    steps = size_steps(cluster, mark)
    # 13 asked for at once, old 10 -> 8 without waiting, new 3 -> 5; then one for one.
    assert steps[:4] == [(10, 0), (10, 3), (8, 3), (8, 5)]
    assert steps[-1] == (0, 10)
    assert all(sum(step) <= 13 for step in steps)
    # The total asked for may dip below 10 (rolling.go maxScaledDown = all pods - minAvailable -
    # new unavailable: available new pods let old ones go); availability is what is bounded.
    # each step moves one side only: the new RS up, or the old RS down
    assert all((a[0] == b[0]) != (a[1] == b[1]) for a, b in itertools.pairwise(steps))
    assert all(b[1] > a[1] or b[0] < a[0] for a, b in itertools.pairwise(steps))
    old, new = replica_sets(cluster)
    assert (old.spec.replicas, new.spec.replicas, new.metadata.annotations[util.REVISION]) == (0, 10, "2")


def test_availability_never_drops_below_replicas_minus_max_unavailable(cluster):
    cluster.api.create(manifest(strategy={"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    assert cluster.wait(lambda: rolled_out(cluster), 120)
    available = {rs.metadata.name: util.available(rs) for rs in replica_sets(cluster)}  # {v1: 10}
    mark = set_image(cluster, "luksa/kubia:v2")
    assert cluster.wait(lambda: rolled_out(cluster) and util.revision(deployment(cluster)) == 2, 300)
    lowest = 10
    for event in cluster.api.history:
        if event.resource_version > mark and event.kind == "ReplicaSet" and event.type != "DELETED" \
                and event.obj.metadata.namespace == NS:
            available[event.obj.metadata.name] = util.available(event.obj)
            lowest = min(lowest, sum(available.values()))
    assert lowest >= 8


def test_recreate_creates_the_new_replica_set_only_when_the_old_pods_are_gone(cluster):
    cluster.api.create(manifest(replicas=3, strategy={"type": "Recreate"}))
    assert cluster.wait(lambda: rolled_out(cluster), 120)
    [old] = replica_sets(cluster)
    mark = set_image(cluster, "luksa/kubia:v2")
    assert cluster.wait(lambda: rolled_out(cluster) and util.revision(deployment(cluster)) == 2, 300)
    old_hash = old.metadata.labels[util.POD_TEMPLATE_HASH]
    live: set[str] = set()  # old pods existing at each point of history
    for event in cluster.api.history:
        if event.kind == "Pod" and event.obj.metadata.labels.get(util.POD_TEMPLATE_HASH) == old_hash:
            (live.discard if event.type == "DELETED" else live.add)(event.obj.metadata.name)
        if event.kind == "ReplicaSet" and event.type == "ADDED" and event.obj.metadata.namespace == NS \
                and event.obj.metadata.name != old.metadata.name:
            assert live == set(), "the new ReplicaSet appeared while old pods still existed"
            assert event.obj.spec.replicas == 3  # created at full size
    assert size_steps(cluster, mark) == [(3, 0), (0, 0), (0, 3)]


def test_rollback_makes_the_first_replica_set_new_again(cluster):
    cluster.api.create(manifest(replicas=3))
    assert cluster.wait(lambda: rolled_out(cluster), 120)
    set_image(cluster, "luksa/kubia:v2")
    assert cluster.wait(lambda: rolled_out(cluster) and util.revision(deployment(cluster)) == 2, 300)
    first, second = replica_sets(cluster)
    set_image(cluster, "luksa/kubia:v1")  # the template `kubectl rollout undo` writes back
    assert cluster.wait(lambda: rolled_out(cluster) and util.revision(deployment(cluster)) == 3, 300)
    assert [rs.metadata.name for rs in replica_sets(cluster)] == [first.metadata.name, second.metadata.name]
    back = cluster.api.get("ReplicaSet", first.metadata.name, NS)
    assert (back.spec.replicas, back.metadata.annotations[util.REVISION],
            back.metadata.annotations[util.REVISION_HISTORY]) == (3, "3", "1")
    assert cluster.api.get("ReplicaSet", second.metadata.name, NS).spec.replicas == 0
    assert deployment(cluster).metadata.annotations[util.REVISION] == "3"
