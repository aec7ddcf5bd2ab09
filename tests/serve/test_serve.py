"""The served API: transport, discovery, the official Python client, watch, patches, protobuf."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from support.servefixtures import tls_context

import kubecourse
from kubecourse.api import patches
from kubecourse.serve import protobuf


@pytest.fixture
def served(cluster):
    handle = cluster.serve(clock="frozen")
    yield handle
    handle.stop()


def request(served, path: str, *, token: str | None = None, method: str = "GET", body: bytes | None = None,
            headers: dict | None = None, raw: bool = False) -> tuple[int, dict | str]:
    context = tls_context(served)
    req = urllib.request.Request(served.url + path, data=body, method=method, headers={
        "Authorization": f"Bearer {served.token if token is None else token}", **(headers or {})})
    try:
        with urllib.request.urlopen(req, context=context, timeout=10) as resp:
            code, text = resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        code, text = e.code, e.read().decode()
    return (code, text) if raw else (code, json.loads(text))


def watch_events(served, path: str) -> list[dict]:
    return [json.loads(line) for line in request(served, path, raw=True)[1].splitlines()]


def test_every_request_needs_the_token(served):
    code, body = request(served, "/version", token="wrong")
    assert (code, body["reason"], body["message"]) == (401, "Unauthorized", "Unauthorized")
    assert request(served, "/version")[1]["gitVersion"] == "v1.32.2"


def test_discovery_is_generated_from_the_table_of_kinds(served):
    assert [g["name"] for g in request(served, "/apis")[1]["groups"]] == ["apps", "storage.k8s.io",
                                                                           "coordination.k8s.io", "discovery.k8s.io"]
    resources = {r["name"]: r for r in request(served, "/apis/apps/v1")[1]["resources"]}
    assert resources["deployments"]["shortNames"] == ["deploy"]
    assert resources["deployments"]["categories"] == ["all"]
    assert resources["deployments/scale"]["group"] == "autoscaling"
    assert list(resources) == sorted(resources)
    assert request(served, "/openapi/v2")[0] == 404
    assert request(served, "/openapi/v3/apis/apps/v1")[1]["paths"][
        "/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"]["parameters"][0]["name"] == "fieldValidation"
    schemas = request(served, "/openapi/v3/apis/apps/v1")[1]["components"]["schemas"]
    assert schemas["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"] == [
        {"group": "apps", "kind": "Deployment", "version": "v1"}]


def test_unknown_paths_and_objects_answer_with_a_status(served):
    code, body = request(served, "/api/v1/namespaces/default/widgets")
    assert (code, body["message"]) == (404, "the server could not find the requested resource")
    code, body = request(served, "/api/v1/namespaces/default/pods/nope")
    assert (code, body["reason"], body["message"], body["details"]) == (
        404, "NotFound", 'pods "nope" not found', {"name": "nope", "kind": "pods"})


def test_table_rows_use_the_printer_columns_and_carry_metadata(cluster, served):
    cluster.kubectl("create deployment web --image=nginx --replicas=2")
    cluster.advance(30)
    code, table = request(served, "/apis/apps/v1/namespaces/default/deployments",
                          headers={"Accept": "application/json;as=Table;v=v1;g=meta.k8s.io"})
    assert code == 200 and table["kind"] == "Table"
    assert [(c["name"], c["priority"]) for c in table["columnDefinitions"]] == [
        ("NAME", 0), ("READY", 0), ("UP-TO-DATE", 0), ("AVAILABLE", 0), ("AGE", 0), ("CONTAINERS", 1),
        ("IMAGES", 1), ("SELECTOR", 1)]
    assert table["rows"][0]["cells"] == ["web", "2/2", "2", "2", "30s", "nginx", "nginx", "app=web"]
    assert table["rows"][0]["object"]["metadata"]["labels"] == {"app": "web"}


def test_list_pages_with_limit_and_continue(cluster, served):
    for name in ("a", "b", "c"):
        cluster.kubectl(f"create configmap {name}")
    _, first = request(served, "/api/v1/namespaces/default/configmaps?limit=2")
    names = [i["metadata"]["name"] for i in first["items"]]
    token = first["metadata"]["continue"]
    _, rest = request(served, f"/api/v1/namespaces/default/configmaps?limit=2&continue={token}")
    assert names + [i["metadata"]["name"] for i in rest["items"]] == ["a", "b", "c", "kube-root-ca.crt"]
    assert "continue" not in rest["metadata"]


def test_the_official_client_lists_creates_and_watches(cluster, served):
    kubernetes = pytest.importorskip("kubernetes")
    client = kubernetes.config.new_client_from_config(config_file=served.kubeconfig)
    core, apps = kubernetes.client.CoreV1Api(client), kubernetes.client.AppsV1Api(client)
    apps.create_namespaced_deployment("default", {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}})
    pods = core.list_namespaced_pod("default", label_selector="app=web")
    assert len(pods.items) == 2 and cluster.api.get("Deployment", "web", "default").spec.replicas == 2
    apps.patch_namespaced_deployment_scale("web", "default", {"spec": {"replicas": 3}})
    watch = kubernetes.watch.Watch()
    seen = [(e["type"], e["object"].metadata.name)
            for e in watch.stream(apps.list_namespaced_deployment, "default", timeout_seconds=1)]
    assert seen == [("ADDED", "web")]
    with pytest.raises(kubernetes.client.ApiException) as e:
        core.read_namespaced_pod("nope", "default")
    assert e.value.status == 404


def test_a_watch_replays_writes_after_its_resource_version(cluster, served):
    _, listed = request(served, "/api/v1/namespaces/default/configmaps")
    cluster.kubectl("create configmap one")
    cluster.kubectl("label configmap one tier=x")
    cluster.kubectl("delete configmap one")
    rv = listed["metadata"]["resourceVersion"]
    events = watch_events(served, f"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}"
                                  "&timeoutSeconds=1")
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "one"), ("MODIFIED", "one"), ("DELETED", "one")]


def test_a_watch_from_a_compacted_resource_version_is_gone(cluster, served):
    rv = cluster.api.resource_version
    cluster.kubectl("create configmap one")
    cluster.advance(3700)
    cluster.kubectl("create configmap two")  # a write after the horizon compacts the history
    assert cluster.api.compacted > rv
    events = watch_events(served, f"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={rv}"
                                  "&timeoutSeconds=1")
    assert events == [{"type": "ERROR", "object": {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": f"too old resource version: {rv} ({cluster.api.compacted})", "reason": "Expired", "code": 410}}]


def test_a_selector_turns_leaving_the_selection_into_deleted(cluster, served):
    cluster.kubectl("create configmap one")
    cluster.kubectl("label configmap one tier=x")
    rv = cluster.api.resource_version
    cluster.kubectl("label configmap one tier-")
    events = watch_events(served, f"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={rv}"
                                  "&labelSelector=tier%3Dx&timeoutSeconds=1")
    assert [e["type"] for e in events] == ["DELETED"]


def test_a_patch_that_changes_nothing_keeps_the_resource_version(cluster, served):
    cluster.kubectl("create configmap one --from-literal=a=b")
    before = cluster.api.get("ConfigMap", "one", "default").metadata.resource_version
    code, body = request(served, "/api/v1/namespaces/default/configmaps/one", method="PATCH",
                         body=b'{"data":{"a":"b"}}', headers={"Content-Type": "application/merge-patch+json"})
    assert (code, body["metadata"]["resourceVersion"]) == (200, before)


def managers(obj: dict) -> list[tuple[str, str, str]]:
    return [(e["manager"], e["operation"], e.get("subresource", "")) for e in obj["metadata"]["managedFields"]]


CM = "/api/v1/namespaces/default/configmaps"


def test_writes_record_the_field_manager_named_else_the_user_agents_product(served):
    code, body = request(served, CM + "?fieldManager=tool", method="POST", body=b'{"metadata":{"name":"one"},'
                         b'"data":{"a":"a"}}', headers={"Content-Type": "application/json"})
    assert (code, managers(body)) == (201, [("tool", "Update", "")])
    code, body = request(served, CM + "/one", method="PATCH", body=b'{"data":{"b":"b"}}',
                         headers={"Content-Type": "application/merge-patch+json", "User-Agent": "kubectl/v1.32.5 (x)"})
    assert (code, managers(body)) == (200, [("kubectl", "Update", ""), ("tool", "Update", "")])


def test_scale_writes_as_the_scale_subresource(cluster, served):
    cluster.kubectl("create deployment web --image=nginx")
    code, _ = request(served, "/apis/apps/v1/namespaces/default/deployments/web/scale", method="PATCH",
                      body=b'{"spec":{"replicas":2}}', headers={"Content-Type": "application/merge-patch+json",
                                                                "User-Agent": "kubectl/v1.32.5"})
    assert code == 200
    assert ("kubectl", "Update", "scale") in managers(cluster.api.get("Deployment", "web", "default").to_wire())


def test_an_apply_patch_is_server_side_apply_with_conflicts_as_409(served):
    apply = {"Content-Type": "application/apply-patch+yaml"}
    code, body = request(served, CM + "/one?fieldManager=a", method="PATCH", body=b"data: {k: one}\n", headers=apply)
    assert (code, body["data"], managers(body)) == (201, {"k": "one"}, [("a", "Apply", "")])
    code, body = request(served, CM + "/one?fieldManager=b", method="PATCH", body=b"data: {k: two}\n", headers=apply)
    assert (code, body["reason"], body["message"]) == (
        409, "Conflict", 'Apply failed with 1 conflict: conflict with "a": .data.k')
    code, body = request(served, CM + "/one?fieldManager=b&force=true", method="PATCH", body=b"data: {k: two}\n",
                         headers=apply)
    assert (code, body["data"], managers(body)) == (200, {"k": "two"}, [("b", "Apply", "")])


def test_strategic_merge_merges_containers_by_name_and_orders_them():
    live = {"spec": {"containers": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y:1"}]}}
    p = {"spec": {"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}],
                  "containers": [{"name": "a", "image": "x:2"}]}}
    assert patches.strategic_merge(live, p, "Pod") == {"spec": {"containers": [{"name": "b", "image": "y:1"},
                                                                        {"name": "a", "image": "x:2"}]}}
    assert patches.strategic_merge(live, {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}}, "Pod") == {
        "spec": {"containers": [{"name": "b", "image": "y:1"}]}}


def test_json_patch_and_merge_patch():
    doc = {"metadata": {"labels": {"a": "1"}}, "spec": {"replicas": 1}}
    assert patches.json_patch(doc, [{"op": "replace", "path": "/spec/replicas", "value": 3},
                                  {"op": "add", "path": "/metadata/labels/b", "value": "2"}]) == {
        "metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"replicas": 3}}
    assert patches.merge_patch(doc, {"metadata": {"labels": {"a": None}}}) == {"metadata": {}, "spec": {"replicas": 1}}


def test_protobuf_bodies_decode_to_the_json_kubectl_131_sends():
    def field(number: int, payload: bytes) -> bytes:
        return bytes([number << 3 | 2, len(payload)]) + payload

    entry = field(1, b"app") + field(2, b"web")
    meta = field(1, b"web") + field(11, entry)
    body = protobuf.MAGIC + field(1, field(1, b"v1") + field(2, b"ConfigMap")) + field(2, field(1, meta)
                                                                                          + field(2, entry))
    assert protobuf.decode(body) == {"apiVersion": "v1", "kind": "ConfigMap",
                                     "metadata": {"name": "web", "labels": {"app": "web"}}, "data": {"app": "web"}}
    with pytest.raises(protobuf.Unsupported):
        protobuf.decode(b"{}")


def test_wall_clock_mode_moves_virtual_time(cluster):
    import threading

    handle = cluster.serve(clock="wall", speed=100)
    try:
        start = cluster.now
        threading.Event().wait(0.3)  # real time passing is the point of this mode
        assert cluster.now > start
    finally:
        handle.stop()
    stopped = cluster.now
    threading.Event().wait(0.15)
    assert cluster.now == stopped


def test_a_served_cluster_saves_and_loads(cluster, served, tmp_path):
    cluster.save(tmp_path / "c.kc")
    loaded = kubecourse.Cluster.load(tmp_path / "c.kc")
    assert loaded.served is None and loaded.kubectl("get ns default").returncode == 0


def test_cluster_serve_magic_serves_the_session_cluster(capsys):
    from kubecourse.jupyter.magics import KubeMagics

    magics = KubeMagics(None)  # no shell needed: %cluster only prints
    kubecourse.reset_session()
    magics.cluster("serve frozen")
    handle = kubecourse.session().served
    try:
        assert capsys.readouterr().out == (f"serving the Kubernetes API at {handle.url} (clock: frozen)\n"
                                           f"in a terminal: export KUBECONFIG={handle.kubeconfig}; kubectl get pods\n")
        assert request(handle, "/api/v1/namespaces/default")[1]["metadata"]["name"] == "default"
    finally:
        magics.cluster("serve stop")
    assert not handle.running and kubecourse.session().served is None
    assert capsys.readouterr().out == "stopped serving\n"


def test_subresources_are_listed_from_the_table_and_those_not_served_are_refused(served):
    resources = {r["name"]: r for r in request(served, "/api/v1")[1]["resources"]}
    assert sorted(name for name in resources if name.startswith("pods/")) == [
        "pods/attach", "pods/binding", "pods/ephemeralcontainers", "pods/eviction", "pods/exec", "pods/log",
        "pods/portforward", "pods/proxy", "pods/status"]
    assert resources["pods/eviction"] == {"name": "pods/eviction", "singularName": "", "namespaced": True,
                                          "group": "policy", "version": "v1", "kind": "Eviction", "verbs": ["create"]}
    assert resources["services/proxy"]["verbs"] == ["create", "delete", "get", "patch", "update"]
    code, body = request(served, "/api/v1/namespaces/default/pods/web/attach")
    assert (code, body["message"]) == (400, "kubecourse does not serve pods/attach (the streams of attach and "
                                            "port-forward); use kubectl exec or the pod's proxy subresource")
    assert request(served, "/api/v1/namespaces/default/pods/web/widgets")[0] == 404
