"""Re-basing the epoch: a wall-clock server moves every date of the cluster by one constant,
so real clients compute sensible ages and the simulation goes on exactly as it would have."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import kubecourse

REAL = datetime(2026, 11, 27, 8, 30, 0, 250000, tzinfo=UTC)


def scenario() -> kubecourse.Cluster:
    cluster = kubecourse.Cluster()
    cluster.kubectl("create deployment web --image=nginx:1.27 --replicas=3")
    cluster.advance(20)
    cluster.kubectl("set image deploy/web nginx=nginx:1.28")
    cluster.advance(3)  # mid-rollout: pulls and starts are pending
    return cluster


def test_every_date_moves_by_the_same_whole_seconds_and_the_rest_goes_on_unchanged():
    moved, kept = scenario(), scenario()
    seconds = moved.rebase(REAL)
    assert seconds == round((REAL - kept.now).total_seconds())
    assert moved.now == kept.now.replace(year=2026, month=11, day=27, hour=8, minute=30, second=0)
    pod = moved.api.list("Pod")[0]
    assert (pod.metadata.creation_timestamp - kept.api.list("Pod")[0].metadata.creation_timestamp).total_seconds() \
        == seconds
    for line in ("get pods", "get rs", "get events", "rollout status deploy/web --timeout=1s"):
        assert moved.kubectl(line).stdout == kept.kubectl(line).stdout, line
    assert "CreationTimestamp:      Fri, 27 Nov 2026 08:29:37 +0000" in moved.kubectl("describe deploy web").stdout
    moved.advance(60)
    kept.advance(60)
    assert moved.kubectl("get pods -o wide").stdout == kept.kubectl("get pods -o wide").stdout
    assert moved.kubectl("rollout history deploy/web").stdout == kept.kubectl("rollout history deploy/web").stdout
    shift = timedelta(seconds=seconds)
    assert [e.time for e in moved.api.history] == [e.time + shift for e in kept.api.history]
    assert [t.due for t in moved.clock.pending()] == [t.due + shift for t in kept.clock.pending()]


def test_a_wall_clock_server_rebases_and_a_frozen_one_does_not(cluster):
    frozen = cluster.serve(clock="frozen")
    frozen.stop()
    assert cluster.now == kubecourse.clock.EPOCH
    wall = cluster.serve(clock="wall")
    try:
        assert cluster.now.year >= 2026
    finally:
        wall.stop()
