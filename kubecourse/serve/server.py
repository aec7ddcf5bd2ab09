"""The HTTPS server on 127.0.0.1 and the handle `Cluster.serve()` returns.

One thread accepts; each connection gets its own thread (a watch holds its thread for as
long as it lives), and the TLS handshake happens there, not in the accept loop. HTTP/1.1
with keep-alive; streams are chunked. Every request must carry the bearer token
(`401 Unauthorized` otherwise; kubectl sends it only over TLS, hence HTTPS).

Time (DESIGN.md, Time): with clock="frozen" the virtual clock moves only when the notebook
moves it. With clock="wall" a ticker thread, the only thread that advances time while
serving, moves it by the real time elapsed x speed, under the same lock as every request,
so clients that only watch see pods start and rollouts progress. Serving with the wall clock
first re-bases the cluster's epoch to the real date (kubecourse/rebase.py), so that the ages
kubectl computes on its side from timestamps (describe's Events) are sensible; a frozen
server keeps the cluster's own dates, so it stays deterministic.
"""

from __future__ import annotations

import contextlib
import hmac
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from kubecourse import realtime
from kubecourse.serve import kubeconfig, rest, status, tls
from kubecourse.serve.backend import ClusterBackend

if TYPE_CHECKING:
    from kubecourse.cluster import Cluster

TICK_SECONDS = 0.1
POLL_SECONDS = 0.05  # how soon stop() is noticed by the accept loop
CLOCKS = ("frozen", "wall")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPSServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a notebook is no place for an access log."""

    def _request(self) -> rest.Request:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        return rest.Request(self.command, url.path.rstrip("/") or "/", parse_qs(url.query), headers, body,
                            raw_path=url.path)

    def _authorized(self) -> bool:
        sent = self.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {self.server.token}".encode())

    def _serve(self) -> None:
        req = self._request()
        if not self._authorized():
            response = rest.json_response(status.body(status.UNAUTHORIZED), 401)
        else:
            response = rest.handle(self.server.backend, req)
        self._send(response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def _send(self, response: rest.Response) -> None:
        if response.upgrade is not None:
            self._switch(response)
            return
        self.send_response(response.code)
        self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.stream is None:
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        try:
            for chunk in response.stream:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True
        finally:
            response.stream.close()  # type: ignore[attr-defined]


    def _switch(self, response: rest.Response) -> None:
        """101 Switching Protocols, then the new protocol owns the connection to its end."""
        self.send_response(response.code)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
            response.upgrade(self.rfile, self.wfile)


class _HTTPSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, backend: ClusterBackend, token: str, context: ssl.SSLContext, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.backend, self.token, self.context = backend, token, context

    def finish_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """The TLS handshake in the connection's own thread."""
        try:
            conn = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        super().finish_request(conn, client_address)


class Served:
    """What `Cluster.serve()` returns: where the API is, how to reach it, how to stop it."""

    def __init__(self, cluster: Cluster, *, port: int = 0, clock: str = "frozen", speed: float = 1.0) -> None:
        if clock not in CLOCKS:
            raise ValueError(f'clock must be one of {", ".join(CLOCKS)}, not "{clock}"')
        if speed <= 0:
            raise ValueError("speed must be greater than 0")
        self.clock, self.speed = clock, speed
        self.token = realtime.token()
        cert = tls.self_signed(realtime.utcnow())
        self._dir = tempfile.TemporaryDirectory(prefix="kubecourse-serve-")
        directory = Path(self._dir.name)
        (directory / "tls.crt").write_bytes(cert.cert_pem)
        (directory / "tls.key").write_bytes(cert.key_pem)
        (directory / "tls.key").chmod(0o600)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(directory / "tls.crt", directory / "tls.key")
        self._cluster = cluster
        if clock == "wall":
            with cluster.lock:
                cluster.rebase(realtime.utcnow())
        self._backend = ClusterBackend(cluster, wall=clock == "wall")
        self._server = _HTTPSServer(self._backend, self.token, context, port)
        self.port = self._server.server_address[1]
        self.url = f"https://127.0.0.1:{self.port}"
        self.kubeconfig = str(kubeconfig.write(directory, self.url, cert.cert_pem, self.token))
        self._threads = [threading.Thread(target=self._server.serve_forever, args=(POLL_SECONDS,),
                                          name="kubecourse-serve", daemon=True)]
        if clock == "wall":
            self._threads.append(threading.Thread(target=self._tick, name="kubecourse-wall-clock", daemon=True))
        for thread in self._threads:
            thread.start()

    def __repr__(self) -> str:
        return f"<kubecourse API at {self.url}, clock {self.clock}; kubectl --kubeconfig {self.kubeconfig}>"

    @property
    def running(self) -> bool:
        return not self._backend.stopping.is_set()

    def _tick(self) -> None:
        last = realtime.monotonic()
        while not self._backend.stopping.wait(TICK_SECONDS):
            now = realtime.monotonic()
            self._cluster.advance((now - last) * self.speed)
            last = now

    def stop(self) -> None:
        """Close the port, end open watches, remove the kubeconfig and certificate."""
        if not self.running:
            return
        self._backend.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._dir.cleanup()

