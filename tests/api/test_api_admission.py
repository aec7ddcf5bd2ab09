"""Admission: the refusals' exact texts and the mutations' edge cases."""

from __future__ import annotations

import pytest

from kubecourse.api.errors import StatusError
from kubecourse.api.models import ObjectMeta, ServiceAccount
from kubecourse.kubectl.errors import format_status_error

TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


def pod(name: str | None = "p", **spec) -> dict:
    meta = {"name": name} if name else {"generateName": "kubia-7d9f-"}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [{"name": "c", "image": "busybox"}], **spec}}


def refusal(cluster, obj: dict) -> StatusError:
    before = (cluster.api.resource_version, cluster.rng.state())
    with pytest.raises(StatusError) as e:
        cluster.api.create(obj)
    assert (cluster.api.resource_version, cluster.rng.state()) == before
    return e.value


def test_missing_service_account_is_forbidden(cluster):
    e = refusal(cluster, pod(serviceAccountName="builder"))
    assert (e.code, e.reason) == (403, "Forbidden")
    assert format_status_error(e, 'error when creating "STDIN": ') == (
        'Error from server (Forbidden): error when creating "STDIN": pods "p" is forbidden: error looking up '
        'service account default/builder: serviceaccount "builder" not found')


def test_refusal_names_the_generate_name(cluster):
    e = refusal(cluster, pod(None, serviceAccountName="builder"))
    assert e.message.startswith('pods "kubia-7d9f-" is forbidden: ')


def test_named_service_account_is_used(cluster):
    cluster.api.create(ServiceAccount(metadata=ObjectMeta(name="builder", namespace="default")))
    spec = cluster.api.create(pod(serviceAccountName="builder")).spec
    assert (spec.service_account_name, spec.service_account) == ("builder", "builder")


def test_deprecated_service_account_field_is_honoured(cluster):
    cluster.api.create(ServiceAccount(metadata=ObjectMeta(name="builder", namespace="default")))
    assert cluster.api.create(pod(serviceAccount="builder")).spec.service_account_name == "builder"


def test_no_token_when_automount_is_off(cluster):
    spec = cluster.api.create(pod(automountServiceAccountToken=False)).spec
    assert (spec.volumes, spec.containers[0].volume_mounts) == (None, None)
    sa = ServiceAccount(metadata=ObjectMeta(name="quiet", namespace="default"), automount_service_account_token=False)
    cluster.api.create(sa)
    assert cluster.api.create(pod("q", serviceAccountName="quiet")).spec.volumes is None
    # the pod's own preference wins over its ServiceAccount's
    assert cluster.api.create(pod("r", serviceAccountName="quiet", automountServiceAccountToken=True)).spec.volumes


def test_token_is_mounted_in_every_container_without_one(cluster):
    obj = pod(initContainers=[{"name": "init", "image": "busybox"}])
    obj["spec"]["containers"].append({"name": "own", "image": "busybox", "volumeMounts": [
        {"name": "mine", "mountPath": TOKEN_PATH}]})
    obj["spec"]["volumes"] = [{"name": "mine", "emptyDir": {}}]
    spec = cluster.api.create(obj).spec
    token = spec.volumes[-1].name
    assert [[m.name for m in c.volume_mounts] for c in spec.init_containers + spec.containers] == [
        [token], [token], ["mine"]]
    assert [v.name for v in spec.volumes] == ["mine", token]


def test_priority_admission(cluster):
    e = refusal(cluster, pod(priority=5))
    assert e.message == ('pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; '
                         "priority admission controller computed 0 from the given PriorityClass name")
    e = refusal(cluster, pod(preemptionPolicy="Never"))
    assert e.message == ('pods "p" is forbidden: the string value of PreemptionPolicy (Never) must not be provided '
                         "in pod spec; priority admission controller computed PreemptLowerPriority from the given "
                         "PriorityClass name")
    e = refusal(cluster, pod(priorityClassName="high"))
    assert e.message == 'pods "p" is forbidden: no PriorityClass with name high was found'
    assert cluster.api.create(pod(priorityClassName="system-node-critical")).spec.priority == 2000001000


def test_an_existing_toleration_is_not_doubled(cluster):
    tolerations = [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                    "tolerationSeconds": 6000}]
    spec = cluster.api.create(pod(tolerations=tolerations)).spec
    assert [(t.key, t.toleration_seconds) for t in spec.tolerations] == [
        ("node.kubernetes.io/unreachable", 6000), ("node.kubernetes.io/not-ready", 300)]
    everything = cluster.api.create(pod("all", tolerations=[{"operator": "Exists"}])).spec
    assert len(everything.tolerations) == 1


def test_no_new_content_in_a_terminating_namespace(cluster):
    cluster.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "doomed"}})
    cluster.api.create(pod("stays"), namespace="doomed")
    cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap",
                        "metadata": {"name": "hold", "namespace": "doomed", "finalizers": ["example.com/hold"]}})
    cluster.api.delete("Namespace", "doomed")
    e = refusal(cluster, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "late", "namespace": "doomed"}})
    assert format_status_error(e) == ('Error from server (Forbidden): configmaps "late" is forbidden: unable to create '
                                      "new content in namespace doomed because it is being terminated")


def test_missing_namespace(cluster):
    e = refusal(cluster, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "nope"}})
    assert format_status_error(e) == 'Error from server (NotFound): namespaces "nope" not found'


@pytest.mark.parametrize("name", ["default", "kube-system", "kube-public"])
def test_immortal_namespaces(cluster, name):
    with pytest.raises(StatusError) as e:
        cluster.api.delete("Namespace", name)
    assert format_status_error(e.value) == (
        f'Error from server (Forbidden): namespaces "{name}" is forbidden: this namespace may not be deleted')
    assert cluster.api.get("Namespace", name).metadata.deletion_timestamp is None


def test_the_plugins_need_only_a_reader(cluster):
    """Admission and defaulting read through api/reader.py's Reader: given an object that has
    only the Reader's members, they prepare a pod as the server does."""
    from kubecourse.api import defaults
    from kubecourse.api.models import Pod
    from kubecourse.rand import Generator

    class OnlyReads:
        def __init__(self) -> None:
            self.rng = Generator(7)
            self.try_get, self.list, self.iter_namespace = (cluster.api.try_get, cluster.api.list,
                                                            cluster.api.iter_namespace)

    sent = Pod.model_validate({**pod(), "metadata": {"name": "p", "namespace": "default"}})
    prepared = defaults.prepare_pod(OnlyReads(), sent, None)
    assert prepared == defaults.prepare_pod(OnlyReads(), sent, None)
    assert (prepared.status.phase, prepared.spec.service_account_name) == ("Pending", "default")
    assert prepared.spec.volumes[0].name.startswith("kube-api-access-")
