"""StatefulSets as the book's chapter 10 uses them (kubia-pet behind the headless Service
`kubia`), and as kubectl 1.32 shows them: ordinal names created in order, claims from
volumeClaimTemplates that outlive their pods and are reattached, stable DNS names, scaling,
updates with partition and OnDelete, rollout status/history/undo, and the API's refusals."""

from __future__ import annotations

import re

from support.runtimefixtures import out, run

import kubecourse

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  clusterIP: None
  selector:
    app: kubia
  ports:
  - name: http
    port: 80
"""


def statefulset(image: str = "luksa/kubia-pet", replicas: int = 2, extra: str = "") -> str:
    """The book's kubia-statefulset.yaml, in apps/v1 (which needs the selector)."""
    return f"""\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: kubia
spec:
  serviceName: kubia
  replicas: {replicas}
  selector:
    matchLabels:
      app: kubia
{extra}  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - name: kubia
        image: {image}
        ports:
        - name: http
          containerPort: 8080
        volumeMounts:
        - name: data
          mountPath: /var/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      resources:
        requests:
          storage: 1Mi
      accessModes:
      - ReadWriteOnce
"""


def apply(cluster: kubecourse.Cluster, manifest: str) -> str:
    r = cluster.kubectl("apply -f -", stdin=manifest)
    assert r.returncode == 0, r.stderr
    return r.stdout


def pods(cluster: kubecourse.Cluster) -> list[tuple[str, str, bool]]:
    """(name, phase, ready) of the set's pods."""
    found = []
    for p in cluster.api.list("Pod", "default"):
        if p.metadata.name.startswith("kubia-"):
            ready = any(c.type == "Ready" and c.status == "True" for c in p.status.conditions or ())
            found.append((p.metadata.name, p.status.phase, ready))
    return found


def started(cluster: kubecourse.Cluster, replicas: int = 2, image: str = "luksa/kubia-pet") -> kubecourse.Cluster:
    apply(cluster, SERVICE)
    apply(cluster, statefulset(image, replicas))
    cluster.advance(60)
    return cluster


def test_pods_are_created_one_at_a_time_in_ordinal_order(cluster):
    apply(cluster, SERVICE)
    apply(cluster, statefulset(replicas=3))
    seen = []
    for _ in range(40):
        names = [name for name, _, _ in pods(cluster)]
        if not seen or seen[-1] != names:
            seen.append(names)
        created = len(names)
        ready = [r for _, _, r in pods(cluster)]
        assert all(ready[:created - 1]), "a pod is created only when the ones before it are ready"
        cluster.advance(1)
    assert seen == [["kubia-0"], ["kubia-0", "kubia-1"], ["kubia-0", "kubia-1", "kubia-2"]]
    assert out(cluster, "get sts") == "NAME    READY   AGE\nkubia   3/3     40s\n"


def test_each_pod_gets_its_own_claim_and_identity(cluster):
    started(cluster)
    assert [line.split()[:2] for line in out(cluster, "get pvc").splitlines()[1:]] == [
        ["data-kubia-0", "Bound"], ["data-kubia-1", "Bound"]]
    pod = cluster.api.get("Pod", "kubia-0", "default")
    assert (pod.spec.hostname, pod.spec.subdomain) == ("kubia-0", "kubia")
    assert pod.metadata.labels["statefulset.kubernetes.io/pod-name"] == "kubia-0"
    assert pod.metadata.labels["apps.kubernetes.io/pod-index"] == "0"
    revision = pod.metadata.labels["controller-revision-hash"]
    assert out(cluster, "get controllerrevisions --no-headers").split()[:3] == [
        revision, "statefulset.apps/kubia", "1"]
    assert [v.persistent_volume_claim.claim_name for v in pod.spec.volumes if v.persistent_volume_claim] == [
        "data-kubia-0"]
    pv = cluster.api.get("PersistentVolume", cluster.api.get("PersistentVolumeClaim", "data-kubia-0",
                                                             "default").spec.volume_name)
    assert pv.spec.node_affinity["required"]["nodeSelectorTerms"][0]["matchExpressions"][0]["values"] == [
        pod.spec.node_name]


def test_the_books_experiment_data_survives_the_pod(cluster):
    started(cluster)
    apply(cluster, "apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec:\n  containers:\n"
                   "  - {name: c, image: curlimages/curl, command: [sleep, '3600']}\n")
    cluster.advance(20)
    assert out(cluster, "exec client -- curl -s -X POST -d 'Hey there! This greeting was submitted to kubia-0.' "
                        "kubia-0.kubia:8080") == "Data stored on pod kubia-0\n"
    assert out(cluster, "get --raw /api/v1/namespaces/default/pods/kubia-0/proxy/") == (
        "You've hit kubia-0\nData stored on this pod: Hey there! This greeting was submitted to kubia-0.\n")
    old = cluster.api.get("Pod", "kubia-0", "default")
    out(cluster, "delete pod kubia-0")
    cluster.advance(30)
    new = cluster.api.get("Pod", "kubia-0", "default")
    assert new.metadata.uid != old.metadata.uid and new.status.phase == "Running"
    assert new.spec.node_name == old.spec.node_name  # its volume is on that node
    assert out(cluster, "get --raw /api/v1/namespaces/default/pods/kubia-0/proxy/").endswith(
        "Data stored on this pod: Hey there! This greeting was submitted to kubia-0.\n")
    assert out(cluster, "exec client -- nslookup kubia-0.kubia").count(new.status.pod_ip) == 1


