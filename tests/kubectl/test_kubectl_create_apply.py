"""kubectl create -f, apply -f and replace -f: messages, errors per document, the apply merge."""

from __future__ import annotations

import json

from kubecourse.kubectl import apply
from kubecourse.schema import merge

POD, DEPLOYMENT = merge.patch_meta("Pod"), merge.patch_meta("Deployment")

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubia
  labels: {app: kubia, tier: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: kubia}}
  template:
    metadata: {labels: {app: kubia}}
    spec:
      containers:
      - name: nodejs
        image: luksa/kubia:v1
        env: [{name: A, value: "1"}]
"""
CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data: {a: "1"}
"""
RETIRED = """apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: old}
"""
LAST_APPLIED_DEPLOY = (
    '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"kubia",'
    '"tier":"web"},"name":"kubia","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":'
    '{"app":"kubia"}},"template":{"metadata":{"labels":{"app":"kubia"}},"spec":{"containers":[{"env":'
    '[{"name":"A","value":"1"}],"image":"luksa/kubia:v1","name":"nodejs"}]}}}}\n')
MISSING_ANNOTATION = (
    "Warning: resource deployments/kubia is missing the kubectl.kubernetes.io/last-applied-configuration "
    "annotation which is required by kubectl apply. kubectl apply should only be used on resources created "
    "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be "
    "patched automatically.\n")
RETIRED_ERROR = ('resource mapping not found for name: "old" namespace: "" from "STDIN": no matches for kind '
                 '"Deployment" in version "extensions/v1beta1"\nensure CRDs are installed first\n'
                 "kubecourse hint: Deployment is served as apps/v1 since Kubernetes 1.16; change `apiVersion: "
                 "extensions/v1beta1` to `apiVersion: apps/v1`. apps/v1 also requires spec.selector (e.g. "
                 "matchLabels equal to the template's labels).\n")


def run(cluster, line, stdin=None):
    r = cluster.kubectl(line, stdin=stdin)
    return r.stdout, r.stderr, r.returncode


def live(cluster, kind="Deployment", name="kubia"):
    return cluster.api.get(kind, name, "default")


# --- create -------------------------------------------------------------------------------


def test_create_prints_created_and_stores_the_object(cluster):
    assert run(cluster, "create -f -", DEPLOY) == ("deployment.apps/kubia created\n", "", 0)
    assert live(cluster).spec.replicas == 3


def test_create_of_an_existing_object_is_already_exists_from_stdin(cluster):
    run(cluster, "create -f -", DEPLOY)
    assert run(cluster, "create -f -", DEPLOY) == (
        "", 'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "kubia" already '
            "exists\n", 1)


def test_create_names_the_file_in_errors(cluster, tmp_path):
    path = tmp_path / "kubia.yaml"
    path.write_text(DEPLOY)
    run(cluster, f"create -f {path}")
    assert run(cluster, f"create -f {path}")[1] == (
        f'Error from server (AlreadyExists): error when creating "{path}": deployments.apps "kubia" already '
        "exists\n")


def test_create_goes_on_after_a_failed_document_and_exits_1(cluster):
    run(cluster, "create -f -", DEPLOY)
    out, err, code = run(cluster, "create -f -", DEPLOY + "---\n" + CONFIGMAP)
    assert (out, code) == ("configmap/cm created\n", 1)
    assert err == ('Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "kubia" '
                   "already exists\n")
    assert live(cluster, "ConfigMap", "cm").data == {"a": "1"}


def test_a_lone_invalid_document_is_rebuilt_from_its_causes(cluster):
    assert run(cluster, "create -f -", DEPLOY.replace("replicas: 3", "replicas: -1")) == (
        "", 'The Deployment "kubia" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal '
            "to 0\n", 1)


