"""Connections of the served API: a bounded pool of threads serves requests, and an idle
keep-alive connection holds no thread.

Go's net/http (which the API server runs on) keeps a goroutine per connection, which costs
little; a Python thread costs more, so a connection here owns a thread only while a request
on it is read and answered. Between requests it is *parked*: one selector thread watches
every parked connection and hands it back to the pool when the next request arrives, or
closes it when it has been idle for IDLE_SECONDS (the API server's http.Server IdleTimeout
is 90 s and its ReadHeaderTimeout 32 s; a notebook's server needs less). A request that is
read too slowly times out after IO_SECONDS, and the TLS handshake after the same; a new
connection is parked too until its first bytes arrive. At most
MAX_WORKERS requests are served at once (a watch holds its worker while it streams); more
wait in the pool's queue, so a flood of connections costs queue entries, never threads.
"""

from __future__ import annotations

import contextlib
import queue
import selectors
import socket
import ssl
import threading
from collections.abc import Callable

from kubecourse import realtime

MAX_WORKERS = 32
IDLE_SECONDS = 30.0  # a keep-alive connection with no request for this long is closed
IO_SECONDS = 30.0  # a request (or a TLS handshake) whose bytes stop coming for this long is dropped

Serve = Callable[[ssl.SSLSocket], bool]  # serves one request; True to keep the connection open


class Connections:
    """The pool and the parking selector; `accept(sock)` takes a new TCP connection."""

    def __init__(self, context: ssl.SSLContext, serve: Serve) -> None:
        self._context, self._serve = context, serve
        self._pool = _Pool()
        self._selector = selectors.DefaultSelector()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._selector.register(self._wake_reader, selectors.EVENT_READ)
        self._arriving: list[socket.socket] = []  # parked by workers, registered by the selector thread
        self._lock = threading.Lock()
        self._closed = False
        self._parker = threading.Thread(target=self._watch_parked, name="kubecourse-serve-idle", daemon=True)
        self._parker.start()

    def accept(self, sock: socket.socket) -> None:
        """A new connection waits parked until its first bytes (the TLS ClientHello) arrive."""
        self._park(sock)

    def close(self) -> None:
        """Stop: parked connections are closed; requests being served finish on their own."""
        with self._lock:
            self._closed = True
        self._wake_writer.send(b"x")
        self._parker.join(timeout=5)
        self._pool.close()

    def _handshake(self, sock: socket.socket) -> None:
        sock.settimeout(IO_SECONDS)
        try:
            conn = self._context.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError):
            sock.close()
            return
        self._request(conn)

    def _request(self, conn: ssl.SSLSocket) -> None:
        try:
            keep = self._serve(conn)
        except Exception:  # a connection that broke mid-request (or a bug): drop it quietly
            keep = False
        if keep:
            self._park(conn)
        else:
            _close(conn)

    def _park(self, conn: socket.socket) -> None:
        if isinstance(conn, ssl.SSLSocket) and conn.pending():  # the next request is decrypted already
            self._pool.submit(self._request, conn)
            return
        with self._lock:
            if self._closed:
                _close(conn)
                return
            self._arriving.append(conn)
        with contextlib.suppress(OSError):  # the selector thread has just stopped
            self._wake_writer.send(b"x")

    def _watch_parked(self) -> None:
        idle_since: dict[socket.socket, float] = {}
        while True:
            with self._lock:
                arriving, self._arriving = self._arriving, []
                closed = self._closed
            if closed:
                break
            now = realtime.monotonic()
            for conn in arriving:
                self._selector.register(conn, selectors.EVENT_READ)
                idle_since[conn] = now
            for key, _ in self._selector.select(timeout=_next_expiry(idle_since, now)):
                if key.fileobj is self._wake_reader:
                    with contextlib.suppress(BlockingIOError):
                        self._wake_reader.recv(4096)
                    continue
                conn = key.fileobj  # type: ignore[assignment]
                self._selector.unregister(conn)
                del idle_since[conn]
                self._pool.submit(self._request if isinstance(conn, ssl.SSLSocket) else self._handshake, conn)
            now = realtime.monotonic()
            for conn in [c for c, since in idle_since.items() if now - since >= IDLE_SECONDS]:
                self._selector.unregister(conn)
                del idle_since[conn]
                _close(conn)
        for conn in idle_since:
            _close(conn)
        self._selector.close()
        self._wake_reader.close()
        self._wake_writer.close()


class _Pool:
    """At most MAX_WORKERS daemon threads serving queued jobs (daemons, unlike
    concurrent.futures' workers: a kernel may exit while a watch still streams). A job goes to
    an idle worker, else to a new one while there is room, else waits for one to finish."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[..., None], tuple[object, ...]] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = self._idle = self._waiting = 0

    def submit(self, fn: Callable[..., None], *args: object) -> None:
        with self._lock:
            if self._idle:
                self._idle -= 1
            elif self._threads < MAX_WORKERS:
                self._threads += 1
                threading.Thread(target=self._work, name="kubecourse-serve", daemon=True).start()
            else:
                self._waiting += 1
        self._jobs.put((fn, args))

    def close(self) -> None:
        """Workers end once their job is done."""
        with self._lock:
            threads = self._threads
        for _ in range(threads):
            self._jobs.put(None)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, args = job
            with contextlib.suppress(Exception):  # a connection that broke in an odd way: it is dropped, quietly
                fn(*args)
            with self._lock:
                if self._waiting:
                    self._waiting -= 1
                else:
                    self._idle += 1


def _next_expiry(idle_since: dict[socket.socket, float], now: float) -> float | None:
    if not idle_since:
        return None
    return max(0.0, min(idle_since.values()) + IDLE_SECONDS - now)


def _close(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.close()
