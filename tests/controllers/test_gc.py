"""The garbage collector's three policies (pkg/controller/garbagecollector/garbagecollector.go), on ConfigMaps that
own each other, so no other controller touches the objects."""

from __future__ import annotations

from kubecourse.api.models import ConfigMap, ObjectMeta
from kubecourse.api.models.meta import OwnerReference
from kubecourse.controllers.garbagecollector import GarbageCollector


def ref(owner, *, block: bool = True) -> OwnerReference:
    return OwnerReference(api_version="v1", kind="ConfigMap", name=owner.metadata.name, uid=owner.metadata.uid,
                          controller=True if block else None, block_owner_deletion=block or None)


def make(cluster, name: str, *owners, block: bool = True, finalizers: list[str] | None = None):
    refs = [ref(o, block=block) for o in owners] or None
    return cluster.api.create(ConfigMap(metadata=ObjectMeta(name=name, namespace="default", owner_references=refs,
                                                            finalizers=finalizers)))


def names(cluster) -> list[str]:
    return [c.metadata.name for c in cluster.api.list("ConfigMap", "default") if c.metadata.name != "kube-root-ca.crt"]


def chain(cluster):
    """top <- middle <- leaf, and top <- side."""
    top = make(cluster, "top")
    middle = make(cluster, "middle", top)
    make(cluster, "leaf", middle)
    make(cluster, "side", top)
    cluster.manager.settle()
    return top


def test_the_collector_is_registered(cluster):
    assert isinstance(cluster.manager.controllers["garbage-collector-controller"], GarbageCollector)


def test_background_deletes_dependents_whose_owners_are_all_gone(cluster):
    chain(cluster)
    other = make(cluster, "other")
    shared = make(cluster, "shared", cluster.api.get("ConfigMap", "middle", "default"), other)
    cluster.api.delete("ConfigMap", "top", "default")
    cluster.manager.settle()
    assert names(cluster) == ["other", "shared"]
    # the surviving dependent lost only the reference to its gone owner
    assert [r.name for r in cluster.api.get("ConfigMap", "shared", "default").metadata.owner_references] == ["other"]
    assert shared.metadata.uid == cluster.api.get("ConfigMap", "shared", "default").metadata.uid


def test_foreground_keeps_the_owner_until_its_blocking_dependents_are_gone(cluster):
    chain(cluster)
    make(cluster, "hold", cluster.api.get("ConfigMap", "middle", "default"), finalizers=["example.com/hold"])
    cluster.api.delete("ConfigMap", "top", "default", propagation="Foreground")
    cluster.manager.settle()
    # leaf and side are gone; hold waits on its finalizer, so middle and top wait on it
    assert names(cluster) == ["hold", "middle", "top"]
    top, middle = (cluster.api.get("ConfigMap", n, "default") for n in ("top", "middle"))
    assert top.metadata.finalizers == ["foregroundDeletion"] and top.metadata.deletion_timestamp is not None
    assert middle.metadata.finalizers == ["foregroundDeletion"]
    held = cluster.api.get("ConfigMap", "hold", "default")
    cluster.api.update(held.with_(metadata=held.metadata.with_(finalizers=None)))
    cluster.manager.settle()
    assert names(cluster) == []
    deleted = [e.obj.metadata.name for e in cluster.api.history if e.type == "DELETED"]
    assert deleted[-3:] == ["hold", "middle", "top"]  # each waited for its dependents


def test_foreground_does_not_wait_for_non_blocking_dependents(cluster):
    top = make(cluster, "top")
    make(cluster, "loose", top, block=False, finalizers=["example.com/hold"])
    cluster.api.delete("ConfigMap", "top", "default", propagation="Foreground")
    cluster.manager.settle()
    assert names(cluster) == ["loose"]
    assert cluster.api.get("ConfigMap", "loose", "default").metadata.deletion_timestamp is not None


def test_orphan_removes_the_owner_reference_then_the_owner(cluster):
    chain(cluster)
    other = make(cluster, "other")
    make(cluster, "shared", cluster.api.get("ConfigMap", "top", "default"), other)
    cluster.api.delete("ConfigMap", "top", "default", propagation="Orphan")
    cluster.manager.settle()
    assert names(cluster) == ["leaf", "middle", "other", "shared", "side"]
    assert cluster.api.get("ConfigMap", "middle", "default").metadata.owner_references is None
    assert [r.name for r in cluster.api.get("ConfigMap", "shared", "default").metadata.owner_references] == ["other"]
    assert [r.name for r in cluster.api.get("ConfigMap", "leaf", "default").metadata.owner_references] == ["middle"]


def test_a_dependent_created_for_a_gone_owner_is_collected(cluster):
    top = make(cluster, "top")
    cluster.api.delete("ConfigMap", "top", "default")
    make(cluster, "late", top)
    cluster.manager.settle()
    assert names(cluster) == []


def test_an_owner_recreated_under_the_same_name_is_another_owner(cluster):
    top = make(cluster, "top")
    cluster.api.delete("ConfigMap", "top", "default", propagation="Orphan")
    cluster.manager.settle()
    make(cluster, "top")
    make(cluster, "stale", top)  # names the old uid
    cluster.manager.settle()
    assert names(cluster) == ["top"]


def test_owners_of_kinds_we_do_not_serve_count_as_present(cluster):
    alien = OwnerReference(api_version="example.com/v1", kind="Widget", name="w", uid="0000")
    cluster.api.create(ConfigMap(metadata=ObjectMeta(name="kept", namespace="default", owner_references=[alien])))
    cluster.manager.settle()
    assert names(cluster) == ["kept"]


def test_dependents_of_any_kind_are_collected(cluster):
    cluster.api.create({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "kubia-1"},
                        "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "kubia"}},
                                 "template": {"metadata": {"labels": {"app": "kubia"}},
                                              "spec": {"containers": [{"name": "k", "image": "luksa/kubia"}]}}}})
    owner = make(cluster, "owner")
    rs = cluster.api.get("ReplicaSet", "kubia-1", "default")
    cluster.api.update(rs.with_(metadata=rs.metadata.with_(owner_references=[ref(owner)])))
    cluster.api.delete("ConfigMap", "owner", "default")
    cluster.manager.settle()
    assert cluster.api.try_get("ReplicaSet", "kubia-1", "default") is None
