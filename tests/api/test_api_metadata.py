"""Object metadata semantics of the API server (names, resourceVersion, generation, timestamps, deletion and finalizers)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from kubecourse.api.errors import StatusError
from kubecourse.kubectl.errors import format_status_error

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}"


def cm(name: str = "c", **meta) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, **meta}, "data": {"k": "v"}}


def deployment(replicas: int = 0) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "kubia"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "kubia"}},
                     "template": {"metadata": {"labels": {"app": "kubia"}},
                                  "spec": {"containers": [{"name": "kubia", "image": "luksa/kubia:v1"}]}}}}


def test_create_sets_uid_resource_version_and_creation_timestamp(cluster):
    cluster.advance(7)
    before = cluster.api.resource_version
    a = cluster.api.create(cm("a"))
    b = cluster.api.create(cm("b"))
    assert UUID4.match(a.metadata.uid) and a.metadata.uid != b.metadata.uid
    assert (a.metadata.resource_version, b.metadata.resource_version) == (str(before + 1), str(before + 2))
    assert a.to_wire()["metadata"]["creationTimestamp"] == "2025-01-01T00:00:07Z"
    assert a.metadata.generation is None  # ConfigMaps do not track generation


def test_every_write_takes_the_next_global_resource_version(cluster):
    a = cluster.api.create(cm("a"))
    cluster.api.create(cm("b"))
    updated = cluster.api.update(a.with_(data={"k": "w"}))
    assert int(updated.metadata.resource_version) == cluster.api.resource_version
    assert int(updated.metadata.resource_version) > int(a.metadata.resource_version) + 1


def test_an_unchanged_update_is_not_a_write(cluster):
    a = cluster.api.create(cm("a"))
    assert cluster.api.update(a) == a
    assert cluster.api.resource_version == int(a.metadata.resource_version)


def test_generation_bumps_only_on_spec_changes(cluster):
    d = cluster.api.create(deployment())
    assert d.metadata.generation == 1
    labelled = cluster.api.update(d.with_(metadata=d.metadata.with_(labels={"tier": "web"})))
    assert labelled.metadata.generation == 1
    scaled = cluster.api.update(labelled.with_(spec=labelled.spec.with_(replicas=0, paused=True)))
    assert scaled.metadata.generation == 2
    status = cluster.api.update_status(scaled.with_(status=scaled.status.with_(observed_generation=2)))
    assert status.metadata.generation == 2


def test_generate_name_keeps_58_characters_and_adds_5(cluster):
    prefix = "a" * 70
    created = cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"generateName": prefix}})
    assert re.fullmatch("a" * 58 + SUFFIX, created.metadata.name)
    assert created.metadata.generate_name == prefix


def test_a_taken_generated_name_is_drawn_again(cluster):
    state = cluster.rng.state()
    first = cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"generateName": "x-"}})
    cluster.rng.restore(state)  # the next draw repeats the taken suffix
    second = cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"generateName": "x-"}})
    assert second.metadata.name != first.metadata.name


def test_create_of_an_existing_name(cluster):
    cluster.api.create(deployment())
    with pytest.raises(StatusError) as e:
        cluster.api.create(deployment())
    assert format_status_error(e.value, 'error when creating "STDIN": ') == (
        'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "kubia" already exists')


def test_stale_resource_version_is_a_conflict(cluster):
    a = cluster.api.create(cm("a"))
    cluster.api.update(a.with_(data={"k": "w"}))
    with pytest.raises(StatusError) as e:
        cluster.api.update(a.with_(data={"k": "x"}))
    assert format_status_error(e.value) == (
        'Error from server (Conflict): Operation cannot be fulfilled on configmaps "a": the object has been '
        "modified; please apply your changes to the latest version and try again")


def test_a_failed_create_changes_nothing_not_even_the_generator(cluster):
    history, rv, state = len(cluster.api.history), cluster.api.resource_version, cluster.rng.state()
    bad = {"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": "p-"},
           "spec": {"containers": [{"name": "c"}]}}  # no image: Invalid, after the name and token draws
    with pytest.raises(StatusError):
        cluster.api.create(bad)
    assert (len(cluster.api.history), cluster.api.resource_version, cluster.rng.state()) == (history, rv, state)


def test_dry_run_leaves_no_trace(cluster):
    history, rv, state = len(cluster.api.history), cluster.api.resource_version, cluster.rng.state()
    shown = cluster.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": "p-"},
                                "spec": {"containers": [{"name": "c", "image": "busybox"}]}}, dry_run=True)
    assert UUID4.match(shown.metadata.uid) and shown.metadata.resource_version is None
    assert re.fullmatch("p-" + SUFFIX, shown.metadata.name)
    assert (len(cluster.api.history), cluster.api.resource_version, cluster.rng.state()) == (history, rv, state)
    assert cluster.api.list("Pod", "default") == []
    a = cluster.api.create(cm("a"))
    gone = cluster.api.delete("ConfigMap", "a", "default", dry_run=True)
    assert gone == a and cluster.api.get("ConfigMap", "a", "default") == a


def test_a_finalizer_keeps_a_deleted_object_until_it_is_removed(cluster):
    cluster.advance(3)
    a = cluster.api.create(cm("a", finalizers=["example.com/hold"]))
    deleted = cluster.api.delete("ConfigMap", "a", "default")
    assert deleted.to_wire()["metadata"]["deletionTimestamp"] == "2025-01-01T00:00:03Z"
    assert deleted.metadata.deletion_grace_period_seconds == 0
    assert cluster.api.get("ConfigMap", "a", "default") == deleted
    with pytest.raises(StatusError) as e:
        cluster.api.update(deleted.with_(metadata=deleted.metadata.with_(finalizers=["example.com/hold", "more"])))
    assert format_status_error(e.value) == (
        'The ConfigMap "a" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the '
        'object is being deleted, found new finalizers []string{"more"}')
    cluster.api.update(deleted.with_(metadata=deleted.metadata.with_(finalizers=None)))
    assert cluster.api.try_get("ConfigMap", "a", "default") is None
    assert cluster.api.history[-1].type == "DELETED" and cluster.api.history[-1].obj.metadata.uid == a.metadata.uid


def test_an_update_cannot_set_deletion_fields(cluster):
    a = cluster.api.create(cm("a"))
    stored = cluster.api.update(a.with_(metadata=a.metadata.with_(deletion_timestamp=cluster.now, labels={"x": "y"})))
    assert stored.metadata.deletion_timestamp is None


def bound_pod(cluster, name: str, **spec) -> object:
    created = cluster.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                                  "spec": {"containers": [{"name": "c", "image": "busybox"}], **spec}})
    if created.spec.node_name is None:
        cluster.api.bind("default", name, "kind-worker")
    return cluster.api.get("Pod", name, "default")


def test_a_pod_on_a_node_is_deleted_gracefully(cluster):
    bound_pod(cluster, "p", terminationGracePeriodSeconds=45)
    deleted = cluster.api.delete("Pod", "p", "default")
    assert deleted.metadata.deletion_timestamp == cluster.now + timedelta(seconds=45)
    assert deleted.metadata.deletion_grace_period_seconds == 45
    shorter = cluster.api.delete("Pod", "p", "default", grace_period=5)
    assert (shorter.metadata.deletion_grace_period_seconds, shorter.metadata.deletion_timestamp) == (
        5, cluster.now + timedelta(seconds=5))
    longer = cluster.api.delete("Pod", "p", "default", grace_period=60)
    assert longer == shorter  # a deadline only moves forward
    cluster.api.delete("Pod", "p", "default", grace_period=0)
    assert cluster.api.try_get("Pod", "p", "default") is None


def test_an_unscheduled_pod_goes_at_once(cluster):
    cluster.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                        "spec": {"nodeName": "", "schedulerName": "nobody",
                                 "containers": [{"name": "c", "image": "busybox"}]}})
    cluster.api.delete("Pod", "p", "default")
    assert cluster.api.try_get("Pod", "p", "default") is None


def test_uid_precondition(cluster):
    cluster.api.create(cm("a"))
    with pytest.raises(StatusError) as e:
        cluster.api.delete("ConfigMap", "a", "default", uid="not-the-uid")
    assert e.value.reason == "Conflict"
