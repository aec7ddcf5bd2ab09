"""The WebSocket framing (RFC 6455) and Kubernetes' channel protocol on top of it, the server
side of what kubectl 1.30+ uses for exec
(staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go createExecutor: the WebSocket executor first,
SPDY as the fallback).

Models kubernetes/kubernetes: staging/src/k8s.io/apimachinery/pkg/util/httpstream/wsstream
(conn.go: subprotocols `v5.channel.k8s.io` and `v4.channel.k8s.io`, binary frames whose first
byte is the channel: 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status, then the end),
4 resize; v5 adds 255 `close`: `[255, 0]` from the client means its stdin ended).
What kubectl checks: the 101 answer must carry `Sec-WebSocket-Accept` computed with the
RFC's GUID and echo the chosen subprotocol, or it falls back to SPDY without a word.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import struct
from typing import Any, BinaryIO

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
NORMAL_CLOSURE = 1000


def is_upgrade(headers: dict[str, str]) -> bool:
    return headers.get("upgrade", "").lower() == "websocket" and "upgrade" in headers.get("connection", "").lower()


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def choose_protocol(headers: dict[str, str]) -> str | None:
    """The best channel protocol the client offers, or None."""
    offered = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",")]
    return next((p for p in PROTOCOLS if p in offered), None)


def handshake_headers(headers: dict[str, str], protocol: str) -> dict[str, str]:
    return {"Upgrade": "websocket", "Connection": "Upgrade",
            "Sec-WebSocket-Accept": accept_key(headers.get("sec-websocket-key", "")),
            "Sec-WebSocket-Protocol": protocol}


class Closed(Exception):
    """The client closed the connection (or it broke)."""


class Connection:
    """Frames over a connection's streams. The server never masks; clients always do."""

    def __init__(self, rfile: BinaryIO, wfile: BinaryIO) -> None:
        self.rfile, self.wfile = rfile, wfile

    def send(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 1 << 16:
            head = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        try:
            self.wfile.write(head + payload)
            self.wfile.flush()
        except OSError as e:
            raise Closed() from e

    def _read(self, n: int) -> bytes:
        try:
            data = self.rfile.read(n) if n else b""
        except OSError as e:
            raise Closed() from e
        if len(data) < n:
            raise Closed()
        return data

    def _frame(self) -> tuple[bool, int, bytes]:
        first, second = self._read(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read(8))
        mask = self._read(4) if second & 0x80 else b""
        payload = self._read(length)
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return bool(first & 0x80), first & 0x0F, payload

    def receive(self) -> bytes:
        """The next data message; answers pings; raises Closed on a close frame."""
        message, opcode = b"", None
        while True:
            fin, op, payload = self._frame()
            if op == OP_PING:
                self.send(OP_PONG, payload)
                continue
            if op == OP_PONG:
                continue
            if op == OP_CLOSE:
                raise Closed()
            opcode = op if op != OP_CONTINUATION else opcode
            message += payload
            if fin:
                return message

    def close(self, code: int = NORMAL_CLOSURE) -> None:
        with contextlib.suppress(Closed):
            self.send(OP_CLOSE, struct.pack("!H", code))


class Channels:
    """The channel protocol over one connection."""

    def __init__(self, conn: Connection, protocol: str) -> None:
        self.conn, self.protocol = conn, protocol

    def write(self, channel: int, data: bytes) -> None:
        self.conn.send(OP_BINARY, bytes([channel]) + data)

    def read_stdin(self) -> bytes:
        """Everything the client sends on stdin until it closes stdin (v5) or the socket."""
        data = b""
        while True:
            try:
                message = self.conn.receive()
            except Closed:
                return data
            if not message:
                continue
            if message[0] == STDIN:
                data += message[1:]
            elif message[0] == CLOSE and message[1:2] == bytes([STDIN]):
                return data

    def finish(self, status: dict[str, Any]) -> None:
        """The error channel's Status, then a normal close."""
        self.write(ERROR, json.dumps(status, separators=(",", ":")).encode())
        self.conn.close()
