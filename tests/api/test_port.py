"""The cluster port (kubecourse/api/port.py): typed reads, selectors, writes, watch, history.

The reads run against both implementations: the in-process port, and the HTTP port
(kubecourse/remote.py) reading the same cluster served over HTTPS, which is a real cluster to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import yaml

from kubecourse import Cluster
from kubecourse.api.errors import StatusError
from kubecourse.api.models import ConfigMap, Deployment, Namespace, Pod, ReplicaSet
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.api.port import InProcess, Port, WatchEvent, kind_of
from kubecourse.api.server import ADDED, DELETED, MODIFIED
from kubecourse.jupyter import target
from kubecourse.remote import HTTPPort

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: kubia}
spec:
  replicas: 2
  selector: {matchLabels: {app: kubia}}
  template:
    metadata: {labels: {app: kubia}}
    spec: {containers: [{name: kubia, image: luksa/kubia}]}
"""

DEPLOYMENT_OBJECT = Deployment.model_validate(yaml.safe_load(DEPLOYMENT))


@pytest.fixture(scope="module")
def rolled() -> Cluster:
    """A Deployment created, then rolled to a new image, then left to settle."""
    cluster = Cluster()
    cluster.kubectl("apply -f -", stdin=DEPLOYMENT)
    cluster.advance(30)
    cluster.kubectl("set image deploy/kubia kubia=luksa/kubia:v2")
    cluster.advance(60)
    return cluster


def test_a_cluster_offers_the_in_process_port() -> None:
    port: Port = Cluster().port
    assert isinstance(port, InProcess)
    assert kind_of(ReplicaSet).resource == "replicasets.apps"


@pytest.fixture(scope="module")
def served(rolled: Cluster) -> Iterator[HTTPPort]:
    """The HTTP port over the rolled cluster, served with its clock frozen."""
    handle = rolled.serve()
    yield HTTPPort(handle.kubeconfig)
    handle.stop()


@pytest.fixture(params=["in-process", "http"])
def port(request: pytest.FixtureRequest, rolled: Cluster) -> Port:
    return rolled.port if request.param == "in-process" else request.getfixturevalue("served")


def test_a_typed_read_returns_the_model_class(port: Port, rolled: Cluster) -> None:
    d = port.get(Deployment, "kubia", "default")
    assert type(d) is Deployment
    assert d.spec.template.spec.containers[0].image == "luksa/kubia:v2"
    assert d.to_wire() == rolled.port.get(Deployment, "kubia", "default").to_wire()
    rss = port.list(ReplicaSet, "default")
    assert len(rss) == 2 and all(type(rs) is ReplicaSet for rs in rss)
    assert port.get(ReplicaSet, rss[0].metadata.name, "default").to_wire() == rss[0].to_wire()
    assert port.try_get(Deployment, "nope", "default") is None
    with pytest.raises(StatusError) as e:
        port.get(Deployment, "nope", "default")
    assert (e.value.code, e.value.reason, e.value.message) == (404, "NotFound", 'deployments.apps "nope" not found')


def test_list_by_label_and_field_selector(port: Port) -> None:
    pods = port.list(Pod, "default", label_selector="app=kubia")
    assert len(pods) == 2 and all(p.metadata.labels["app"] == "kubia" for p in pods)
    assert [p.metadata.name for p in pods] == sorted(p.metadata.name for p in pods)
    assert port.list(Pod, "default", label_selector="app=other") == []
    one = pods[0].metadata.name
    assert [p.metadata.name for p in port.list(Pod, None, field_selector=f"metadata.name={one}")] == [one]
    assert port.list(Pod, "kube-system", label_selector="app=kubia") == []
    with pytest.raises(StatusError) as e:
        port.list(Pod, "default", label_selector="app in (kubia")
    assert (e.value.code, e.value.reason) == (400, "BadRequest")


def test_writes_return_what_was_stored_and_the_controllers_react() -> None:
    cluster = Cluster()
    port = cluster.port
    cm = port.create(ConfigMap(metadata=ObjectMeta(name="settings"), data={"a": "1"}), namespace="default")
    assert type(cm) is ConfigMap and cm.metadata.resource_version
    patched = port.patch(ConfigMap, "settings", "default", {"data": {"a": None, "b": "2"}})
    assert patched.data == {"b": "2"}
    assert port.update(patched.with_(data={"c": "3"})).data == {"c": "3"}
    port.create(DEPLOYMENT_OBJECT, namespace="default")
    assert len(port.list(ReplicaSet, "default")) == 1  # the Deployment controller ran before create returned
    gone = port.delete(ConfigMap, "settings", "default")
    assert gone.metadata.name == "settings" and port.try_get(ConfigMap, "settings", "default") is None


