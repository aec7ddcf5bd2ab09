"""kubectl exec through the served API: the WebSocket channel protocol (v5 and v4), the same
container shell as %kubectl exec, exit codes on the error channel, errors before the
upgrade, stdin, virtual time, and kubectl's retired `exec POD CMD` syntax."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from support.runtimefixtures import apply, pod
from support.servefixtures import needs_kubectl, ours, real_kubectl, tls_context

from kubecourse.serve import pods, websocket

WEB = pod("web", "nginx:1.27", container="    ports: [{containerPort: 80}]\n", extra="  labels: {app: web}\n")
SVC = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"


@pytest.fixture
def served(cluster):
    apply(cluster, WEB)
    apply(cluster, SVC)
    apply(cluster, pod("slow", "busybox", container="    command: [sleep, '3600']\n", node="kind-worker2"))
    cluster.advance(30)
    handle = cluster.serve(clock="frozen")
    yield handle
    handle.stop()


@needs_kubectl
@pytest.mark.parametrize("line", [
    "exec web -- cat /etc/hostname",
    "exec web -- curl -s http://web",
    "exec web -- sh -c 'echo out; echo err >&2; exit 3'",
    "exec web -- ls /nope",
    "exec web -c nope -- ls",
    "exec nope -- ls",
    "exec slow -- sh -c 'cd /tmp && pwd; exit 0'",
])
def test_real_kubectl_prints_what_our_exec_prints(cluster, served, tmp_path, line):
    assert real_kubectl(served, line, tmp_path) == ours(cluster, line)


@needs_kubectl
def test_exit_codes_come_back_through_the_error_channel(cluster, served, tmp_path):
    assert real_kubectl(served, "exec web -- sh -c 'exit 42'", tmp_path) == (
        "", "command terminated with exit code 42\n", 42)
    assert real_kubectl(served, "exec web -- true", tmp_path) == ("", "", 0)


@needs_kubectl
def test_a_command_not_in_the_image_is_containerds_error_wrapped_twice(served, tmp_path):
    out, err, code = real_kubectl(served, "exec web -- frobnicate", tmp_path)
    assert (out, code) == ("", 1)
    assert err.startswith("error: Internal error occurred: Internal error occurred: error executing command in "
                          'container: failed to exec in container: failed to start exec "')
    assert err.endswith('exec: "frobnicate": executable file not found in $PATH: unknown\n')


@needs_kubectl
def test_stdin_reaches_the_command(served, tmp_path):
    assert real_kubectl(served, "exec -i web -- wc -l", tmp_path, stdin="a\nb\nc\n") == ("3\n", "", 0)


@needs_kubectl
def test_a_sleep_moves_a_frozen_clusters_clock_as_our_exec_does(cluster, served, tmp_path):
    start = cluster.now
    assert real_kubectl(served, "exec web -- sh -c 'sleep 7; echo done'", tmp_path) == ("done\n", "", 0)
    assert (cluster.now - start).total_seconds() == 7


@needs_kubectl
def test_a_container_that_is_not_running_fails_the_upgrade(cluster, served, tmp_path):
    apply(cluster, pod("late", "nginx:1.27"))
    assert real_kubectl(served, "exec late -- ls", tmp_path) == (
        "", 'error: unable to upgrade connection: container not found ("late")\n', 1)


@needs_kubectl
def test_the_retired_syntax_gets_kubectls_error_and_then_our_hint(cluster, served, tmp_path):
    real = real_kubectl(served, "exec web ls /", tmp_path)
    assert real == ("", "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
                        "See 'kubectl exec -h' for help and examples\n", 1)
    out, err, code = ours(cluster, "exec web ls /")
    assert (out, code) == ("", 1)
    assert err == real[1] + ("kubecourse hint: kubectl takes the command after `--` now (the book's `kubectl exec "
                             "web ls /` predates that); run `kubectl exec web -- ls /`.\n")


def test_the_python_client_streams_exec(cluster, served):
    kubernetes = pytest.importorskip("kubernetes")
    from kubernetes.stream import stream

    client = kubernetes.config.new_client_from_config(config_file=served.kubeconfig)
    core = kubernetes.client.CoreV1Api(client)
    out = stream(core.connect_get_namespaced_pod_exec, "web", "default", command=["sh", "-c", "echo hi; echo x >&2"],
                 stderr=True, stdin=False, stdout=True, tty=False)
    assert out == "hi\nx\n"
    resp = stream(core.connect_get_namespaced_pod_exec, "web", "default", command=["sh", "-c", "exit 5"],
                  stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
    resp.run_forever(timeout=5)
    assert resp.returncode == 5


def test_an_spdy_request_is_refused_with_a_clear_error(served):
    request = urllib.request.Request(served.url + "/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true",
                                     method="POST", headers={"Authorization": f"Bearer {served.token}",
                                                             "Upgrade": "SPDY/3.1", "Connection": "Upgrade"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(request, context=tls_context(served), timeout=10)
    body = json.loads(e.value.read())
    assert (e.value.code, body["reason"]) == (400, "BadRequest")
    assert body["message"] == pods.SPDY_ONLY


def test_the_handshake_answers_with_the_rfc_accept_key_and_the_best_protocol():
    assert websocket.accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="  # RFC 6455 §1.3
    headers = {"sec-websocket-protocol": "v4.channel.k8s.io, v5.channel.k8s.io"}
    assert websocket.choose_protocol(headers) == "v5.channel.k8s.io"
    assert websocket.choose_protocol({"sec-websocket-protocol": "channel.k8s.io"}) is None
