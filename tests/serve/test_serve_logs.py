"""pods/log through the served API: the same kubelet read as %kubectl logs (containers,
--previous, --tail, --since, --timestamps, --limit-bytes), the API server's errors, and
follow as a chunked stream that ends with the run, the request's timeout, or the server."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request

import pytest
from support.runtimefixtures import apply, pod
from support.servefixtures import needs_kubectl, ours, real_kubectl, tls_context

TWO = """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  nodeName: kind-worker
  containers:
  - {name: crash, image: busybox, command: [sh, -c, 'echo run; echo oops >&2; sleep 5; exit 2']}
  - {name: tick, image: busybox, command: [sh, -c, 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 2; done']}
"""
LOG = "/api/v1/namespaces/default/pods/{}/log"


@pytest.fixture
def served(cluster):
    apply(cluster, TWO)
    cluster.advance(40)
    handle = cluster.serve(clock="frozen")
    yield handle
    handle.stop()


def get(served, path: str) -> tuple[int, str]:
    request = urllib.request.Request(served.url + path, headers={"Authorization": f"Bearer {served.token}"})
    try:
        with urllib.request.urlopen(request, context=tls_context(served), timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@needs_kubectl
@pytest.mark.parametrize("line", [
    "logs two",
    "logs two -c tick --tail=3",
    "logs two tick --timestamps --tail=2",
    "logs two -c tick --since=5s",
    "logs two -c tick --limit-bytes=10",
    "logs two -c crash --previous",
    "logs two -c crash -p --timestamps",
    "logs two -c tick -p",
    "logs two -c nope",
    "logs nope",
])
def test_real_kubectl_prints_what_our_logs_prints(cluster, served, tmp_path, line):
    assert real_kubectl(served, line, tmp_path) == ours(cluster, line)


def test_the_log_has_nine_fraction_digits_and_both_streams(served):
    code, text = get(served, LOG.format("two") + "?container=crash&previous=true&timestamps=true")
    assert code == 200
    stamps = [line.split(" ", 1)[0] for line in text.splitlines()]
    assert [line.split(" ", 1)[1] for line in text.splitlines()] == ["run", "oops"]
    assert all(len(s) == len("2025-01-01T00:00:00.000000000Z") and s.endswith("Z") for s in stamps)


def test_the_api_servers_errors(cluster, served):
    code, body = get(served, LOG.format("two"))
    assert (code, json.loads(body)["message"]) == (
        400, "a container name must be specified for pod two, choose one of: [crash tick]")
    code, body = get(served, LOG.format("two") + "?container=nope")
    assert (code, json.loads(body)["message"]) == (400, "container nope is not valid for pod two")
    apply(cluster, pod("waiting", "nginx:1.27"))
    code, body = get(served, LOG.format("waiting"))
    assert (code, json.loads(body)["message"]) == (
        400, 'container "waiting" in pod "waiting" is waiting to start: ContainerCreating')
    apply(cluster, pod("unscheduled", "nginx:1.27", node=None, spec="  nodeSelector: {disk: none}\n"))
    assert get(served, LOG.format("unscheduled")) == (200, "")


def follow(served, path: str) -> tuple[http.client.HTTPResponse, http.client.HTTPSConnection]:
    host, port = served.url.removeprefix("https://").split(":")
    conn = http.client.HTTPSConnection(host, int(port), context=tls_context(served), timeout=10)
    conn.request("GET", path, headers={"Authorization": f"Bearer {served.token}"})
    return conn.getresponse(), conn


def test_follow_streams_new_lines_until_the_run_ends(cluster, served):
    cluster.advance(15)  # the crashing container has restarted: follow its current run
    current = cluster.kubectl("logs two -c crash").stdout
    response, conn = follow(served, LOG.format("two") + "?container=crash&follow=true")
    try:
        assert response.getheader("Transfer-Encoding") == "chunked"
        assert response.readline().decode() == current.splitlines(keepends=True)[0]
        cluster.advance(10)  # the run exits: the stream ends
        assert response.read().decode() == "".join(current.splitlines(keepends=True)[1:])
    finally:
        conn.close()


def test_follow_sees_lines_written_while_it_waits(cluster, served):
    response, conn = follow(served, LOG.format("two") + "?container=tick&follow=true&tailLines=1&timeout=2s")
    try:
        first = response.readline().decode()
        number = int(first.split()[1])
        cluster.advance(4)
        rest = response.read().decode()  # the request's timeout (real seconds) ends the stream
        assert rest == f"tick {number + 1}\ntick {number + 2}\n"
    finally:
        conn.close()


def test_stopping_the_server_ends_a_followed_log(served):
    response, conn = follow(served, LOG.format("two") + "?container=tick&follow=true&tailLines=0")
    try:
        served.stop()
        assert response.read() == b""
    finally:
        conn.close()
