"""The event recorder and its correlator (client-go tools/record: event.go, events_cache.go):
names unique at one instant, identical events counted, similar ones aggregated after 10,
spam dropped past 25 per object and refilled one every 5 minutes of virtual time."""

from __future__ import annotations

import kubecourse
from kubecourse.events import NORMAL, WARNING, Recorder

EPOCH_NS = "1816687ec0570000"  # 2025-01-01T00:00:00Z, the virtual clock's start, in hex nanoseconds
NS = "default"

REPLICA_SET = {
    "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web", "namespace": NS},
    "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "web", "image": "nginx"}]}}},
}


def replica_set(cluster, replicas: int = 0):
    cluster.api.create({**REPLICA_SET, "spec": {**REPLICA_SET["spec"], "replicas": replicas}})
    cluster.manager.settle()
    return cluster.api.get("ReplicaSet", "web", NS)


def stored(cluster, reason: str | None = None) -> list[tuple[str, str, int]]:
    """(name, message, count) of the Events the API holds, in name order (= recording order)."""
    return [(e.metadata.name, e.message, e.count) for e in cluster.api.list("Event", NS)
            if reason is None or e.reason == reason]


def event_writes(cluster) -> int:
    return sum(1 for e in cluster.api.history if e.kind == "Event")


def events_section(cluster, line: str = "describe rs web") -> str:
    r = cluster.kubectl(line)
    assert r.returncode == 0, r.stderr
    return r.stdout.split("Events:")[1]


# --- names -----------------------------------------------------------------------------------


def test_events_at_one_instant_take_the_next_nanoseconds(cluster):
    rs = replica_set(cluster)
    recorder = Recorder(cluster.api, "replicaset-controller")
    for i in range(3):
        recorder.event(rs, NORMAL, "SuccessfulCreate", f"Created pod: web-{i}")
    assert [name for name, _, _ in stored(cluster)] == [f"web.{EPOCH_NS}", "web.1816687ec0570001",
                                                        "web.1816687ec0570002"]
    cluster.advance(1.5)
    recorder.event(rs, NORMAL, "SuccessfulCreate", "Created pod: web-3")
    assert stored(cluster)[-1][0] == "web.1816687f19bf2f00"  # 1.5 s later: 1,500,000,000 ns more


def test_two_recorders_at_one_instant_do_not_share_a_name(cluster):
    rs = replica_set(cluster)
    Recorder(cluster.api, "replicaset-controller").event(rs, NORMAL, "SuccessfulCreate", "Created pod: web-0")
    Recorder(cluster.api, "deployment-controller").event(rs, WARNING, "Other", "something")
    assert [(name, count) for name, _, count in stored(cluster)] == [(f"web.{EPOCH_NS}", 1),
                                                                    ("web.1816687ec0570001", 1)]


# --- a thousand pods -------------------------------------------------------------------------


def test_a_thousand_creates_store_nine_events_and_an_aggregate_of_sixteen(cluster):
    replica_set(cluster, replicas=1000)
    lines = events_section(cluster).splitlines()
    cluster.advance(23.5)  # the second burst of 500 (kubecourse/controllers/replicaset/)
    created = [e.obj.metadata.name for e in cluster.api.history
               if e.kind == "Pod" and e.type == "ADDED" and e.obj.metadata.namespace == NS]
    assert len(created) == 1000
    # 9 as they are; the 10th creates the aggregate; the 11th..25th count on it; the spam
    # filter's burst of 25 is then spent, and the other 975 are dropped
    assert stored(cluster, "SuccessfulCreate") == [
        *[(f"web.1816687ec057000{i}", f"Created pod: {created[i]}", 1) for i in range(9)],
        ("web.1816687ec0570009", f"(combined from similar events): Created pod: {created[24]}", 16)]
    assert sum(1 for e in cluster.api.history if e.kind == "Event" and e.obj.reason == "SuccessfulCreate") == 25
    aggregate = cluster.api.get("Event", "web.1816687ec0570009", NS)
    assert (aggregate.source.component, aggregate.reporting_component, aggregate.reporting_instance) == (
        "replicaset-controller", "", "")
    assert lines[3:] == [
        *[f"  Normal  SuccessfulCreate  0s                replicaset-controller  Created pod: {created[i]}"
          for i in range(9)],
        "  Normal  SuccessfulCreate  0s (x16 over 0s)  replicaset-controller  "
        f"(combined from similar events): Created pod: {created[24]}"]


# --- the logger: identical events ------------------------------------------------------------


def test_identical_events_count_on_one_event(cluster):
    rs = replica_set(cluster)
    recorder = Recorder(cluster.api, "replicaset-controller")
    for _ in range(3):
        recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
        cluster.advance(60)
    assert stored(cluster) == [(f"web.{EPOCH_NS}", "Error creating: quota exceeded", 3)]
    assert events_section(cluster).splitlines()[3] == (
        "  Warning  FailedCreate  60s (x3 over 3m)  replicaset-controller  Error creating: quota exceeded")


def test_identical_events_past_ten_still_count(cluster):
    rs = replica_set(cluster)
    recorder = Recorder(cluster.api, "replicaset-controller")
    for _ in range(12):
        recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
    assert stored(cluster) == [(f"web.{EPOCH_NS}", "Error creating: quota exceeded", 12)]


