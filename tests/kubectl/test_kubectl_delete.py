"""kubectl delete: targets, messages, errors, cascade and grace flags, waiting in virtual time."""

from __future__ import annotations

from datetime import timedelta

CONFIGMAPS = """apiVersion: v1
kind: ConfigMap
metadata: {name: a, labels: {app: x}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b, labels: {app: y}}
"""
POD = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: nginx}]
"""
STUCK_HINT = ("kubecourse hint: nothing pending in the cluster will remove configmaps/a: its finalizers "
              "['example.com/keep'] are still set. Real kubectl would keep waiting; the deletion itself was "
              "accepted (use --wait=false not to wait).\n")


def run(cluster, line, stdin=None):
    r = cluster.kubectl(line, stdin=stdin)
    return r.stdout, r.stderr, r.returncode


def exists(cluster, kind, name, namespace="default"):
    return cluster.api.try_get(kind, name, namespace) is not None


def with_finalizer(cluster, name="a"):
    obj = cluster.api.get("ConfigMap", name, "default")
    cluster.api.update(obj.with_(metadata=obj.metadata.with_(finalizers=["example.com/keep"])))


def drop_finalizers(api, kind, name, namespace):
    """What a controller would do when its cleanup is done (a clock timer in these tests)."""
    obj = api.get(kind, name, namespace)
    api.update(obj.with_(metadata=obj.metadata.with_(finalizers=None)))


def test_delete_by_type_and_names_quotes_the_name(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete configmap a b") == ('configmap "a" deleted\nconfigmap "b" deleted\n', "", 0)
    assert not exists(cluster, "ConfigMap", "a") and not exists(cluster, "ConfigMap", "b")


def test_delete_by_type_slash_name_and_output_name(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete cm/a -o name") == ("configmap/a\n", "", 0)


def test_delete_of_a_group_kind_names_the_group(cluster):
    cluster.kubectl("create -f -", stdin="""apiVersion: apps/v1
kind: Deployment
metadata: {name: kubia}
spec:
  selector: {matchLabels: {app: kubia}}
  template:
    metadata: {labels: {app: kubia}}
    spec: {containers: [{name: c, image: nginx}]}