def test_watch_sees_each_write_of_its_kind_until_stopped() -> None:
    cluster = Cluster()
    port = cluster.port
    seen: list[WatchEvent] = []
    stop = port.watch(seen.append, ConfigMap)
    port.create(ConfigMap(metadata=ObjectMeta(name="a")), namespace="default")
    port.patch(ConfigMap, "a", "default", {"data": {"k": "v"}})
    port.create(DEPLOYMENT_OBJECT, namespace="default")  # other kinds are not delivered
    port.delete(ConfigMap, "a", "default")
    stop()
    port.create(ConfigMap(metadata=ObjectMeta(name="b")), namespace="default")
    assert [(e.type, e.kind, e.obj.metadata.name) for e in seen] == [
        (ADDED, "ConfigMap", "a"), (MODIFIED, "ConfigMap", "a"), (DELETED, "ConfigMap", "a")]
    assert seen[1].old.data is None and seen[1].obj.data == {"k": "v"}


def test_history_replays_an_objects_changes_with_their_virtual_times(rolled: Cluster) -> None:
    port = rolled.port
    changes = port.history(Deployment, name="kubia", namespace="default")
    assert changes[0].type == ADDED and changes[0].old is None
    assert all(e.kind == "Deployment" and e.obj.metadata.name == "kubia" for e in changes)
    images = [e.obj.spec.template.spec.containers[0].image for e in changes]
    assert images[0] == "luksa/kubia" and images[-1] == "luksa/kubia:v2"
    versions = [e.resource_version for e in changes]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    times = [e.time for e in changes]
    assert times == sorted(times) and times[-1] - times[0] >= timedelta(seconds=30)
    assert changes[-1].obj is port.get(Deployment, "kubia", "default")
    later = port.history(Deployment, since=changes[0].resource_version)
    assert later == changes[1:]
    assert port.history(since=port.resource_version) == []


def test_advance_moves_the_clock_with_the_controllers_running() -> None:
    cluster = Cluster()
    port = cluster.port
    port.create(DEPLOYMENT_OBJECT, namespace="default")
    before = port.now
    port.advance(30)
    assert port.now - before == timedelta(seconds=30) and port.now == cluster.now
    assert all(p.status.phase == "Running" for p in port.list(Pod, "default"))



def test_the_http_port_records_what_it_pulls_and_cannot_move_real_time(served: HTTPPort) -> None:
    seen: list[WatchEvent] = []
    stop = served.watch(seen.append, ConfigMap)
    served.create(ConfigMap(metadata=ObjectMeta(name="remote"), data={"a": "1"}), namespace="default")
    served.patch(ConfigMap, "remote", "default", {"data": {"a": None, "b": "2"}})
    gone = served.delete(ConfigMap, "remote", "default")
    assert gone.data == {"b": "2"} and served.try_get(ConfigMap, "remote", "default") is None
    assert seen == []  # nothing arrives until a reader pulls
    changes = served.history(ConfigMap, name="remote")
    assert [(e.type, e.obj.data, e.old and e.old.data) for e in changes] == [
        (ADDED, {"a": "1"}, None), (MODIFIED, {"b": "2"}, {"a": "1"}), (DELETED, {"b": "2"}, {"b": "2"})]
    assert seen == changes
    stop()
    with pytest.raises(ValueError, match="real time"):
        served.advance(1)


def test_a_cluster_use_target_hands_the_widgets_the_port_of_where_it_points() -> None:
    cluster = Cluster()
    handle = cluster.serve()
    try:
        remote = target.Remote("kubectl", kubeconfig=handle.kubeconfig).port()
        assert isinstance(remote, HTTPPort)
        assert remote.get(Namespace, "default").metadata.uid == cluster.port.get(Namespace, "default").metadata.uid
    finally:
        handle.stop()
    assert isinstance(target.Local().port(), InProcess)
