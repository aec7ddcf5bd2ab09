"""kubectl patch of each type, and strategic merge from the schema's merge keys."""

from __future__ import annotations

import pytest

from kubecourse.schema import merge


@pytest.fixture
def web(cluster):
    assert cluster.kubectl("create deployment web --image=nginx --image=busybox").returncode == 0
    return cluster


def images(cluster) -> list[tuple[str, str]]:
    spec = cluster.api.get("Deployment", "web", "default").spec.template.spec
    return [(c.name, c.image) for c in spec.containers]


def test_strategic_patch_merges_containers_by_name(web):
    result = web.kubectl(["patch", "deploy", "web", "-p",
                          '{"spec":{"template":{"spec":{"containers":[{"name":"busybox","image":"busybox:1.36"},'
                          '{"name":"sidecar","image":"alpine"}]}}}}'])
    assert (result.stdout, result.stderr, result.returncode) == ("deployment.apps/web patched\n", "", 0)
    assert images(web) == [("nginx", "nginx"), ("busybox", "busybox:1.36"), ("sidecar", "alpine")]


def test_the_same_patch_again_changes_nothing(web):
    patch = ["patch", "deploy", "web", "-p", '{"spec":{"replicas":2}}']
    assert web.kubectl(patch).stdout == "deployment.apps/web patched\n"
    assert web.kubectl(patch).stdout == "deployment.apps/web patched (no change)\n"


def test_delete_directive_and_merge_key_error(web):
    result = web.kubectl(["patch", "deploy/web", "-o", "jsonpath={.spec.template.spec.containers[*].name}", "-p",
                          '{"spec":{"template":{"spec":{"containers":[{"name":"busybox","$patch":"delete"}]}}}}'])
    assert (result.stdout, result.returncode) == ("nginx", 0)
    result = web.kubectl(["patch", "deploy", "web", "-p", '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}'])
    assert (result.stdout, result.stderr, result.returncode) == (
        "", "Error from server: map: map[image:x] does not contain declared merge key: name\n", 1)


def test_merge_patch_replaces_lists(web):
    result = web.kubectl(["patch", "deploy", "web", "--type=merge", "-p",
                          '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"redis"}]}}}}'])
    assert result.stdout == "deployment.apps/web patched\n"
    assert images(web) == [("only", "redis")]


def test_json_patch(web):
    result = web.kubectl(["patch", "deploy", "web", "--type=json", "-p",
                          '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"}]'])
    assert result.stdout == "deployment.apps/web patched\n"
    assert images(web)[0] == ("nginx", "nginx:1.27")


def test_patch_file_and_yaml(web, tmp_path):
    path = tmp_path / "patch.yaml"
    path.write_text("spec:\n  replicas: 4\n")
    assert web.kubectl(f"patch deploy web --patch-file {path}").stdout == "deployment.apps/web patched\n"
    assert web.api.get("Deployment", "web", "default").spec.replicas == 4


def test_client_dry_run_says_patched_and_writes_nothing(web):
    before = web.api.get("Deployment", "web", "default")
    result = web.kubectl(["patch", "deploy", "web", "--dry-run=client", "-p", '{"spec":{"replicas":7}}'])
    assert result.stdout == "deployment.apps/web patched\n"
    assert web.api.get("Deployment", "web", "default") is before


@pytest.mark.parametrize(("args", "stderr"), [
    ([], "error: must specify --patch or --patch-file containing the contents of the patch\n"),
    (["-p", "{}", "--patch-file", "/tmp/x"], "error: cannot specify --patch and --patch-file together\n"),
    (["--type=foo", "-p", "{}"], 'error: --type must be one of [json merge strategic], not "foo"\n'),
    (["-p", "{bad"], "Error from server (BadRequest): invalid character 'b' looking for beginning of object key "
                     "string\n"),
    (["-p", '{"spec":{"replicas":-1}}'], 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must '
                                         "be greater than or equal to 0\n"),
    (["-p", '{"spec":{"foo":1}}'], 'Error from server (BadRequest): Deployment in version "v1" cannot be handled as '
                                   'a Deployment: strict decoding error: unknown field "spec.foo"\n'),
])
def test_errors(web, args, stderr):
    result = web.kubectl(["patch", "deploy", "web", *args])
    assert (result.stdout, result.stderr, result.returncode) == ("", stderr, 1)


def test_not_found(cluster):
    result = cluster.kubectl(["patch", "deploy", "nope", "-p", "{}"])
    assert result.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'


def test_merge_keys_and_strategies_come_from_the_schema():
    assert merge.merge_key("Deployment", "spec.template.spec.containers") == "name"
    assert merge.merge_key("Pod", "spec.containers.ports") == "containerPort"
    assert merge.merge_key("Pod", "spec.containers.env") == "name"
    assert merge.merge_key("Pod", "spec.volumes") == "name"
    assert merge.merge_key("Service", "spec.ports") == "port"
    assert merge.merge_key("Pod", "spec.tolerations") is None
    assert merge.field_meta("Deployment", ("spec", "strategy")).retain_keys
    assert merge.field_meta("Pod", ("metadata", "finalizers")) == merge.FieldPatchMeta(None, False, True, "set")


def test_strategic_merge_order_and_primitive_lists():
    original = {"spec": {"containers": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}}
    patched = merge.strategic_merge(original, {"spec": {"containers": [{"name": "b", "x": 1}, {"name": "d"}]}}, "Pod")
    # mergeSortedSlice takes a server item first only when it and the next patch item were both
    # on the server and it came first there: `d`, new, goes before the server's remaining `c`.
    assert patched["spec"]["containers"] == [{"name": "a"}, {"name": "b", "x": 1}, {"name": "d"}, {"name": "c"}]
    patched = merge.strategic_merge(original, {"spec": {"containers": [{"name": "d"}, {"name": "b", "x": 1}]}}, "Pod")
    assert patched["spec"]["containers"] == [{"name": "d"}, {"name": "a"}, {"name": "b", "x": 1}, {"name": "c"}]
    assert merge.strategic_merge({"metadata": {"finalizers": ["a", "b"]}}, {"metadata": {"finalizers": ["c", "a"]}},
                                 "Pod") == {"metadata": {"finalizers": ["c", "a", "b"]}}
    assert merge.strategic_merge({"metadata": {"labels": {"a": "1", "b": "2"}}},
                                 {"metadata": {"labels": {"a": None}}}, "Pod") == {"metadata": {"labels": {"b": "2"}}}
    assert merge.strategic_merge({"spec": {"tolerations": [{"key": "a"}]}}, {"spec": {"tolerations": [{"key": "b"}]}},
                                 "Pod") == {"spec": {"tolerations": [{"key": "b"}]}}
    assert merge.strategic_merge({"spec": {"containers": [{"name": "a"}]}},
                                 {"spec": {"containers": [{"$patch": "replace"}, {"name": "z"}]}}, "Pod") == \
        {"spec": {"containers": [{"name": "z"}]}}
