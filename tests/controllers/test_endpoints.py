"""Endpoints and EndpointSlice controllers (kubecourse/controllers/endpoints.py, endpointslice.py)."""

from __future__ import annotations

from datetime import timedelta

from support.podfixtures import QUIET_NODE, pod, quiet_node, service, set_status

from kubecourse.api.models.core import EndpointAddress, EndpointPort, ObjectReference, PodStatus
from kubecourse.api.models.meta import Condition
from kubecourse.clock import EPOCH
from kubecourse.controllers import endpoints, endpointutil


def address(ip: str, p, node: str = QUIET_NODE) -> dict:
    return {"ip": ip, "nodeName": node, "targetRef": {"kind": "Pod", "name": p.metadata.name, "namespace": "default",
                                                      "uid": p.metadata.uid}}


def subsets(cluster, name: str = "kubia") -> list | None:
    ep = cluster.api.try_get("Endpoints", name, "default")
    return None if ep is None else ep.to_wire().get("subsets")


def slices(cluster, name: str = "kubia") -> list:
    return [s for s in cluster.api.list("EndpointSlice", "default")
            if (s.metadata.labels or {}).get("kubernetes.io/service-name") == name]


def started(cluster, name: str, ip: str, *, ready: bool, labels=None):
    """A pod on the quiet node, with the IP and readiness its kubelet would have reported."""
    if cluster.api.try_get("Node", QUIET_NODE) is None:
        quiet_node(cluster)
    cluster.api.create(pod(name, labels or {"app": "kubia"}, nodeName=QUIET_NODE))
    return set_status(cluster.api, cluster.api.get("Pod", name, "default"), ready=ready, ip=ip)


def test_endpoints_follow_readiness(cluster):
    a = started(cluster, "a", "10.244.1.9", ready=True)
    b = started(cluster, "b", "10.244.1.10", ready=False)
    started(cluster, "other", "10.244.1.11", ready=True, labels={"app": "other"})
    cluster.api.create(pod("no-ip", {"app": "kubia"}, nodeName=QUIET_NODE))
    cluster.api.create(service(selector={"app": "kubia"}, labels={"team": "x"}))
    cluster.manager.settle()
    ep = cluster.api.get("Endpoints", "kubia", "default")
    assert ep.metadata.labels == {"team": "x"} and ep.metadata.owner_references is None
    assert ep.metadata.annotations == {"endpoints.kubernetes.io/last-change-trigger-time": "2025-01-01T00:00:00Z"}
    assert subsets(cluster) == [{"addresses": [address("10.244.1.9", a)],
                                 "notReadyAddresses": [address("10.244.1.10", b)],
                                 "ports": [{"port": 8080, "protocol": "TCP"}]}]
    set_status(cluster.api, b, ready=True)
    cluster.manager.settle()
    # As strings, 10.244.1.10 sorts before 10.244.1.9.
    assert subsets(cluster) == [{"addresses": [address("10.244.1.10", b), address("10.244.1.9", a)],
                                 "ports": [{"port": 8080, "protocol": "TCP"}]}]
    cluster.api.delete("Pod", "a", "default")  # terminating: out of Endpoints at once
    cluster.manager.settle()
    assert subsets(cluster) == [{"addresses": [address("10.244.1.10", b)], "ports": [{"port": 8080, "protocol": "TCP"}]}]


