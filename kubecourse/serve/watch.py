"""Watch: a chunked stream of `{"type": ..., "object": ...}` lines, read from the API's history.

Models kubernetes/kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher (watch from a
resourceVersion, selector filtering, bookmarks) and endpoints/handlers/watch.go (the JSON
stream). What clients rely on (client-go tools/cache/reflector.go ListAndWatch, kubectl
pkg/cmd/get/get.go watch):
- resourceVersion "" or "0": synthetic ADDED events for what exists now, then changes (the
  Python client's watch sends no RV); any other RV replays every write after it. The history
  keeps every write, so no RV is ever "too old" and no 410 is sent.
- Selectors apply to events: an object that starts matching arrives as ADDED, one that stops
  matching as DELETED (cacher's watchCacheEvent filtering).
- `timeoutSeconds` closes the stream (the Python client only returns then); `kubectl get -w`
  sends none and exits when the stream ends, so without it the stream lives until the client
  or the server goes away.
- With the Table Accept (`get -w`) each event's object is a one-row Table.

The stream holds the cluster lock only while it copies new history entries; it polls,
because a watcher callback into a thread could not be pickled with the cluster.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from kubecourse import realtime
from kubecourse.api import errors, selectors
from kubecourse.api.kinds import Kind
from kubecourse.api.server import ADDED, DELETED, MODIFIED, WatchEvent
from kubecourse.serve import tables
from kubecourse.serve.backend import Backend

POLL_SECONDS = 0.05
BOOKMARK_SECONDS = 5.0


class Filter:
    """Namespace, label and field selectors of one watch."""

    def __init__(self, kind: Kind, namespace: str | None, labels: str, fields: str) -> None:
        self.kind, self.namespace = kind, namespace
        try:
            self.labels = selectors.parse(labels) if labels else ()
            self.fields = selectors.parse_fields(fields) if fields else []
        except selectors.SelectorError as e:
            raise errors.bad_request(str(e)) from None

    def __call__(self, obj: Any) -> bool:
        if obj is None:
            return False
        if self.namespace is not None and self.kind.namespaced and obj.metadata.namespace != self.namespace:
            return False
        if self.labels and not selectors.matches(self.labels, obj.metadata.labels):
            return False
        return not self.fields or selectors.fields_match(self.fields, self.kind.field_values(obj))


def event_type(event: WatchEvent, visible: Filter) -> str | None:
    """The type this watcher sees, or None: a change that moves an object into or out of the
    selection is an ADDED or a DELETED for it."""
    if event.type == MODIFIED:
        was, now = visible(event.old), visible(event.obj)
        return MODIFIED if was and now else ADDED if now else DELETED if was else None
    return event.type if visible(event.obj if event.type != DELETED else event.old or event.obj) else None


def stream(backend: Backend, kind: Kind, namespace: str | None, param: Callable[[str], str], *,
           as_table: bool, include: str, timeout: int = 0) -> Iterator[bytes]:
    """Check the request now (errors are HTTP errors), then return the stream; it ends after
    `timeout` seconds when that is positive."""
    rv = param("resourceVersion")
    bookmarks = param("allowWatchBookmarks") == "true"
    if rv not in ("", "0") and not rv.isdigit():
        raise errors.bad_request(f'invalid resource version: "{rv}"')

    def encode(type_: str, obj: Any, when: Any) -> bytes:
        wire = tables.table(kind, [obj], when, include=include) if as_table else obj.to_wire()
        return json.dumps({"type": type_, "object": wire}, separators=(",", ":")).encode() + b"\n"

    with backend.lock:  # listing checks the selectors as a list would: errors are HTTP errors
        current = backend.list(kind.model, namespace, label_selector=param("labelSelector"),
                               field_selector=param("fieldSelector"))
        if rv in ("", "0"):
            start, now = backend.resource_version, backend.now
            initial = [encode(ADDED, o, now) for o in current]
        elif int(rv) < backend.compacted:
            # cacher.go Watch: newErrWatcher(NewResourceExpired), one ERROR event on a 200 stream
            status = errors.expired(f"too old resource version: {rv} ({backend.compacted})").to_status()
            gone = {k: v for k, v in status.items() if k != "details"}  # NewResourceExpired sets none
            return iter([json.dumps({"type": "ERROR", "object": gone}, separators=(",", ":")).encode() + b"\n"])
        else:
            start, initial = int(rv), []
        visible = Filter(kind, namespace, param("labelSelector"), param("fieldSelector"))
        seen = min(start, backend.resource_version)  # how far the stream has read the history

    def run() -> Iterator[bytes]:
        nonlocal seen
        yield from initial
        deadline = realtime.monotonic() + timeout if timeout > 0 else None
        last_sent = realtime.monotonic()
        while not backend.stopping.is_set():
            with backend.lock:
                new = backend.history(kind.model, since=seen)
                current_rv = seen = backend.resource_version
            lines = [encode(t, e.obj, e.time) for e in new for t in [event_type(e, visible)] if t]
            yield from lines
            clock = realtime.monotonic()
            if lines:
                last_sent = clock
            elif bookmarks and clock - last_sent >= BOOKMARK_SECONDS:
                mark = {"kind": kind.kind, "apiVersion": kind.api_version,
                        "metadata": {"resourceVersion": str(current_rv)}}
                yield json.dumps({"type": "BOOKMARK", "object": mark}).encode() + b"\n"
                last_sent = clock
            if deadline is not None and clock >= deadline:
                return
            backend.stopping.wait(POLL_SECONDS)

    return run()
