"""A running pod's spec is immutable but for a few fields (ValidatePodUpdate), and a Service's
clusterIP may not change once set; the refusal changes nothing."""

from __future__ import annotations

import pytest

from kubecourse.api import gocmp

UPDATABLE = ("pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
             "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
             "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")
NOT_APPLIED = ("Warning: resource pods/solo is missing the kubectl.kubernetes.io/last-applied-configuration annotation "
               "which is required by kubectl apply. kubectl apply should only be used on resources created "
               "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will "
               "be patched automatically.\n")


def pod(container: str, image: str = "busybox", args: str = "[sleep, '3600']") -> str:
    return (f"apiVersion: v1\nkind: Pod\nmetadata: {{name: solo}}\nspec:\n  containers:\n"
            f"  - name: {container}\n    image: {image}\n    args: {args}\n")


@pytest.fixture
def solo(cluster):
    assert cluster.kubectl("run solo --image=busybox -- sleep 3600").returncode == 0
    cluster.advance(10)
    return cluster


def refused(cluster, line: str, stdin: str | None = None) -> str:
    before = cluster.api.resource_version
    r = cluster.kubectl(line, stdin=stdin)
    assert r.returncode == 1
    assert cluster.api.resource_version == before
    return r.stderr


def test_renaming_the_container_is_adding_one(solo):
    """The issue's reproducer: apply merges containers by name, so `c` joins `solo`; refused,
    and the kubelet keeps running the pod it has (it raised KeyError: 'c' before)."""
    assert refused(solo, "apply -f -", pod("c")) == (
        NOT_APPLIED + 'The Pod "solo" is invalid: spec.containers: Forbidden: pod updates may not add or remove '
        "containers\n")
    solo.advance(60)
    r = solo.kubectl("delete pod solo")
    assert (r.returncode, r.stdout) == (0, 'pod "solo" deleted\n')
    assert solo.api.try_get("Pod", "solo", "default") is None


def test_the_image_may_change(solo):
    r = solo.kubectl("apply -f -", stdin=pod("solo", image="nginx"))
    assert (r.returncode, r.stdout) == (0, "pod/solo configured\n")
    assert solo.api.get("Pod", "solo", "default").spec.containers[0].image == "nginx"


def test_other_changes_print_the_internal_spec_diff(solo):
    assert refused(solo, "apply -f -", pod("solo", args="[sleep, '10']")) == NOT_APPLIED + (
        f'The Pod "solo" is invalid: spec: Forbidden: {UPDATABLE}\n'
        "  core.PodSpec{\n"
        '  \tVolumes:        {{Name: "kube-api-access-d95bv", VolumeSource: {Projected: &{Sources: '
        '{{ServiceAccountToken: &{ExpirationSeconds: 3607, Path: "token"}}, {ConfigMap: &{LocalObjectReference: '
        '{Name: "kube-root-ca.crt"}, Items: {{Key: "ca.crt", Path: "ca.crt"}}}}, {DownwardAPI: &{Items: '
        '{{Path: "namespace", FieldRef: &{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}}}, '
        "DefaultMode: &420}}}},\n"
        "  \tInitContainers: nil,\n"
        "  \tContainers: []core.Container{\n"
        "  \t\t{\n"
        '  \t\t\tName:    "solo",\n'
        '  \t\t\tImage:   "busybox",\n'
        "  \t\t\tCommand: nil,\n"
        "  \t\t\tArgs: []string{\n"
        '  \t\t\t\t"sleep",\n'
        '- \t\t\t\t"3600",\n'
        '+ \t\t\t\t"10",\n'
        "  \t\t\t},\n"
        '  \t\t\tWorkingDir: "",\n'
        "  \t\t\tPorts:      nil,\n"
        "  \t\t\t... // 18 identical fields\n"
        "  \t\t},\n"
        "  \t},\n"
        "  \tEphemeralContainers: nil,\n"
        '  \tRestartPolicy:       "Always",\n'
        "  \t... // 29 identical fields\n"
        "  }\n\n")  # MultilineError's newline after the diff's own


def test_active_deadline_may_be_set_and_lowered_only(solo):
    assert solo.kubectl("patch pod solo -p '{\"spec\":{\"activeDeadlineSeconds\":600}}'").returncode == 0
    assert refused(solo, "patch pod solo -p '{\"spec\":{\"activeDeadlineSeconds\":900}}'") == (
        'The Pod "solo" is invalid: spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to '
        "previous value\n")
    assert solo.kubectl("patch pod solo -p '{\"spec\":{\"activeDeadlineSeconds\":300}}'").returncode == 0


def test_tolerations_may_only_be_added(solo):
    added = '[{"op":"add","path":"/spec/tolerations/-","value":{"key":"k","operator":"Exists"}}]'
    assert solo.kubectl(["patch", "pod", "solo", "--type=json", "-p", added]).returncode == 0
    removed = '[{"op":"remove","path":"/spec/tolerations/0"}]'
    assert refused(solo, "patch pod solo --type=json -p " + repr(removed)) == (
        'The Pod "solo" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except '
        "its tolerationSeconds\n")


def test_service_cluster_ip_may_not_change(cluster):
    cluster.kubectl("create service clusterip web --tcp=80:8080")
    assert refused(cluster, "patch svc web -p '{\"spec\":{\"clusterIP\":\"10.96.0.99\"}}'") == (
        'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change '
        "once set\n")


def test_gocmp_context_and_elision():
    """Two records of context around a change, the rest counted; equal values cut after four."""
    def spec(values):
        return gocmp.Struct("t.T", tuple((f"F{i}", v) for i, v in enumerate(values)))
    old = spec(list(range(10)))
    new = spec([0, 1, 2, 3, 4, 50, 6, 7, 8, 9])
    assert gocmp.diff(old, new) == ("  t.T{\n  \t... // 3 identical fields\n  \tF3: 3,\n  \tF4: 4,\n- \tF5: 5,\n"
                                    "+ \tF5: 50,\n  \tF6: 6,\n  \tF7: 7,\n  \t... // 2 identical fields\n  }\n")
    assert gocmp.diff(old, old) == ""