""")
    assert run(cluster, "delete deploy kubia") == ('deployment.apps "kubia" deleted\n', "", 0)


def test_a_missing_name_is_not_found_and_the_others_are_still_deleted(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete configmap a nope b") == (
        'configmap "a" deleted\nconfigmap "b" deleted\n',
        'Error from server (NotFound): configmaps "nope" not found\n', 1)


def test_ignore_not_found_is_silent(cluster):
    assert run(cluster, "delete configmap nope --ignore-not-found") == ("", "", 0)


def test_several_types_with_names_apply_to_each_type(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete configmap,secret a") == (
        'configmap "a" deleted\n', 'Error from server (NotFound): secrets "a" not found\n', 1)


def test_delete_by_selector_and_all(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete cm -l app=x") == ('configmap "a" deleted\n', "", 0)
    assert run(cluster, "delete cm -l app=x") == ("No resources found\n", "", 0)
    assert run(cluster, "delete cm --all") == (
        'configmap "b" deleted\nconfigmap "kube-root-ca.crt" deleted\n', "", 0)


def test_delete_all_namespaces(cluster):
    cluster.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other"}})
    run(cluster, "create -f -", CONFIGMAPS)
    run(cluster, "create -f - -n other", CONFIGMAPS)
    out, _, code = run(cluster, "delete cm -l app=x -A")
    assert (out, code) == ('configmap "a" deleted\nconfigmap "a" deleted\n', 0)
    assert not exists(cluster, "ConfigMap", "a", "other") and exists(cluster, "ConfigMap", "b", "other")
    assert run(cluster, "delete cm a -A") == (
        "", "error: a resource cannot be retrieved by name across all namespaces\n", 1)


def test_delete_from_a_manifest(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete -f -", CONFIGMAPS) == ('configmap "a" deleted\nconfigmap "b" deleted\n', "", 0)
    assert run(cluster, "delete -f -", CONFIGMAPS) == (
        "", 'Error from server (NotFound): error when deleting "STDIN": configmaps "a" not found\n'
            'Error from server (NotFound): error when deleting "STDIN": configmaps "b" not found\n', 1)


def test_dry_runs_delete_nothing(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete cm a --dry-run=client") == ('configmap "a" deleted (dry run)\n', "", 0)
    assert run(cluster, "delete cm a --dry-run=server") == ('configmap "a" deleted (server dry run)\n', "", 0)
    assert exists(cluster, "ConfigMap", "a")


def test_builder_errors(cluster):
    assert run(cluster, "delete") == ("", "error: You must provide one or more resources by argument or filename.\n"
                                          "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                                          "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n", 1)
    assert run(cluster, "delete pods") == ("", "error: resource(s) were provided, but no name was specified\n", 1)
    assert run(cluster, "delete pods --all -l a=b") == (
        "", "error: setting 'all' parameter but found a non empty selector. \n", 1)
    assert run(cluster, "delete pod x -l a=b") == (
        "", "error: name cannot be provided when a selector is specified\n", 1)
    assert run(cluster, "delete foo x") == ("", 'error: the server doesn\'t have a resource type "foo"\n', 1)
    assert run(cluster, "delete pod x -o yaml") == (
        "", "error: unexpected -o output mode: yaml. We only support '-o name'\n", 1)


def test_cascade_values(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    assert run(cluster, "delete cm a --cascade=sideways") == (
        "", 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n', 1)
    assert run(cluster, "delete cm a --cascade=false") == (
        'configmap "a" deleted\n',
        "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n", 0)
    orphaning = [e.obj.metadata.finalizers for e in cluster.api.history if e.obj.metadata.name == "a"]
    assert ["orphan"] in orphaning  # the garbage collector then removed it, and the wait saw it go
    assert not exists(cluster, "ConfigMap", "a")
    assert run(cluster, "delete cm b --cascade=true")[1] == (
        "warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n")


def test_grace_period_flags(cluster):
    run(cluster, "create -f -", POD)
    assert run(cluster, "delete pod p --now --grace-period=5") == (
        "", "error: --now and --grace-period cannot be specified together\n", 1)
    assert run(cluster, "delete pod p --force --grace-period=5") == (
        "", "error: --force and --grace-period greater than 0 cannot be specified together\n", 1)
    assert run(cluster, "delete pod p --force") == (
        'pod "p" force deleted\n',
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. "
        "The resource may continue to run on the cluster indefinitely.\n", 0)


def test_a_bound_pod_is_given_the_grace_period_asked_for(cluster):
    run(cluster, "create -f -", POD)
    pod = cluster.api.get("Pod", "p", "default")
    if not pod.spec.node_name:  # no scheduler ran: bind it as one would
        cluster.api.update(pod.with_(spec=pod.spec.with_(node_name="kind-worker")))
    start = cluster.now
    assert run(cluster, "delete pod p --grace-period=20 --wait=false") == ('pod "p" deleted\n', "", 0)
    marked = next(e.obj.metadata for e in cluster.api.history
                  if e.obj.metadata.name == "p" and e.obj.metadata.deletion_timestamp)
    assert (marked.deletion_grace_period_seconds, marked.deletion_timestamp) == (20, start + timedelta(seconds=20))


def test_delete_waits_in_virtual_time_until_the_object_is_gone(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    with_finalizer(cluster)
    start = cluster.now
    cluster.clock.call_later(12, drop_finalizers, cluster.api, "ConfigMap", "a", "default", why="test cleanup")
    assert run(cluster, "delete cm a") == ('configmap "a" deleted\n', "", 0)
    assert cluster.now == start + timedelta(seconds=12)
    assert not exists(cluster, "ConfigMap", "a")


def test_a_wait_nothing_can_end_stops_with_the_timeout_text_and_a_hint(cluster):
    run(cluster, "create -f -", CONFIGMAPS)
    with_finalizer(cluster)
    assert run(cluster, "delete cm a") == (
        'configmap "a" deleted\n', "error: timed out waiting for the condition on configmaps/a\n" + STUCK_HINT, 1)
    assert run(cluster, "delete cm a --timeout=5s") == (
        'configmap "a" deleted\n', "error: timed out waiting for the condition on configmaps/a\n", 1)


def test_a_bad_timeout_is_a_flag_error(cluster):
    assert run(cluster, "delete cm a --timeout=soon") == (
        "", 'error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\n'
            "See 'kubectl delete --help' for usage.\n", 1)


def test_cluster_scoped_objects_warn_when_a_namespace_was_given(cluster):
    cluster.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other"}})
    out, err, _ = run(cluster, "delete namespace other -n default --wait=false")
    assert (out, err) == ('namespace "other" deleted\n',
                          "Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n")
