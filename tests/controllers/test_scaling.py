"""The cost of a rolling update grows with the work, not faster: counted, not timed.

A complete RollingUpdate (25 %/25 %, an image change, to `successfully rolled out`) of 100
replicas on one worker and of 1,000 on ten: the surge does not fit, so pods wait as
unschedulable and are retried whenever a pod leaves a node, at the same pressure in both.
Ten times the replicas may cost at most twelve times the API writes, the reconciles and the
keys the writes woke. A step that looks at every pod once per pod (a quadratic step) makes a
count grow a hundredfold, as waking every unschedulable pod on each pod's departure did.

The objects the store handed out (lists, owner and namespace indexes) may grow a little
faster: each ReplicaSet sync reads its pods, as upstream's does, and a larger rollout has a
few more distinct instants at which pods become ready (193 syncs against 133; 215 for
4,000 replicas); the scheduler reads every node on each attempt, as upstream's
findNodesThatFit does below 100 nodes.
"""

from __future__ import annotations

import pytest

import kubecourse

COUNTS = ("writes", "reconciles", "woken", "scanned")
LINEAR = {"writes": 12, "reconciles": 12, "woken": 12, "scanned": 20}  # the most 10x the replicas may cost


def rollout_counts(replicas: int) -> dict[str, int]:
    """The counts of one rolling update of `replicas` on a worker per 100 of them."""
    cluster = kubecourse.Cluster(workers=replicas // 100)
    cluster.kubectl(f"create deployment kubia --image=luksa/kubia:v1 --replicas={replicas}")
    assert "successfully rolled out" in cluster.kubectl("rollout status deployment/kubia").stdout
    api, manager = cluster.api, cluster.manager

    def now() -> tuple[int, ...]:
        return len(api.history), sum(manager.reconciles.values()), manager.woken, api.scanned

    before = now()
    cluster.kubectl("set image deployment/kubia kubia=luksa/kubia:v2")
    assert "successfully rolled out" in cluster.kubectl("rollout status deployment/kubia").stdout
    return {what: a - b for what, a, b in zip(COUNTS, now(), before, strict=True)}


@pytest.fixture(scope="module")
def counts() -> tuple[dict[str, int], dict[str, int]]:
    return rollout_counts(100), rollout_counts(1000)


@pytest.mark.parametrize("what", COUNTS)
def test_a_rolling_update_costs_linearly_in_its_replicas(counts, what):
    small, large = counts
    assert large[what] <= LINEAR[what] * small[what], (what, small, large)
