"""kubectl apply --server-side and field managers, with kubectl 1.32's and the apiserver's texts."""

from __future__ import annotations

import pytest
import yaml
from support.manifests import DEPLOYMENT as MANIFEST

from kubecourse.api import fieldmanager

ADVICE = """Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
"""

APPLIED_FIELDS = {
    "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:template": {
            "f:metadata": {"f:labels": {"f:app": {}}},
            "f:spec": {"f:containers": {'k:{"name":"kubia"}': {
                ".": {}, "f:image": {}, "f:name": {},
                "f:ports": {'k:{"containerPort":8080,"protocol":"TCP"}': {".": {}, "f:containerPort": {}}}}}}}}}


def managed(cluster) -> list[dict]:
    text = cluster.kubectl("get deploy kubia -o yaml --show-managed-fields").stdout
    return yaml.safe_load(text)["metadata"]["managedFields"]


def ssa(cluster, flags: str = ""):
    return cluster.kubectl(f"apply --server-side -f - {flags}".strip(), stdin=MANIFEST)


def test_apply_twice_unchanged(cluster):
    assert (ssa(cluster).stdout, ssa(cluster).stdout) == ("deployment.apps/kubia serverside-applied\n",) * 2
    assert managed(cluster) == [{"apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": APPLIED_FIELDS,
                                 "manager": "kubectl", "operation": "Apply", "time": "2025-01-01T00:00:00Z"}]


def test_o_yaml_hides_managed_fields_unless_asked(cluster):
    ssa(cluster)
    assert "managedFields" not in ssa(cluster, "-o yaml").stdout
    assert "managedFields" not in cluster.kubectl("get deploy kubia -o yaml").stdout
    assert "manager: kubectl\n" in ssa(cluster, "-o yaml --show-managed-fields").stdout


def test_apply_after_scale_conflicts_on_replicas_and_force_takes_it(cluster):
    ssa(cluster)
    assert cluster.kubectl("scale deploy kubia --replicas=5").returncode == 0
    r = ssa(cluster)
    assert (r.stdout, r.returncode) == ("", 1)
    assert r.stderr == ('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" '
                        "using apps/v1: .spec.replicas\n" + ADVICE)
    assert cluster.kubectl("get deploy kubia -o jsonpath={.spec.replicas}").stdout == "5"
    assert ssa(cluster, "--force-conflicts").stdout == "deployment.apps/kubia serverside-applied\n"
    assert cluster.kubectl("get deploy kubia -o jsonpath={.spec.replicas}").stdout == "3"
    assert [(m["manager"], m["operation"]) for m in managed(cluster)] == [("kubectl", "Apply")]


def test_a_field_set_by_edit_conflicts_with_kubectl_edit(cluster):
    assert cluster.kubectl("apply -f -", stdin=MANIFEST).returncode == 0
    cluster.editor = lambda text: text.replace("replicas: 3", "replicas: 4")
    assert cluster.kubectl("edit deploy kubia").stdout == "deployment.apps/kubia edited\n"
    r = ssa(cluster)
    assert r.stderr == ('error: Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: '
                        ".spec.replicas\n" + ADVICE)
    assert [(m["manager"], m["operation"]) for m in managed(cluster)] == [
        ("kubectl-client-side-apply", "Update"), ("kubectl-edit", "Update")]
    assert managed(cluster)[1]["fieldsV1"] == {"f:spec": {"f:replicas": {}}}


def test_from_client_side_apply_kubectl_takes_over_unchanged_fields_and_rewrites_the_annotation(cluster):
    cluster.kubectl("apply -f -", stdin=MANIFEST)
    r = cluster.kubectl("apply --server-side -f -", stdin=MANIFEST.replace("replicas: 3", "replicas: 2"))
    assert (r.stdout, r.stderr) == ("deployment.apps/kubia serverside-applied\n", "")
    annotation = yaml.safe_load(cluster.kubectl("get deploy kubia -o yaml").stdout)["metadata"]["annotations"][
        fieldmanager.LAST_APPLIED]
    assert '"replicas":2' in annotation and annotation.endswith("\n")


def test_another_field_manager_conflicts_with_the_applier_by_name(cluster):
    ssa(cluster)
    r = cluster.kubectl("apply --server-side --field-manager=other -f -",
                        stdin=MANIFEST.replace("luksa/kubia\n", "luksa/kubia:v2\n"))
    assert r.stderr.splitlines()[0] == ('error: Apply failed with 1 conflict: conflict with "kubectl": '
                                        '.spec.template.spec.containers[name="kubia"].image')


def test_co_owning_a_field_with_the_same_value_is_no_conflict(cluster):
    ssa(cluster)
    r = cluster.kubectl("apply --server-side --field-manager=other -f -", stdin=MANIFEST)
    assert (r.stdout, r.returncode) == ("deployment.apps/kubia serverside-applied\n", 0)
    assert [m["manager"] for m in managed(cluster)] == ["kubectl", "other"]


def test_a_field_dropped_from_the_manifest_is_removed(cluster):
    cluster.kubectl("apply --server-side -f -", stdin=MANIFEST.replace("labels: {app: kubia}\n",
                                                                          "labels: {app: kubia, tier: web}\n"))
    ssa(cluster)
    labels = cluster.kubectl("get deploy kubia -o jsonpath={.spec.template.metadata.labels}").stdout
    assert labels == '{"app":"kubia"}'


def test_client_side_apply_records_its_update_with_defaults(cluster):
    cluster.kubectl("apply -f -", stdin=MANIFEST)
    (entry,) = managed(cluster)
    assert (entry["manager"], entry["operation"]) == ("kubectl-client-side-apply", "Update")
    spec = entry["fieldsV1"]["f:spec"]
    assert spec["f:strategy"] == {"f:rollingUpdate": {".": {}, "f:maxSurge": {}, "f:maxUnavailable": {}},
                                  "f:type": {}}
    assert entry["fieldsV1"]["f:metadata"] == {"f:annotations": {".": {}, f"f:{fieldmanager.LAST_APPLIED}": {}}}


@pytest.mark.parametrize(("flags", "error"), [
    ("--force-conflicts", "error: --force-conflicts only works with --server-side\n"),
    ("--server-side --dry-run=client",
     "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n"),
])
def test_flag_rules(cluster, flags, error):
    r = cluster.kubectl(f"apply -f - {flags}", stdin=MANIFEST)
    assert (r.stdout, r.stderr, r.returncode) == ("", error, 1)


def test_server_dry_run_changes_nothing(cluster):
    r = ssa(cluster, "--dry-run=server")
    assert r.stdout == "deployment.apps/kubia serverside-applied (server dry run)\n"
    assert cluster.kubectl("get deploy").stderr == "No resources found in default namespace.\n"


def test_several_conflicts_are_listed_by_manager():
    conflicts = [(("b", "Update", "v1", ""), ("f:data", "f:x")), (("a", "Apply", "", ""), ("f:data", "f:y"))]
    assert fieldmanager.conflict_error(conflicts, "ConfigMap", "c").message == (
        'Apply failed with 2 conflicts: conflicts with "a":\n- .data.y\nconflicts with "b" using v1:\n- .data.x')


def test_field_sets_round_trip_through_fields_v1():
    fields = fieldmanager.decode(APPLIED_FIELDS)
    assert fieldmanager.encode(fields) == APPLIED_FIELDS
