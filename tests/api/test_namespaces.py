"""What every namespace holds, and how a deleted namespace empties itself and goes
(serviceaccounts_controller.go, rootcacertpublisher, namespace deletion)."""

from __future__ import annotations

from kubecourse.bootstrap import NAMESPACES
from kubecourse.controllers.serviceaccount import DESCRIPTION, ROOT_CA_PEM


def create_namespace(cluster, name: str):
    cluster.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    cluster.manager.settle()


def test_a_fresh_cluster_has_the_default_account_and_the_root_ca_everywhere(cluster):
    for ns in NAMESPACES:
        assert cluster.api.get("ServiceAccount", "default", ns).to_wire()["metadata"]["namespace"] == ns
        cm = cluster.api.get("ConfigMap", "kube-root-ca.crt", ns)
        assert cm.data == {"ca.crt": ROOT_CA_PEM}
        assert cm.metadata.annotations == {"kubernetes.io/description": DESCRIPTION}


def test_the_root_ca_is_a_pem_certificate():
    lines = ROOT_CA_PEM.splitlines()
    assert (lines[0], lines[-1], ROOT_CA_PEM.endswith("\n")) == (
        "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", True)
    assert all(len(line) == 64 for line in lines[1:-2])


def test_a_new_namespace_gets_both(cluster):
    create_namespace(cluster, "dev")
    assert set(o.metadata.name for o in cluster.api.list("ServiceAccount", "dev")) == {"default"}
    assert set(o.metadata.name for o in cluster.api.list("ConfigMap", "dev")) == {"kube-root-ca.crt"}


def test_the_default_account_comes_back_and_the_ca_is_restored(cluster):
    cluster.api.delete("ServiceAccount", "default", "default")
    cm = cluster.api.get("ConfigMap", "kube-root-ca.crt", "default")
    cluster.api.update(cm.with_(data={"ca.crt": "tampered"}))
    cluster.manager.settle()
    assert cluster.api.try_get("ServiceAccount", "default", "default") is not None
    assert cluster.api.get("ConfigMap", "kube-root-ca.crt", "default").data == {"ca.crt": ROOT_CA_PEM}
    cluster.api.delete("ConfigMap", "kube-root-ca.crt", "default")
    cluster.manager.settle()
    assert cluster.api.get("ConfigMap", "kube-root-ca.crt", "default").data == {"ca.crt": ROOT_CA_PEM}


def test_a_pod_created_with_its_namespace_in_one_go_is_admitted(cluster):
    cluster.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "fresh"}})
    pod = cluster.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "fresh"},
                              "spec": {"containers": [{"name": "c", "image": "busybox"}]}})
    assert pod.spec.service_account_name == "default"


def test_an_empty_namespace_is_deleted_with_its_defaults(cluster):
    create_namespace(cluster, "dev")
    deleted = cluster.api.delete("Namespace", "dev")
    assert (deleted.status.phase, deleted.spec.finalizers) == ("Terminating", ["kubernetes"])
    cluster.manager.settle()
    assert cluster.api.try_get("Namespace", "dev") is None
    assert cluster.api.list("ServiceAccount", "dev") == [] and cluster.api.list("ConfigMap", "dev") == []


def test_a_namespace_waits_for_its_content(cluster):
    create_namespace(cluster, "dev")
    cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap",
                        "metadata": {"name": "held", "namespace": "dev", "finalizers": ["example.com/hold"]}})
    cluster.advance(5)
    cluster.api.delete("Namespace", "dev")
    cluster.manager.settle()
    ns = cluster.api.get("Namespace", "dev")
    assert [(c.type, c.status, c.reason, c.message) for c in ns.status.conditions] == [
        ("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
         "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "False", "ContentDeleted",
         "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "True", "SomeResourcesRemain",
         "Some resources are remaining: configmaps. has 1 resource instances"),
        ("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
         "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"),
    ]
    assert ns.to_wire()["status"]["conditions"][0]["lastTransitionTime"] == "2025-01-01T00:00:05Z"
    assert cluster.api.list("ServiceAccount", "dev") == []  # not re-created while terminating
    held = cluster.api.get("ConfigMap", "held", "dev")
    cluster.advance(10)
    cluster.api.update(held.with_(metadata=held.metadata.with_(finalizers=None)))
    cluster.manager.settle()
    assert cluster.api.try_get("Namespace", "dev") is None


def test_a_recreated_namespace_starts_fresh(cluster):
    create_namespace(cluster, "dev")
    old_uid = cluster.api.get("Namespace", "dev").metadata.uid
    cluster.api.delete("Namespace", "dev")
    cluster.manager.settle()
    create_namespace(cluster, "dev")
    ns = cluster.api.get("Namespace", "dev")
    assert ns.metadata.uid != old_uid and ns.status.phase == "Active"
    assert cluster.api.try_get("ServiceAccount", "default", "dev") is not None
