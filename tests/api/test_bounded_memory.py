"""A long session stays bounded (kubecourse/api/server.py): Events expire an hour after
their last write (--event-ttl), the history keeps one virtual hour (etcd's compaction), and
a watch from a compacted resourceVersion is 410 Gone."""

from __future__ import annotations

from datetime import timedelta

import kubecourse
from kubecourse.api.server import EVENT_TTL, HISTORY_HORIZON


def updated_every_ten_minutes(hours: int) -> kubecourse.Cluster:
    cluster = kubecourse.Cluster()
    cluster.kubectl("create deployment kubia --image=luksa/kubia:v1 --replicas=3")
    cluster.advance(60)
    for step in range(hours * 6):
        cluster.kubectl(f"set env deployment/kubia STEP={step}")
        cluster.advance(600)
    return cluster


def test_events_and_history_stay_bounded_over_a_long_session():
    three, six = updated_every_ten_minutes(3), updated_every_ten_minutes(6)
    assert len(six.api.list("Event")) <= len(three.api.list("Event")) * 1.1
    assert len(six.api.history) <= len(three.api.history) * 1.1
    oldest = six.api.history[0].time
    assert six.clock.now - oldest <= HISTORY_HORIZON + timedelta(minutes=10)
    assert all(six.clock.now - e.last_timestamp <= EVENT_TTL for e in six.api.list("Event")
               if e.last_timestamp is not None)
    assert six.api.compacted == six.api.history[0].resource_version - 1


def test_an_event_expires_an_hour_after_its_last_write_and_the_deletion_is_recorded():
    cluster = kubecourse.Cluster()
    cluster.kubectl("run solo --image=busybox -- sleep 36000")
    cluster.advance(30)
    names = {e.metadata.name for e in cluster.api.list("Event", "default")}
    assert names
    cluster.advance(3600)  # an hour after the last of them
    assert {e.metadata.name for e in cluster.api.list("Event", "default")} == set()
    deleted = {e.obj.metadata.name for e in cluster.api.history if e.kind == "Event" and e.type == "DELETED"}
    assert names <= deleted


def test_a_deleted_secrets_values_leave_the_history_with_its_horizon():
    cluster = kubecourse.Cluster()
    cluster.kubectl("create secret generic pw --from-literal=password=hunter2")
    cluster.kubectl("delete secret pw")
    cluster.advance(3600)
    cluster.kubectl("create deployment kubia --image=luksa/kubia:v1")  # a write after the horizon
    cluster.advance(600)
    cluster.kubectl("scale deployment kubia --replicas=2")
    assert not [e for e in cluster.api.history if e.kind == "Secret" and e.obj.metadata.name == "pw"]
