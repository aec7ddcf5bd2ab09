"""The marked hint after a scale beyond what the nodes can run (kubecourse/kubectl/hints.py
over_capacity): 110 pods per kind node, the control plane's NoSchedule taint excluded."""

from __future__ import annotations

import kubecourse


def test_scaling_beyond_the_nodes_pod_capacity_says_so_and_pods_come_in_bursts():
    cluster = kubecourse.Cluster()
    cluster.kubectl("create deployment kubia --image=luksa/kubia:v1")
    r = cluster.kubectl("scale deploy kubia --replicas=1000")
    assert r.stdout == "deployment.apps/kubia scaled\n"
    assert r.stderr == (
        "kubecourse hint: deployment.apps/kubia asks for 1000 pods, but the cluster's 3 schedulable nodes can run "
        "at most 330 (fewer with the system pods); the others will stay Pending. The ReplicaSet controller "
        "creates at most 500 pods per sync, so they appear over virtual time.\n")
    assert len(cluster.api.list("Pod", "default")) == 1 + 500  # the first sync's burst
    assert cluster.kubectl("scale deploy kubia --replicas=300").stderr == ""
