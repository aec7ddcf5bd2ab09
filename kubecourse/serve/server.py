"""The HTTPS server on 127.0.0.1 and the handle `Cluster.serve()` returns.

One thread accepts; a bounded pool serves requests, and an idle keep-alive connection holds
no thread (kubecourse/serve/connections.py); the TLS handshake happens in the pool, not in
the accept loop. HTTP/1.1 with keep-alive; streams are chunked. Every request must carry the
bearer token (`401 Unauthorized` otherwise; kubectl sends it only over TLS, hence HTTPS),
checked before the body is read.

Time (docs/architecture.md, Time and randomness): with clock="frozen" the virtual clock
moves only when the notebook
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
import io
import socketserver
import ssl
import tempfile
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from kubecourse import realtime
from kubecourse.api.errors import StatusError
from kubecourse.serve import kubeconfig, rest, status, tls
from kubecourse.serve.backend import ClusterBackend, Hosted
from kubecourse.serve.connections import Connections


class Servable(Hosted, Protocol):
    """What `Served` takes from the cluster it serves (kubecourse.Cluster): the backend's
    parts, and re-basing its epoch to the real date for clock="wall"."""

    def rebase(self, to: datetime) -> int: ...


TICK_SECONDS = 0.1
POLL_SECONDS = 0.05  # how soon stop() is noticed by the accept loop
CLOCKS = ("frozen", "wall")
MAX_BODY_BYTES = 3 * 1024 * 1024  # the API server's MaxRequestBodyBytes (server/config.go)
MAX_CHUNK_LINE = 4096


class _Handler(BaseHTTPRequestHandler):
    """One request on a connection (kubecourse/serve/connections.py parks it in between).

    The token is checked once the headers are read and before the body is, so a stranger's
    `Content-Length: 99999999999` costs nothing; a body over MAX_BODY_BYTES is refused as
    the API server's handlers refuse it (handlers/rest.go limitedReadBody)."""

    protocol_version = "HTTP/1.1"
    rbufsize = 0  # unbuffered: between requests no bytes may hide in a buffer the selector cannot see
    server: _HTTPSServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a notebook is no place for an access log."""

    def handle(self) -> None:
        self.close_connection = True
        self.handle_one_request()

    def _authorized(self) -> bool:
        sent = self.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {self.server.token}".encode())

    def _serve(self) -> None:
        if not self._authorized():
            self.close_connection = True  # its body stays unread
            self._send(rest.json_response(status.body(status.UNAUTHORIZED), 401))
            return
        try:
            body = self._body()
        except _Refused as refused:
            self.close_connection = True
            if refused.status is None:
                self._bad_request()
            else:
                self._send(rest.error_response(refused.status))
            return
        url = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = rest.Request(self.command, url.path.rstrip("/") or "/", parse_qs(url.query), headers, body,
                           raw_path=url.path)
        try:
            response = rest.handle(self.server.backend, req)
        except Exception as e:  # a bug of ours: the client hears of it, the notebook stays quiet
            response = rest.error_response(status.internal_error(e))
        self._send(response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def _body(self) -> bytes:
        """The request body, at most MAX_BODY_BYTES: by Content-Length, or chunked."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._chunked()
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            return b""
        if len(set(lengths)) > 1 or not all(v.isascii() and v.isdigit() for v in lengths):
            raise _Refused(None)  # net/http transfer.go: bad Content-Length
        length = int(lengths[0])
        if length > MAX_BODY_BYTES:
            raise _Refused(_too_large())
        return self._read(length)

    def _read(self, n: int) -> bytes:
        parts, left = [], n
        while left:
            part = self.rfile.read(left)
            if not part:
                raise _Refused(None)  # the body ended early
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _chunked(self) -> bytes:
        parts, total = [], 0
        while True:
            line = self.rfile.readline(MAX_CHUNK_LINE)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise _Refused(None) from None
            if size == 0:
                while self.rfile.readline(MAX_CHUNK_LINE) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > MAX_BODY_BYTES:
                raise _Refused(_too_large())
            parts.append(self._read(size))
            self._read(2)  # the chunk's CRLF

    def _bad_request(self) -> None:
        """What net/http answers a request it cannot read (server.go conn.serve): plain text."""
        self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                         b"Connection: close\r\n\r\n400 Bad Request")

    def _send(self, response: rest.Response) -> None:
        if response.upgrade is not None:
            self._switch(response)
            return
        self.send_response(response.code)
        self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
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
        except OSError:  # the client went away (or stopped reading for IO_SECONDS)
            self.close_connection = True
        finally:
            response.stream.close()  # type: ignore[attr-defined]

    def _switch(self, response: rest.Response) -> None:
        """101 Switching Protocols, then the new protocol owns the connection to its end: an
        exec session may wait for input as long as its user likes."""
        self.send_response(response.code)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        self.connection.settimeout(None)
        with contextlib.suppress(OSError):
            response.upgrade(io.BufferedReader(self.rfile), self.wfile)  # type: ignore[arg-type]


class _Refused(Exception):
    """A request body not read: too large (the Status to answer), or unreadable (None: 400)."""

    def __init__(self, status: StatusError | None) -> None:
        self.status = status


def _too_large() -> StatusError:
    """apimachinery errors.NewRequestEntityTooLargeError."""
    return StatusError(413, "RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY_BYTES}")


class _HTTPSServer(socketserver.TCPServer):
    """Accepts; each connection goes to kubecourse/serve/connections.py."""

    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, backend: ClusterBackend, token: str, context: ssl.SSLContext, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.backend, self.token = backend, token
        self.connections = Connections(context, self.serve_request)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        self.connections.accept(request)

    def serve_request(self, conn: ssl.SSLSocket) -> bool:
        """One request on `conn`; whether the connection stays open for the next."""
        handler = _Handler(conn, conn.getpeername(), self)
        return not handler.close_connection

    def server_close(self) -> None:
        super().server_close()
        self.connections.close()


class Served:
    """What `Cluster.serve()` returns: where the API is, how to reach it, how to stop it."""

    def __init__(self, cluster: Servable, *, port: int = 0, clock: str = "frozen", speed: float = 1.0) -> None:
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