def test_several_errors_print_one_line_each_without_error_prefix(cluster):
    out, err, code = run(cluster, "create -f -", DEPLOY.replace("replicas: 3", "replicas: -1") + "---\n" + RETIRED)
    assert (out, code) == ("", 1)
    assert err == ('Error from server (Invalid): error when creating "STDIN": Deployment.apps "kubia" is invalid: '
                   "spec.replicas: Invalid value: -1: must be greater than or equal to 0\n" + RETIRED_ERROR)


def test_a_retired_api_version_gets_kubectls_error_and_a_marked_hint(cluster):
    assert run(cluster, "create -f -", RETIRED) == ("", "error: " + RETIRED_ERROR, 1)


def test_a_namespace_other_than_the_one_given_with_n_is_refused(cluster):
    manifest = CONFIGMAP.replace("name: cm}", "name: cm, namespace: other}")
    assert run(cluster, "create -f - -n default", manifest) == (
        "", 'error: the namespace from the provided object "other" does not match the namespace "default". You '
            "must pass '--namespace=other' to perform this operation.\n", 1)


def test_create_into_a_missing_namespace_is_not_found(cluster):
    assert run(cluster, "create -f - -n nowhere", CONFIGMAP) == (
        "", 'Error from server (NotFound): error when creating "STDIN": namespaces "nowhere" not found\n', 1)


def test_dry_runs_print_their_suffix_and_store_nothing(cluster):
    assert run(cluster, "create -f - --dry-run=client", DEPLOY) == (
        "deployment.apps/kubia created (dry run)\n", "", 0)
    assert run(cluster, "create -f - --dry-run=server", DEPLOY) == (
        "deployment.apps/kubia created (server dry run)\n", "", 0)
    assert cluster.api.try_get("Deployment", "kubia", "default") is None


def test_output_name_and_yaml(cluster):
    assert run(cluster, "create -f - -o name", DEPLOY + "---\n" + CONFIGMAP) == (
        "deployment.apps/kubia\nconfigmap/cm\n", "", 0)
    out, _, _ = run(cluster, "create -f - -o yaml --dry-run=client",
                    CONFIGMAP.replace("name: cm", "name: a") + "---\n" + CONFIGMAP.replace("name: cm", "name: b"))
    assert out == ("apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n"
                   "---\napiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  name: b\n"
                   "  namespace: default\n")


def test_output_json_is_the_stored_object(cluster):
    out, _, code = run(cluster, "create -f - -o json", CONFIGMAP)
    assert code == 0
    assert json.loads(out)["metadata"]["uid"] == live(cluster, "ConfigMap", "cm").metadata.uid