def test_a_deleted_event_comes_back_with_its_name_and_count(cluster):
    rs = replica_set(cluster)
    recorder = Recorder(cluster.api, "replicaset-controller")
    recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
    recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
    assert cluster.kubectl("delete events --all").returncode == 0
    cluster.advance(60)
    recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
    [event] = cluster.api.list("Event", NS)
    assert (event.metadata.name, event.count) == (f"web.{EPOCH_NS}", 3)
    assert (event.last_timestamp - event.first_timestamp).total_seconds() == 60


# --- the aggregator: similar events ----------------------------------------------------------


def test_the_tenth_similar_event_starts_an_aggregate_that_takes_the_latest_message(cluster):
    rs = replica_set(cluster)
    recorder = Recorder(cluster.api, "replicaset-controller")
    for i in range(12):
        recorder.event(rs, NORMAL, "SuccessfulDelete", f"Deleted pod: web-{i}")
    assert [(m, c) for _, m, c in stored(cluster)] == [
        *[(f"Deleted pod: web-{i}", 1) for i in range(9)],
        ("(combined from similar events): Deleted pod: web-11", 3)]
    assert event_writes(cluster) == 12  # 10 creates, 2 patches


def test_other_reasons_types_and_objects_are_not_aggregated_together(cluster):
    rs = replica_set(cluster)
    other = cluster.api.create({**REPLICA_SET, "metadata": {"name": "api", "namespace": NS}})
    recorder = Recorder(cluster.api, "replicaset-controller")
    for i in range(5):
        recorder.event(rs, NORMAL, "SuccessfulCreate", f"Created pod: web-{i}")
        recorder.event(rs, NORMAL, "SuccessfulDelete", f"Deleted pod: web-{i}")
        recorder.event(rs, WARNING, "SuccessfulDelete", f"Deleted pod: web-{i}")
        recorder.event(other, NORMAL, "SuccessfulCreate", f"Created pod: api-{i}")
    assert not any(m.startswith("(combined") for _, m, _ in stored(cluster))
    assert len(stored(cluster)) == 20


def test_a_group_quiet_for_more_than_ten_minutes_starts_afresh(cluster):
    rs = replica_set(cluster)
    recorder = Recorder(cluster.api, "replicaset-controller")
    for i in range(9):
        recorder.event(rs, NORMAL, "SuccessfulCreate", f"Created pod: web-{i}")
    cluster.advance(600)  # not more than 10 minutes: the 10th is aggregated
    recorder.event(rs, NORMAL, "SuccessfulCreate", "Created pod: web-9")
    assert stored(cluster)[-1][1:] == ("(combined from similar events): Created pod: web-9", 1)
    cluster.advance(601)
    recorder.event(rs, NORMAL, "SuccessfulCreate", "Created pod: web-10")
    assert stored(cluster)[-1][1:] == ("Created pod: web-10", 1)
    assert len(stored(cluster)) == 11


# --- the spam filter -------------------------------------------------------------------------


def test_the_spam_filter_passes_25_per_object_then_one_every_five_minutes(cluster):
    rs = replica_set(cluster)
    recorder = Recorder(cluster.api, "replicaset-controller")
    for _ in range(30):
        recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
    assert (stored(cluster)[0][2], event_writes(cluster)) == (25, 25)
    cluster.advance(299)
    recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")  # no token yet: dropped
    recorder.event(rs, NORMAL, "SuccessfulCreate", "Created pod: web-0")  # another reason, same bucket
    assert (stored(cluster)[0][2], event_writes(cluster)) == (25, 25)
    cluster.advance(1)
    recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
    # the count carries the dropped occurrences: 30 + 1 + this one
    assert stored(cluster) == [(f"web.{EPOCH_NS}", "Error creating: quota exceeded", 32)]
    recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")  # the token is spent
    assert stored(cluster)[0][2] == 32
    assert events_section(cluster).splitlines()[3] == (
        "  Warning  FailedCreate  0s (x32 over 5m)  replicaset-controller  Error creating: quota exceeded")


def test_the_spam_filter_counts_per_source_and_object(cluster):
    rs = replica_set(cluster)
    other = cluster.api.create({**REPLICA_SET, "metadata": {"name": "api", "namespace": NS}})
    recorder = Recorder(cluster.api, "replicaset-controller")
    for _ in range(26):
        recorder.event(rs, WARNING, "FailedCreate", "Error creating: quota exceeded")
    recorder.event(other, WARNING, "FailedCreate", "Error creating: quota exceeded")
    Recorder(cluster.api, "deployment-controller").event(rs, WARNING, "FailedCreate", "from elsewhere")
    assert [(m, c) for _, m, c in stored(cluster)] == [
        ("Error creating: quota exceeded", 1), ("Error creating: quota exceeded", 25), ("from elsewhere", 1)]


def test_the_controllers_correlators_survive_save_and_load(cluster, tmp_path):
    replica_set(cluster, replicas=30)  # 25 SuccessfulCreate writes spend the burst
    cluster.advance(300)  # one token back
    cluster.save(tmp_path / "cluster.pkl")
    loaded = kubecourse.Cluster.load(tmp_path / "cluster.pkl")
    rs = loaded.api.get("ReplicaSet", "web", NS)
    loaded.api.update(rs.with_(spec=rs.spec.with_(replicas=0)))
    loaded.manager.settle()
    pods = loaded.api.list("Pod", NS)
    assert [p.metadata.deletion_timestamp is not None for p in pods] == [True] * 30  # of 30 deletions, one is told
    assert [m.split(":")[0] for _, m, _ in stored(loaded, "SuccessfulDelete")] == ["Deleted pod"]