def test_slices_keep_terminating_pods_flagged(cluster):
    a = started(cluster, "a", "10.244.1.9", ready=True)
    started(cluster, "b", "10.244.1.10", ready=False)
    cluster.api.create(service(selector={"app": "kubia"}, ports=[{"name": "web", "port": 80, "targetPort": 8080}]))
    cluster.manager.settle()
    [s] = slices(cluster)
    svc = cluster.api.get("Service", "kubia", "default")
    assert s.metadata.name.startswith("kubia-") and len(s.metadata.name) == len("kubia-") + 5
    assert s.metadata.labels == {"kubernetes.io/service-name": "kubia",
                                 "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}
    ref = s.metadata.owner_references[0]
    assert (ref.kind, ref.name, ref.uid, ref.controller) == ("Service", "kubia", svc.metadata.uid, True)
    assert s.address_type == "IPv4" and [p.to_wire() for p in s.ports] == [
        {"name": "web", "protocol": "TCP", "port": 8080}]
    assert [(e.addresses, e.conditions.to_wire()) for e in s.endpoints] == [
        (["10.244.1.9"], {"ready": True, "serving": True, "terminating": False}),
        (["10.244.1.10"], {"ready": False, "serving": False, "terminating": False})]
    cluster.api.delete("Pod", "a", "default")
    cluster.manager.settle()
    [s2] = slices(cluster)
    assert s2.metadata.name == s.metadata.name
    assert [(e.target_ref.name, e.conditions.to_wire()) for e in s2.endpoints] == [
        ("a", {"ready": False, "serving": True, "terminating": True}),
        ("b", {"ready": False, "serving": False, "terminating": False})]
    assert a.metadata.uid == s2.endpoints[0].target_ref.uid


def test_services_without_a_selector_are_left_to_the_user(cluster):
    cluster.api.create(service("external", selector=None))
    cluster.manager.settle()
    assert cluster.api.try_get("Endpoints", "external", "default") is None and slices(cluster, "external") == []


def test_nothing_selected_gives_empty_endpoints_and_a_placeholder_slice(cluster):
    cluster.api.create(service(selector={"app": "kubia"}))
    cluster.manager.settle()
    assert cluster.api.get("Endpoints", "kubia", "default").subsets is None
    [s] = slices(cluster)
    assert s.endpoints is None and s.ports is None
    started(cluster, "a", "10.244.1.9", ready=True)
    cluster.manager.settle()
    [s2] = slices(cluster)
    assert s2.metadata.name == s.metadata.name and len(s2.endpoints) == 1  # the placeholder is reused


def test_publish_not_ready_addresses_and_a_deleted_service(cluster):
    b = started(cluster, "b", "10.244.1.10", ready=False)
    cluster.api.create(service(selector={"app": "kubia"}, publishNotReadyAddresses=True))
    cluster.manager.settle()
    assert subsets(cluster) == [{"addresses": [address("10.244.1.10", b)], "ports": [{"port": 8080, "protocol": "TCP"}]}]
    assert slices(cluster)[0].endpoints[0].conditions.ready is True
    cluster.api.delete("Service", "kubia", "default")
    cluster.manager.settle()
    assert cluster.api.try_get("Endpoints", "kubia", "default") is None


def test_deleted_endpoints_are_put_back(cluster):
    started(cluster, "a", "10.244.1.9", ready=True)
    cluster.api.create(service(selector={"app": "kubia"}))
    cluster.manager.settle()
    cluster.api.delete("Endpoints", "kubia", "default")
    cluster.manager.settle()
    assert len(subsets(cluster)[0]["addresses"]) == 1


def test_trigger_time_is_the_earliest_change_since_the_last_sync():
    tracker = endpointutil.TriggerTimeTracker()
    svc = service(selector={"app": "kubia"})
    svc = svc.with_(metadata=svc.metadata.with_(creation_timestamp=EPOCH))
    a = set_ready_at(pod("a"), EPOCH + timedelta(seconds=3))
    b = set_ready_at(pod("b"), EPOCH + timedelta(seconds=7))
    key = ("default", "kubia")
    assert tracker.compute(key, svc, [a, b]) == EPOCH  # new to us: the Service's creation
    assert tracker.compute(key, svc, [a, b]) is None  # nothing changed since
    b2 = set_ready_at(b, EPOCH + timedelta(seconds=9, microseconds=500))
    assert tracker.compute(key, svc, [a, b2]) == EPOCH + timedelta(seconds=9, microseconds=500)
    assert endpointutil.with_trigger_time({"x": "y"}, EPOCH + timedelta(seconds=9, microseconds=500)) == {
        "x": "y", endpointutil.TRIGGER_TIME: "2025-01-01T00:00:09.0005Z"}
    assert endpointutil.with_trigger_time({endpointutil.TRIGGER_TIME: "old"}, None) is None


def set_ready_at(p, when):
    return p.with_(status=PodStatus(conditions=[Condition(type="Ready", status="True", last_transition_time=when)]))


def test_repack_groups_addresses_by_their_ports():
    def addr(ip: str, uid: str) -> EndpointAddress:
        return EndpointAddress(ip=ip, target_ref=ObjectReference(kind="Pod", uid=uid))

    http, metrics = EndpointPort(name="http", port=8080), EndpointPort(name="metrics", port=9090)
    entries = [(addr("10.0.0.2", "u2"), True, http), (addr("10.0.0.1", "u1"), True, http),
               (addr("10.0.0.1", "u1"), True, metrics), (addr("10.0.0.3", "u3"), False, http)]
    out = [s.to_wire() for s in endpoints.repack_subsets(entries)]
    assert [([a["ip"] for a in s.get("addresses", [])], [a["ip"] for a in s.get("notReadyAddresses", [])],
             [p["name"] for p in s["ports"]]) for s in out] == [
        (["10.0.0.1", "10.0.0.2"], ["10.0.0.3"], ["http"]),
        (["10.0.0.1"], [], ["metrics"])]