def test_flag_and_argument_errors(cluster):
    assert run(cluster, "create") == ("", "error: must specify one of -f and -k\n", 1)
    assert run(cluster, "create foo bar -f x.yaml") == (
        "", "error: Unexpected args: [foo bar]\nSee 'kubectl create -h' for help and examples\n", 1)
    assert run(cluster, "create -f - --dry-run=maybe", DEPLOY) == (
        "", 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n', 1)
    assert run(cluster, "create -f - -o wide", DEPLOY) == (
        "", 'error: unable to match a printer suitable for the output format "wide", allowed formats are: '
            "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,"
            "yaml\n", 1)
    assert run(cluster, "create -f /nonexistent.yaml") == (
        "", 'error: the path "/nonexistent.yaml" does not exist\n', 1)
    assert run(cluster, "create -f -", "") == ("", "error: no objects passed to create\n", 1)


def test_create_reads_a_directory_recursively_with_R(cluster, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.yaml").write_text(CONFIGMAP.replace("name: cm", "name: a"))
    (tmp_path / "sub" / "b.yml").write_text(CONFIGMAP.replace("name: cm", "name: b"))
    (tmp_path / "notes.txt").write_text("not a manifest")
    assert run(cluster, f"create -f {tmp_path}")[0] == "configmap/a created\n"
    assert run(cluster, f"create -R -f {tmp_path} -o name") == (
        "configmap/b\n", f'Error from server (AlreadyExists): error when creating "{tmp_path}/a.yaml": '
                         'configmaps "a" already exists\n', 1)


def test_save_config_writes_the_annotation_apply_reads(cluster):
    run(cluster, "create -f - --save-config", DEPLOY)
    assert live(cluster).metadata.annotations[apply.LAST_APPLIED] == LAST_APPLIED_DEPLOY
    assert run(cluster, "apply -f -", DEPLOY) == ("deployment.apps/kubia unchanged\n", "", 0)


def test_record_writes_the_change_cause_and_warns(cluster):
    _, err, _ = run(cluster, "create -f - --record", DEPLOY)
    assert err == "Flag --record has been deprecated, --record will be removed in the future\n"
    assert live(cluster).metadata.annotations["kubernetes.io/change-cause"] == \
        "kubectl create --filename=- --record=true"


# --- apply --------------------------------------------------------------------------------


def test_apply_creates_then_is_unchanged_then_configured(cluster):
    assert run(cluster, "apply -f -", DEPLOY) == ("deployment.apps/kubia created\n", "", 0)
    assert run(cluster, "apply -f -", DEPLOY) == ("deployment.apps/kubia unchanged\n", "", 0)
    assert run(cluster, "apply -f -", DEPLOY.replace("kubia:v1", "kubia:v2")) == (
        "deployment.apps/kubia configured\n", "", 0)
    assert live(cluster).spec.template.spec.containers[0].image == "luksa/kubia:v2"


def test_apply_writes_the_manifest_as_compact_sorted_json(cluster):
    run(cluster, "apply -f -", DEPLOY)
    assert live(cluster).metadata.annotations[apply.LAST_APPLIED] == LAST_APPLIED_DEPLOY


def test_apply_over_a_created_object_warns_and_adds_the_annotation(cluster):
    run(cluster, "create -f -", DEPLOY)
    assert run(cluster, "apply -f -", DEPLOY) == ("deployment.apps/kubia configured\n", MISSING_ANNOTATION, 0)
    assert run(cluster, "apply -f -", DEPLOY) == ("deployment.apps/kubia unchanged\n", "", 0)


def test_a_field_removed_from_the_manifest_is_removed_from_the_object(cluster):
    run(cluster, "apply -f -", DEPLOY)
    run(cluster, "apply -f -", DEPLOY.replace(", tier: web", "").replace('        env: [{name: A, value: "1"}]\n', ""))
    obj = live(cluster)
    assert obj.metadata.labels == {"app": "kubia"}
    assert obj.spec.template.spec.containers[0].env is None


def test_fields_set_by_others_survive_an_apply(cluster):
    manifest = DEPLOY.replace("  replicas: 3\n", "")
    run(cluster, "apply -f -", manifest)
    scaled = live(cluster)
    cluster.api.update(scaled.with_(spec=scaled.spec.with_(replicas=5)))  # as `kubectl scale` would
    assert run(cluster, "apply -f -", manifest) == ("deployment.apps/kubia unchanged\n", "", 0)
    run(cluster, "apply -f -", manifest.replace("kubia:v1", "kubia:v2"))
    assert live(cluster).spec.replicas == 5


def test_apply_dry_runs_leave_the_object_alone(cluster):
    run(cluster, "apply -f -", DEPLOY)
    changed = DEPLOY.replace("kubia:v1", "kubia:v2")
    assert run(cluster, "apply -f - --dry-run=client", changed)[0] == "deployment.apps/kubia configured (dry run)\n"
    assert run(cluster, "apply -f - --dry-run=server", changed)[0] == (
        "deployment.apps/kubia configured (server dry run)\n")
    assert live(cluster).spec.template.spec.containers[0].image == "luksa/kubia:v1"


def test_apply_applies_each_document_and_reports_mapping_errors_first(cluster):
    out, err, code = run(cluster, "apply -f -", CONFIGMAP + "---\n" + RETIRED)
    assert (out, err, code) == ("configmap/cm created\n", "error: " + RETIRED_ERROR, 1)


def test_apply_of_an_invalid_change_is_rebuilt_from_its_causes(cluster):
    run(cluster, "apply -f -", DEPLOY)
    assert run(cluster, "apply -f -", DEPLOY.replace("replicas: 3", "replicas: -1")) == (
        "", 'The Deployment "kubia" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal '
            "to 0\n", 1)
    assert live(cluster).spec.replicas == 3


def test_apply_output_yaml_of_several_objects_is_a_list(cluster):
    out, _, _ = run(cluster, "apply -f - -o yaml --dry-run=client", CONFIGMAP + "---\n" +
                    CONFIGMAP.replace("name: cm", "name: cm2"))
    assert out.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n")
    assert out.endswith("kind: List\nmetadata: {}\n")


# --- the three-way merge ---------------------------------------------------------------------


def test_merge_matches_containers_by_name_and_keeps_what_others_added():
    original = {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}
    modified = {"spec": {"containers": [{"name": "a", "image": "a:2"}]}}
    current = {"spec": {"containers": [{"name": "a", "image": "a:1", "imagePullPolicy": "IfNotPresent"},
                                       {"name": "sidecar", "image": "s:1"}]}}
    assert apply.three_way_merge(original, modified, current, POD) == {
        "spec": {"containers": [{"name": "a", "image": "a:2", "imagePullPolicy": "IfNotPresent"},
                                {"name": "sidecar", "image": "s:1"}]}}


def test_merge_drops_list_items_the_last_apply_had():
    def env(*items: dict) -> dict:
        return {"spec": {"containers": [{"name": "app", "env": list(items)}]}}
    a, b = {"name": "A", "value": "1"}, {"name": "B", "value": "2"}
    assert apply.three_way_merge(env(a, b), env(a), env(a, b), POD) == env(a)


def test_merge_replaces_lists_without_a_merge_key():
    def args(*values: str) -> dict:
        return {"spec": {"containers": [{"name": "app", "args": list(values)}]}}
    assert apply.three_way_merge(args("a", "b"), args("c"), args("a", "b"), POD) == args("c")


def test_merge_retains_only_the_named_keys_of_a_changed_strategy():
    current = {"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}}}}
    assert apply.three_way_merge({}, {"spec": {"strategy": {"type": "Recreate"}}}, current, DEPLOYMENT) == {
        "spec": {"strategy": {"type": "Recreate"}}}
    same = {"spec": {"strategy": {"type": "RollingUpdate"}}}
    assert apply.three_way_merge(same, same, current, DEPLOYMENT) == current


# --- replace ------------------------------------------------------------------------------


def test_replace_puts_the_whole_manifest(cluster):
    run(cluster, "create -f -", DEPLOY)
    assert run(cluster, "replace -f -", DEPLOY.replace(", tier: web", "")) == (
        "deployment.apps/kubia replaced\n", "", 0)
    assert live(cluster).metadata.labels == {"app": "kubia"}


def test_replace_of_a_missing_object_is_not_found(cluster):
    assert run(cluster, "replace -f -", CONFIGMAP) == (
        "", 'Error from server (NotFound): error when replacing "STDIN": configmaps "cm" not found\n', 1)


def test_replace_force_deletes_and_creates_again(cluster):
    run(cluster, "create -f -", CONFIGMAP)
    uid = live(cluster, "ConfigMap", "cm").metadata.uid
    assert run(cluster, "replace --force -f -", CONFIGMAP) == (
        'configmap "cm" deleted\nconfigmap/cm replaced\n', "", 0)
    assert live(cluster, "ConfigMap", "cm").metadata.uid != uid


def test_replace_grace_period_needs_force(cluster):
    assert run(cluster, "replace -f - --grace-period=3", CONFIGMAP) == (
        "", "error: --grace-period must have --force specified\n", 1)
