"""The served API against what strangers send: the token before the body, the API server's
body limits, timeouts for idle and slow connections, threads that idle connections do not
hold, and a 400 (never a dropped connection or a traceback) for malformed requests."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import threading
import time

import pytest
from support.servefixtures import tls_context

from kubecourse.serve import connections, server

CM_PATH = "/api/v1/namespaces/default/configmaps"


@pytest.fixture
def served(cluster):
    handle = cluster.serve(clock="frozen")
    yield handle
    handle.stop()


def tls(served) -> ssl.SSLSocket:
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=10)
    return tls_context(served).wrap_socket(sock, server_hostname="127.0.0.1")


def exchange(served, head: str, body: bytes = b"") -> bytes:
    """Send a raw request; everything the server answers until it closes the connection."""
    with tls(served) as conn:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    return received


def call(served, method: str, path: str, body: bytes | None = None, token: str | None = None,
         content_type: str = "application/json") -> tuple[int, dict]:
    conn = http.client.HTTPSConnection("127.0.0.1", served.port, context=tls_context(served), timeout=10)
    conn.request(method, path, body=body, headers={"Authorization": f"Bearer {token or served.token}",
                                                   "Content-Type": content_type})
    response = conn.getresponse()
    code, text = response.status, response.read()
    conn.close()
    return code, json.loads(text)


def status(code: int, reason: str, message: str) -> dict:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
            "reason": reason, "code": code}


def test_the_token_is_checked_before_the_body_is_read(served):
    start = time.monotonic()
    answer = exchange(served, f"POST {CM_PATH} HTTP/1.1\nHost: x\nContent-Length: 99999999999\n"
                              "Authorization: Bearer wrong\n")
    assert answer.startswith(b"HTTP/1.1 401 Unauthorized\r\n") and b"Connection: close\r\n" in answer
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1]) == status(401, "Unauthorized", "Unauthorized")
    assert time.monotonic() - start < 5


def test_a_body_over_3_mib_is_refused_unread_as_the_api_server_refuses_it(served):
    answer = exchange(served, f"POST {CM_PATH} HTTP/1.1\nHost: x\nContent-Length: {3 * 1024 * 1024 + 1}\n"
                              f"Authorization: Bearer {served.token}\n")
    assert answer.startswith(b"HTTP/1.1 413 Request Entity Too Large\r\n")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1]) == status(
        413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728")


def test_a_chunked_body_counts_against_the_same_limit(served):
    chunk = b"x" * (1024 * 1024)
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(4)) + b"0\r\n\r\n"
    answer = exchange(served, f"POST {CM_PATH} HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n"
                              f"Authorization: Bearer {served.token}\n", body)
    assert answer.startswith(b"HTTP/1.1 413 ")
    ok = b'{"metadata": {"name": "chunked"}}'
    answer = exchange(served, f"POST {CM_PATH} HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\nConnection: close\n"
                              f"Authorization: Bearer {served.token}\n", b"%x\r\n%s\r\n0\r\n\r\n" % (len(ok), ok))
    assert answer.startswith(b"HTTP/1.1 201 ")


@pytest.mark.parametrize("length", ["abc", "-1", "1, 2"])
def test_a_content_length_that_is_not_a_length_gets_net_https_400(served, length):
    answer = exchange(served, f"POST {CM_PATH} HTTP/1.1\nHost: x\nContent-Length: {length}\n"
                              f"Authorization: Bearer {served.token}\n")
    assert answer == (b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      b"Connection: close\r\n\r\n400 Bad Request")


@pytest.mark.parametrize(("query", "value"), [
    ("limit=abc", "abc"), ("limit=1.5", "1.5"), ("watch=true&timeoutSeconds=abc", "abc"),
    ("watch=true&timeoutSeconds=99999999999999999999", "99999999999999999999"),
])
def test_a_parameter_that_is_not_an_integer_gets_strconvs_text(served, query, value):
    error = "value out of range" if value.isdigit() else "invalid syntax"
    assert call(served, "GET", f"{CM_PATH}?{query}") == (
        400, status(400, "BadRequest", f'strconv.ParseInt: parsing "{value}": {error}'))


def test_a_grace_period_that_is_not_an_integer_gets_strconvs_text(served):
    assert call(served, "DELETE", f"{CM_PATH}/kube-root-ca.crt?gracePeriodSeconds=soon") == (
        400, status(400, "BadRequest", 'strconv.ParseInt: parsing "soon": invalid syntax'))


def test_a_json_array_body_is_not_an_object(served):
    code, body = call(served, "POST", CM_PATH, b"[1,2]")
    assert (code, body["message"]) == (400, (
        "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse "
        'error: json: cannot unmarshal array into Go value of type struct { APIVersion string '
        '"json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b312c325d)'))


def test_very_deep_json_is_refused_with_a_status(served, capfd):
    deep = b"[" * 100_000 + b"]" * 100_000
    code, body = call(served, "POST", CM_PATH, deep)
    assert (code, body["message"]) == (400, (
        "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse "
        f"error: exceeded max depth ({'5b' * 30} ...)"))
    assert call(served, "PATCH", f"{CM_PATH}/kube-root-ca.crt", deep, content_type="application/merge-patch+json") \
        == (400, status(400, "BadRequest", "the body of the request could not be decoded: exceeded max depth"))
    assert capfd.readouterr().err == ""


def test_config_maps_and_secrets_over_1_mib_are_invalid(served):
    big = json.dumps({"metadata": {"name": "big"}, "data": {"a": "x" * (1024 * 1024 + 1)}}).encode()
    code, body = call(served, "POST", CM_PATH, big)
    assert (code, body["message"], body["details"]["causes"]) == (422, (
        'ConfigMap "big" is invalid: []: Too long: must have at most 1048576 bytes'), [
        {"reason": "FieldValueTooLong", "message": "Too long: must have at most 1048576 bytes", "field": "[]"}])
    value = base64.b64encode(b"y" * (1024 * 1024 + 1)).decode()
    secret = json.dumps({"metadata": {"name": "big"}, "data": {"a": value}}).encode()
    code, body = call(served, "POST", "/api/v1/namespaces/default/secrets", secret)
    assert (code, body["message"]) == (422, 'Secret "big" is invalid: data: Too long: must have at most 1048576 bytes')
    exactly = json.dumps({"metadata": {"name": "fits"}, "data": {"a": "x" * (1024 * 1024)}}).encode()
    assert call(served, "POST", CM_PATH, exactly)[0] == 201


@pytest.mark.parametrize(("value", "at"), [("hello", 4), ("not base64!", 3), ("YW=", 3), ("YW=x", 2),
                                           ("YWJjZA==x", 8)])
def test_invalid_base64_in_a_secret_is_refused_where_go_stops_decoding(served, cluster, value, at):
    secret = json.dumps({"metadata": {"name": "s"}, "data": {"a": value}}).encode()
    message = f'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte {at}'
    assert call(served, "POST", "/api/v1/namespaces/default/secrets", secret) == (
        400, status(400, "BadRequest", message))
    r = cluster.kubectl("apply -f -", stdin=f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata: {{a: '{value}'}}\n")
    assert (r.returncode, r.stderr) == (1, f'Error from server (BadRequest): error when creating "STDIN": {message}\n')


def test_idle_connections_hold_no_threads_and_requests_still_get_through(served):
    before = threading.active_count()
    silent = [socket.create_connection(("127.0.0.1", served.port), timeout=10) for _ in range(250)]
    idle = []
    for _ in range(50):
        conn = http.client.HTTPSConnection("127.0.0.1", served.port, context=tls_context(served), timeout=10)
        conn.request("GET", "/version", headers={"Authorization": f"Bearer {served.token}"})
        conn.getresponse().read()
        idle.append(conn)  # kept alive, parked
    try:
        start = time.monotonic()
        assert call(served, "GET", "/version")[0] == 200
        assert time.monotonic() - start < 5
        assert threading.active_count() - before <= connections.MAX_WORKERS
    finally:
        for s in silent:
            s.close()
        for conn in idle:
            conn.close()


def test_idle_and_slow_connections_are_closed(served, monkeypatch):
    monkeypatch.setattr(connections, "IDLE_SECONDS", 0.3)
    monkeypatch.setattr(connections, "IO_SECONDS", 0.3)
    kept = http.client.HTTPSConnection("127.0.0.1", served.port, context=tls_context(served), timeout=5)
    kept.request("GET", "/version", headers={"Authorization": f"Bearer {served.token}"})
    assert kept.getresponse().read().startswith(b'{"major"')
    start = time.monotonic()
    assert kept.sock.recv(1) == b""  # closed once idle
    assert time.monotonic() - start < 3
    kept.close()
    with tls(served) as conn:
        conn.sendall(b"GET /version HTTP/1.1\r\nHost: x\r\n")  # and nothing more
        conn.settimeout(5)
        start = time.monotonic()
        assert conn.recv(65536) in (b"", b"HTTP/1.1 408 Request Timeout\r\n")
        assert time.monotonic() - start < 3


def test_malformed_requests_print_nothing_on_stderr(served, capfd):
    for head in ("GARBAGE\n", "GET /version HTTP/1.1\nContent-Length: x\n", f"GET {CM_PATH}?limit=x HTTP/1.1\n"):
        exchange(served, head + "Connection: close\n" + f"Authorization: Bearer {served.token}\n")
    assert capfd.readouterr().err == ""
    assert server.MAX_BODY_BYTES == 3 * 1024 * 1024
