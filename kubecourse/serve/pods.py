"""The connect subresources: `pods/log`, `pods/exec`, `pods/proxy` and `services/proxy`.

Models kubernetes/kubernetes: pkg/registry/core/pod/rest/log.go and subresources.go
(ExecREST, ProxyREST), pkg/registry/core/service/proxy.go, and the API server's
WebSocket-to-SPDY translator (pkg/util/proxy/streamtranslator.go) for exec. The container
side is kubecourse.kubeletapi, the same code our kubectl runs in-process, so `kubectl logs`
and `kubectl exec` print the same bytes through either.

- log: 200 text/plain; `follow=true` is a chunked stream that polls the container's log
  (the cluster lock is held only while reading) and ends when the run ends, the request's
  `timeout` (real seconds, as kubectl's --request-timeout sends it) runs out, or the server
  stops. A frozen cluster's followed log grows only when the notebook moves time.
- exec: a WebSocket with the channel protocol. Errors the API server or kubelet finds before
  the upgrade answer the WebSocket request with a non-101, so kubectl retries over SPDY and
  prints the second answer: a Status (`Error from server (BadRequest): ...`) or the kubelet's
  plain text (`error: unable to upgrade connection: container not found ("kubia")`). A
  SPDY request with no such error gets a 400 saying exec is served over WebSocket only
  (kubectl 1.30 and later). Time: a frozen cluster advances for the command's sleeps (at
  most EXEC_CAP seconds, then a marked hint), a wall-clock one waits for its ticker.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, BinaryIO
from urllib.parse import urlencode

from kubecourse import realtime
from kubecourse.api.errors import StatusError
from kubecourse.api.models import Pod
from kubecourse.golang import duration as goduration
from kubecourse.kubeletapi import execute, logs, validate_container
from kubecourse.serve import proxy, websocket
from kubecourse.serve.backend import Backend
from kubecourse.serve.messages import TEXT, Request, Response

POLL_SECONDS = 0.05
SPDY_ONLY = ("kubecourse serves pods/exec over WebSocket only (kubectl 1.30 or later, or the Python client's "
             "stream); this kubectl speaks SPDY")


# --- log ------------------------------------------------------------------------------------


def _int(req: Request, name: str) -> int | None:
    value = req.param(name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise StatusError(400, "BadRequest", f'{name}: Invalid value: "{value}"') from None


def log_options(req: Request, now: datetime) -> logs.LogOptions:
    since = None
    if (seconds := _int(req, "sinceSeconds")) is not None:
        since = now - timedelta(seconds=seconds)
    elif req.param("sinceTime"):
        since = datetime.fromisoformat(req.param("sinceTime").replace("Z", "+00:00"))
    return logs.LogOptions(previous=req.flag("previous"), timestamps=req.flag("timestamps"),
                           tail_lines=_int(req, "tailLines"), since=since, limit_bytes=_int(req, "limitBytes"))


def get_log(backend: Backend, req: Request, namespace: str, name: str) -> Response:
    with backend.lock:
        pod = backend.get(Pod, name, namespace)
        container = validate_container(pod, req.param("container"))
        if not pod.spec.node_name:
            return Response(200, b"", TEXT)
        options = log_options(req, backend.now)
        record, instance = logs.run_of(backend.kubelet, pod, container, previous=options.previous)
        body = logs.read(instance.logs, options).encode()
        seen = len(instance.logs)
    if not req.flag("follow") or options.previous:
        return Response(200, body, TEXT)
    return Response(200, content_type=TEXT, stream=_follow(backend, req, body, record, instance, seen, options))


def _follow(backend: Backend, req: Request, first: bytes, record: Any, instance: Any, seen: int,
            options: logs.LogOptions) -> Iterator[bytes]:
    timeout = req.param("timeout")
    deadline = realtime.monotonic() + goduration.parse(timeout) if timeout else math.inf
    if first:
        yield first
    while True:
        with backend.lock:
            new = instance.logs[seen:]
            seen += len(new)
            over = logs.ended(record, instance)
        if new:
            yield logs.read(new, logs.LogOptions(timestamps=options.timestamps)).encode()
        if over or realtime.monotonic() >= deadline or backend.stopping.wait(POLL_SECONDS):
            return


# --- exec -----------------------------------------------------------------------------------


def exec_(backend: Backend, req: Request, namespace: str, name: str) -> Response:
    """The checks before the upgrade, then the command on the upgraded connection."""
    with backend.lock:
        pod = backend.get(Pod, name, namespace)
        container = validate_container(pod, req.param("container"))
        if not pod.spec.node_name:
            raise StatusError(400, "BadRequest", f"pod {name} does not have a host assigned")
        try:
            instance = execute.running_instance(backend.kubelet, pod, container)
        except execute.ContainerNotRunning as e:
            return Response(500, str(e).encode(), TEXT)
        kubelet = backend.kubelet(pod.spec.node_name)
    protocol = websocket.choose_protocol(req.headers)
    if not websocket.is_upgrade(req.headers) or protocol is None:
        raise StatusError(400, "BadRequest", SPDY_ONLY)
    argv = req.query.get("command", [])
    if not argv:
        raise StatusError(400, "BadRequest", "you must specify at least 1 command")

    def run(rfile: BinaryIO, wfile: BinaryIO) -> None:
        channels = websocket.Channels(websocket.Connection(rfile, wfile), protocol)
        stdin = channels.read_stdin().decode(errors="replace") if req.flag("stdin") else ""
        try:
            status = _run_command(backend, channels, kubelet, instance, argv, stdin, tty=req.flag("tty"))
        except websocket.Closed:
            return
        channels.finish(status)

    return Response(101, headers=websocket.handshake_headers(req.headers, protocol), upgrade=run)


def _run_command(backend: Backend, channels: websocket.Channels, kubelet: Any, instance: Any, argv: list[str],
                 stdin: str, *, tty: bool) -> dict[str, Any]:
    def write(fd: int, text: str) -> None:
        data = text.replace("\n", "\r\n") if tty else text
        channels.write(websocket.STDOUT if fd == 1 or tty else websocket.STDERR, data.encode())

    budget = math.inf if backend.wall else execute.EXEC_CAP
    with backend.lock:
        if missing := execute.missing_executable(kubelet, instance, argv):
            return execute.translated(missing).to_status()
        session = execute.ExecSession(instance, kubelet, write, backend.pass_time, budget)
        code = execute.execute(session, argv, stdin)
        backend.settle()
    if session.stopped and not backend.wall:
        write(2, execute.CAP_HINT.format(cap=execute.EXEC_CAP) + "\n")
        code = 0
    return execute.exit_status(code)


# --- proxy ----------------------------------------------------------------------------------


def proxy_(backend: Backend, req: Request, kind: str, namespace: str, id_: str, subpath: str) -> Response:
    """Forward the request to the pod or to one ready endpoint of the service. The root of
    the proxied resource without its slash redirects to it (upgradeaware.go)."""
    if not subpath and req.method in ("GET", "HEAD"):
        query = urlencode(req.query, doseq=True)
        return Response(301, b"", TEXT, headers={"Location": req.raw_path + "/" + (f"?{query}" if query else "")})
    with backend.lock:
        locate = proxy.pod_location if kind == "Pod" else proxy.service_location
        ip, port = locate(backend, namespace, id_)
        headers = tuple((k, v) for k, v in req.headers.items() if k not in ("authorization", "host"))
        query = urlencode(req.query, doseq=True)
        answer = proxy.forward(backend, namespace, ip, port, req.method, subpath, query, headers,
                               req.body.decode(errors="replace"))
    content_type = next((v for k, v in answer.headers if k.lower() == "content-type"), TEXT)
    return Response(answer.status, answer.body.encode(), content_type)
