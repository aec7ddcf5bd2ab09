"""A fresh cluster looks like a fresh kind cluster, and stays still until something happens."""

from __future__ import annotations

import re

import kubecourse
from kubecourse.clock import EPOCH
from kubecourse.controllers.deployment import util as deploymentutil

STATIC = ["etcd-kind-control-plane", "kube-apiserver-kind-control-plane",
          "kube-controller-manager-kind-control-plane", "kube-scheduler-kind-control-plane"]
NODES = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"]


def names(cluster, namespace):
    return [p.metadata.name for p in cluster.api.list("Pod", namespace)]


def test_the_system_pods_have_their_real_names(cluster):
    pods = names(cluster, "kube-system")
    assert [n for n in pods if n in STATIC] == STATIC
    assert len([n for n in pods if re.fullmatch(r"coredns-[a-z0-9]{9,10}-[a-z0-9]{5}", n)]) == 2
    assert len([n for n in pods if re.fullmatch(r"kindnet-[a-z0-9]{5}", n)]) == 4
    assert len([n for n in pods if re.fullmatch(r"kube-proxy-[a-z0-9]{5}", n)]) == 4
    assert len(pods) == 14
    assert [n.rsplit("-", 1)[0] for n in names(cluster, "local-path-storage")] == [
        f"local-path-provisioner-{cluster.api.list('ReplicaSet', 'local-path-storage')[0].metadata.name[23:]}"]
    assert names(cluster, "default") == []


def test_every_system_pod_runs_ready_since_the_epoch(cluster):
    for p in cluster.api.list("Pod"):
        assert p.metadata.creation_timestamp == EPOCH
        assert p.status.phase == "Running", p.metadata.name
        assert p.status.start_time == EPOCH
        assert {c.type: c.status for c in p.status.conditions} == dict.fromkeys(
            ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], "True")
        for cs in p.status.container_statuses:
            assert (cs.ready, cs.restart_count, cs.state.running.started_at) == (True, 0, EPOCH)


def test_where_they_run_and_their_ips(cluster):
    by_node = {}
    for p in cluster.api.list("Pod"):
        by_node.setdefault(p.spec.node_name, []).append((p.metadata.name.rsplit("-", 1)[0], p.status.pod_ip))
    for index, node in enumerate(NODES):
        ip = f"172.18.0.{index + 2}"
        assert ("kindnet", ip) in by_node[node] and ("kube-proxy", ip) in by_node[node]
    control_plane = dict(by_node["kind-control-plane"])
    assert [control_plane[n.rsplit("-", 1)[0]] for n in STATIC] == ["172.18.0.2"] * 4
    dns = sorted(p.status.pod_ip for p in cluster.api.list("Pod", "kube-system", label_selector="k8s-app=kube-dns"))
    assert dns == ["10.244.0.2", "10.244.0.3"]
    assert cluster.api.list("Pod", "local-path-storage")[0].status.pod_ip == "10.244.0.4"


def test_owners(cluster):
    node = cluster.api.get("Node", "kind-control-plane")
    for name in STATIC:
        ref = cluster.api.get("Pod", name, "kube-system").metadata.owner_references[0]
        assert (ref.kind, ref.name, ref.uid, ref.controller) == ("Node", "kind-control-plane", node.metadata.uid, True)
    deploy = cluster.api.get("Deployment", "coredns", "kube-system")
    (rs,) = cluster.api.list("ReplicaSet", "kube-system")
    pod_hash = deploymentutil.compute_hash(deploy.spec.template, None)
    assert rs.metadata.name == f"coredns-{pod_hash}"
    assert rs.metadata.owner_references[0].uid == deploy.metadata.uid
    for p in cluster.api.list("Pod", "kube-system", label_selector="k8s-app=kube-dns"):
        assert p.metadata.labels["pod-template-hash"] == pod_hash
        assert p.metadata.owner_references[0].uid == rs.metadata.uid
    for p in cluster.api.list("Pod", "kube-system", label_selector="k8s-app in (kindnet, kube-proxy)"):
        ds = cluster.api.get("DaemonSet", p.metadata.labels["k8s-app"], "kube-system")
        assert p.metadata.owner_references[0].uid == ds.metadata.uid
        (revision,) = [r for r in cluster.api.list("ControllerRevision", "kube-system")
                       if r.metadata.owner_references[0].uid == ds.metadata.uid]
        assert revision.metadata.name == f"{ds.metadata.name}-{p.metadata.labels['controller-revision-hash']}"
    assert (deploy.status.ready_replicas, deploy.status.available_replicas) == (2, 2)
    assert (rs.status.replicas, rs.status.ready_replicas) == (2, 2)


def test_services(cluster):
    k8s = cluster.api.get("Service", "kubernetes", "default")
    assert (k8s.spec.cluster_ip, [(p.name, p.port, p.target_port) for p in k8s.spec.ports]) == (
        "10.96.0.1", [("https", 443, 6443)])
    ep = cluster.api.get("Endpoints", "kubernetes", "default")
    assert [(a.ip, p.port) for s in ep.subsets for a in s.addresses for p in s.ports] == [("172.18.0.2", 6443)]
    assert cluster.api.get("EndpointSlice", "kubernetes", "default").endpoints[0].addresses == ["172.18.0.2"]
    dns = cluster.api.get("Service", "kube-dns", "kube-system")
    assert dns.spec.cluster_ip == "10.96.0.10" and dns.spec.selector == {"k8s-app": "kube-dns"}
    assert [(p.name, p.port, p.protocol) for p in dns.spec.ports] == [
        ("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")]


def test_nodes_list_their_preloaded_images(cluster):
    node = cluster.api.get("Node", "kind-worker")
    listed = [i["names"][0] for i in node.status.images]
    assert "registry.k8s.io/kube-proxy:v1.32.0" in listed and "docker.io/luksa/kubia:latest" not in listed


def test_a_fresh_cluster_is_still(cluster):
    before = len(cluster.api.history)
    cluster.manager.settle()
    assert len(cluster.api.history) == before
    cluster.advance(600)
    assert len(cluster.api.history) == before
    assert cluster.clock.pending() == []
    assert cluster.api.list("Event") == []


def test_a_deleted_coredns_pod_is_replaced_from_the_node_image(cluster):
    victim = cluster.api.list("Pod", "kube-system", label_selector="k8s-app=kube-dns")[0]
    cluster.advance(60)
    cluster.api.delete("Pod", victim.metadata.name, "kube-system")
    cluster.advance(30)
    pods = cluster.api.list("Pod", "kube-system", label_selector="k8s-app=kube-dns")
    assert len(pods) == 2 and victim.metadata.name not in [p.metadata.name for p in pods]
    new = next(p for p in pods if p.metadata.creation_timestamp != EPOCH)
    assert new.status.phase == "Running"
    messages = [e.message for e in cluster.api.list("Event", "kube-system")
                if e.involved_object.name == new.metadata.name]
    assert 'Container image "registry.k8s.io/coredns/coredns:v1.11.3" already present on machine' in messages


def test_two_fresh_clusters_are_identical():
    a, b = kubecourse.Cluster(), kubecourse.Cluster()
    assert [e.obj.to_wire() for e in a.api.history] == [e.obj.to_wire() for e in b.api.history]
