"""A request and a response as the routes see them: what the HTTP server parsed and what it
sends back (a body, a chunked stream, or a protocol upgrade)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from kubecourse.api.errors import StatusError
from kubecourse.serve import status

JSON = "application/json"
TEXT = "text/plain"
PROTOBUF = "application/vnd.kubernetes.protobuf"
MERGE_PATCH = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
STRATEGIC_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"


@dataclass
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""
    raw_path: str = ""  # the path as sent, trailing slash kept (a proxied path needs it)

    def param(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[-1] if values else default

    def int_param(self, name: str) -> int | None:
        """An integer parameter as the API server converts it into its options struct
        (runtime.Convert_Slice_string_To_int64: its first value, strconv.ParseInt), or None
        when it is absent; a bad one is a 400 with strconv's text."""
        values = self.query.get(name)
        return go_int64(values[0]) if values else None

    def flag(self, name: str) -> bool:
        return self.param(name).lower() in ("true", "1")

    @property
    def wants_table(self) -> bool:
        return "as=Table" in self.headers.get("accept", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", JSON).split(";")[0].strip()

    @property
    def dry_run(self) -> bool:
        return "All" in self.query.get("dryRun", [])


def go_int64(text: str) -> int:
    """strconv.ParseInt(text, 10, 64), its errors as a BadRequest the handlers answer with."""
    if not re.fullmatch(r"[+-]?[0-9]+", text, flags=re.ASCII):
        raise StatusError(400, "BadRequest", f'strconv.ParseInt: parsing "{text}": invalid syntax')
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise StatusError(400, "BadRequest", f'strconv.ParseInt: parsing "{text}": value out of range')
    return value


@dataclass
class Response:
    code: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    stream: Iterator[bytes] | None = None  # chunked: watches, followed logs
    upgrade: Callable[[BinaryIO, BinaryIO], None] | None = None  # 101: runs the new protocol on the connection


def json_response(data: Any, code: int = 200, **headers: str) -> Response:
    return Response(code, json.dumps(data, separators=(",", ":")).encode(), headers=dict(headers))


def error_response(err: StatusError) -> Response:
    return json_response(status.body(err), err.code)


