"""Storage as kind has it: claims bound by the PersistentVolume controller, the local-path
provisioner behind the default `standard` class (WaitForFirstConsumer), the scheduler's
volume binding, reclaim policies, in-use protection, and volume data that follows the claim
rather than the pod."""

from __future__ import annotations

from support.runtimefixtures import out, run

import kubecourse


def claim(name: str, size: str = "1Mi", extra: str = "") -> str:
    return (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n"
            f"  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: {size}\n{extra}")


def pod(name: str, claim_name: str, command: str = "sleep 3600", extra: str = "") -> str:
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra}  containers:\n  - name: main\n"
            f"    image: busybox\n    command: [sh, -c, '{command}']\n"
            "    volumeMounts: [{name: data, mountPath: /data}]\n"
            f"  volumes: [{{name: data, persistentVolumeClaim: {{claimName: {claim_name}}}}}]\n")


def apply(cluster: kubecourse.Cluster, manifest: str) -> str:
    r = cluster.kubectl("apply -f -", stdin=manifest)
    assert r.returncode == 0, r.stderr
    return r.stdout


def reasons(cluster: kubecourse.Cluster, name: str) -> list[tuple[str, str]]:
    return [(e.obj.reason, e.obj.message) for e in cluster.api.history
            if e.kind == "Event" and e.obj.involved_object.name == name and e.type == "ADDED"]


def test_kind_ships_the_standard_class(cluster):
    assert out(cluster, "get sc") == (
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n"
        "standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  0s\n")


def test_a_claim_waits_for_its_first_consumer_then_is_provisioned_on_its_node(cluster):
    apply(cluster, claim("data"))
    cluster.advance(20)
    assert out(cluster, "get pvc data --no-headers").split()[:2] == ["data", "Pending"]
    assert reasons(cluster, "data") == [
        ("WaitForFirstConsumer", "waiting for first consumer to be created before binding")]
    apply(cluster, pod("writer", "data", "echo hello > /data/f; sleep 3600"))
    cluster.advance(10)
    pvc = cluster.api.get("PersistentVolumeClaim", "data", "default")
    node = cluster.api.get("Pod", "writer", "default").spec.node_name
    assert pvc.status.phase == "Bound" and pvc.metadata.annotations["volume.kubernetes.io/selected-node"] == node
    pv = cluster.api.get("PersistentVolume", pvc.spec.volume_name)
    assert pv.metadata.name == f"pvc-{pvc.metadata.uid}" and pv.spec.persistent_volume_reclaim_policy == "Delete"
    assert pv.spec.host_path.path == f"/var/local-path-provisioner/{pv.metadata.name}_default_data"
    assert pv.spec.node_affinity["required"]["nodeSelectorTerms"][0]["matchExpressions"] == [
        {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]
    assert [r for r, _ in reasons(cluster, "data")][1:] == [
        "ExternalProvisioning", "Provisioning", "ProvisioningSucceeded"]
    assert out(cluster, "exec writer -- cat /data/f") == "hello\n"


def test_data_follows_the_claim_and_goes_with_a_deleted_volume(cluster):
    apply(cluster, claim("data"))
    apply(cluster, pod("writer", "data", "echo kept > /data/f; sleep 3600"))
    cluster.advance(10)
    first_node = cluster.api.get("Pod", "writer", "default").spec.node_name
    out(cluster, "delete pod writer")
    apply(cluster, pod("reader", "data"))
    cluster.advance(10)
    assert cluster.api.get("Pod", "reader", "default").spec.node_name == first_node  # pinned by the PV
    assert out(cluster, "exec reader -- cat /data/f") == "kept\n"
    pv_name = cluster.api.get("PersistentVolumeClaim", "data", "default").spec.volume_name
    out(cluster, "delete pod reader")
    out(cluster, "delete pvc data")
    cluster.advance(1)
    assert cluster.api.try_get("PersistentVolume", pv_name) is None
    apply(cluster, claim("data"))
    apply(cluster, pod("again", "data", extra=f"  nodeName: {first_node}\n"))
    cluster.advance(10)
    assert run(cluster, "exec again -- cat /data/f")[2] != 0  # a new volume: the old directory is gone


def test_a_retained_hostpath_volume_is_released_with_its_data(cluster):
    apply(cluster, "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: manual\nspec:\n"
                   "  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n"
                   "  hostPath: {path: /mnt/manual}\n")
    apply(cluster, claim("mine", extra="  storageClassName: manual\n"))
    assert out(cluster, "get pv manual --no-headers").split()[:6] == [
        "manual", "1Gi", "RWO", "Retain", "Bound", "default/mine"]
    apply(cluster, pod("writer", "mine", "echo x > /data/f; sleep 3600"))
    cluster.advance(10)
    out(cluster, "delete pod writer")
    out(cluster, "delete pvc mine")
    assert out(cluster, "get pv manual --no-headers").split()[4] == "Released"


def test_a_claim_in_use_is_protected(cluster):
    apply(cluster, claim("data"))
    apply(cluster, pod("user", "data"))
    cluster.advance(10)
    assert out(cluster, "delete pvc data --wait=false") == 'persistentvolumeclaim "data" deleted\n'
    assert out(cluster, "get pvc data --no-headers").split()[1] == "Terminating"
    out(cluster, "delete pod user")
    cluster.advance(1)
    assert cluster.api.try_get("PersistentVolumeClaim", "data", "default") is None


def test_a_missing_claim_keeps_the_pod_pending(cluster):
    apply(cluster, pod("lonely", "nope"))
    assert reasons(cluster, "lonely") == [("FailedScheduling", (
        '0/4 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/4 nodes are available: '
        "4 Preemption is not helpful for scheduling."))]
    apply(cluster, claim("nope"))
    cluster.advance(5)
    assert cluster.api.get("Pod", "lonely", "default").spec.node_name


def test_memory_backed_empty_dir_is_tmpfs(cluster):
    apply(cluster, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ram\nspec:\n  containers:\n  - name: main\n"
                   "    image: busybox\n    command: [sleep, '3600']\n    volumeMounts: [{name: m, mountPath: /m}]\n"
                   "  volumes: [{name: m, emptyDir: {medium: Memory}}]\n")
    cluster.advance(10)
    assert "tmpfs" in out(cluster, "exec ram -- df /m")