def test_scaling_down_removes_the_highest_ordinal_and_keeps_its_claim(cluster):
    started(cluster, replicas=3)
    assert out(cluster, "scale sts kubia --replicas=1") == "statefulset.apps/kubia scaled\n"
    names = [name for name, _, _ in pods(cluster)]
    assert "kubia-2" in names or len(names) == 3  # kubia-2 terminating first
    cluster.advance(120)
    assert [name for name, _, _ in pods(cluster)] == ["kubia-0"]
    assert len(cluster.api.list("PersistentVolumeClaim", "default")) == 3
    out(cluster, "scale sts kubia --replicas=3")
    cluster.advance(60)
    assert [name for name, _, r in pods(cluster) if r] == ["kubia-0", "kubia-1", "kubia-2"]
    assert len(cluster.api.list("PersistentVolumeClaim", "default")) == 3


def test_scale_down_with_retention_policy_delete_removes_claims(cluster):
    apply(cluster, SERVICE)
    apply(cluster, statefulset(replicas=2, extra="  persistentVolumeClaimRetentionPolicy:\n"
                                              "    whenScaled: Delete\n"))
    cluster.advance(60)
    out(cluster, "scale sts kubia --replicas=1")
    cluster.advance(60)
    assert [c.metadata.name for c in cluster.api.list("PersistentVolumeClaim", "default")] == ["data-kubia-0"]


def test_parallel_creates_every_pod_at_once(cluster):
    apply(cluster, SERVICE)
    apply(cluster, statefulset(replicas=3, extra="  podManagementPolicy: Parallel\n"))
    assert [name for name, _, _ in pods(cluster)] == ["kubia-0", "kubia-1", "kubia-2"]


def test_rolling_update_goes_from_the_highest_ordinal_and_stops_at_the_partition(cluster):
    started(cluster, replicas=3)
    out(cluster, "patch sts kubia -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1}}}}'")
    out(cluster, "set image sts/kubia kubia=luksa/kubia-pet-peers")
    r = cluster.kubectl("rollout status sts/kubia")
    assert r.stdout.splitlines()[-1] == "partitioned roll out complete: 2 new pods have been updated..."
    images = {p.metadata.name: p.spec.containers[0].image for p in cluster.api.list("Pod", "default")
              if p.metadata.name.startswith("kubia-")}
    assert images == {"kubia-0": "luksa/kubia-pet", "kubia-1": "luksa/kubia-pet-peers",
                      "kubia-2": "luksa/kubia-pet-peers"}
    updates = [e.obj.message for e in cluster.api.history if e.kind == "Event" and e.type == "ADDED"
               and e.obj.reason == "SuccessfulDelete"]
    assert updates == ["delete Pod kubia-2 in StatefulSet kubia successful",
                       "delete Pod kubia-1 in StatefulSet kubia successful"]
    assert out(cluster, "rollout history sts/kubia") == "statefulset.apps/kubia \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    assert out(cluster, "rollout undo sts/kubia") == "statefulset.apps/kubia rolled back\n"


def test_on_delete_updates_a_pod_only_when_it_is_deleted(cluster):
    apply(cluster, SERVICE)
    apply(cluster, statefulset(replicas=2, extra="  updateStrategy:\n    type: OnDelete\n"))
    cluster.advance(60)
    out(cluster, "set image sts/kubia kubia=luksa/kubia-pet-peers")
    cluster.advance(30)
    assert cluster.api.get("Pod", "kubia-1", "default").spec.containers[0].image == "luksa/kubia-pet"
    out(cluster, "delete pod kubia-1")
    cluster.advance(30)
    assert cluster.api.get("Pod", "kubia-1", "default").spec.containers[0].image == "luksa/kubia-pet-peers"
    assert run(cluster, "rollout status sts/kubia")[1] == (
        "error: rollout status is only available for RollingUpdate strategy type\n")


def test_peers_discover_each_other_through_srv_records(cluster):
    started(cluster, image="luksa/kubia-pet-peers")
    text = out(cluster, "get --raw /api/v1/namespaces/default/pods/kubia-0/proxy/")
    assert text.startswith("You've hit kubia-0\n")
    assert re.search(r"kubia-1\.kubia\.default\.svc\.cluster\.local", text)


def test_spec_fields_other_than_the_mutable_ones_are_forbidden(cluster):
    started(cluster)
    r = cluster.kubectl("patch sts kubia -p '{\"spec\":{\"serviceName\":\"other\"}}'")
    assert r.stderr == (
        'The StatefulSet "kubia" is invalid: spec: Forbidden: updates to statefulset spec for fields other than '
        "'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n")
