"""The cluster port (kubecourse/api/port.py) over a real cluster's HTTP API.

A kubeconfig and a context, as `%cluster use` names them (kubecourse/jupyter/target.py
Remote), read through the official Kubernetes client's dynamic client, which keeps the
kubeconfig's many ways of authenticating out of kubecourse (`pip install kubecourse[remote]`).
The model classes decode what the server sends, and a refusal becomes the StatusError
client-go makes of it (kubecourse/kubectl/raw.py server_error), so a widget reads a kind
cluster exactly as it reads the simulation. A served kubecourse cluster (Cluster.serve) is
a real cluster to this port; the tests use one.

What a real cluster cannot give, and how the port says so:
- Its past. The history holds the changes this port has seen: recording a kind starts with
  the objects then present (each ADDED, at the time they were read), and each `history()`
  call then pulls the changes since, through a watch the server closes after one second
  (timeoutSeconds). Watchers are called during that pull, in order, in the caller's thread:
  the changes arrive when a reader asks for them, as the widgets do between cells.
- Its time. `now` is the real time (kubecourse/realtime.py), and `advance` raises: real time
  is not ours to move.
- An update through a subresource other than status (`subresource="scale"` takes a Scale,
  not the object): it raises.
"""

from __future__ import annotations

import builtins
import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kubecourse import realtime
from kubecourse.api import kinds, selectors
from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.api.models import KubeModel
from kubecourse.api.port import M, OnChange, kind_of
from kubecourse.api.server import ADDED, DELETED, WatchEvent
from kubecourse.kubectl.raw import server_error

__all__ = ["HTTPPort"]

PULL_SECONDS = 1  # how long the server keeps a history pull's watch open (timeoutSeconds is whole seconds)
DRY_RUN = "All"
MERGE_PATCH = "application/merge-patch+json"


@dataclass
class _Recording:
    """One kind's recorded changes: how far the watch has read, and the objects as last seen."""

    resource_version: str
    objects: dict[tuple[str, str], Any]


class HTTPPort:
    """The port over the cluster a kubeconfig context names."""

    def __init__(self, kubeconfig: str | None = None, context: str | None = None, *,
                 field_manager: str | None = None) -> None:
        try:
            from kubernetes import config, dynamic
        except ImportError:
            raise ImportError("reading a real cluster needs the official Kubernetes client: "
                              "pip install 'kubecourse[remote]'") from None
        self._client = dynamic.DynamicClient(config.new_client_from_config(config_file=kubeconfig, context=context))
        self.field_manager = field_manager
        self._resources: dict[Kind, Any] = {}
        self._recordings: dict[Kind, _Recording] = {}
        self._history: builtins.list[WatchEvent] = []
        self._watchers: builtins.list[tuple[OnChange, Kind | None]] = []
        self._rv = 0

    @property
    def now(self) -> datetime:
        return realtime.utcnow()

    @property
    def resource_version(self) -> int:
        """The highest resourceVersion this port has read."""
        return self._rv

    def advance(self, seconds: float) -> None:
        raise ValueError("a real cluster runs on real time: its clock cannot be advanced")

    # --- reads ----------------------------------------------------------------------------

    def get(self, kind: type[M], name: str, namespace: str = "") -> M:
        entry = kind_of(kind)
        return self._decode(entry, self._call(self._resource(entry).get, name=name, namespace=self._ns(entry, namespace)))

    def try_get(self, kind: type[M], name: str, namespace: str = "") -> M | None:
        try:
            return self.get(kind, name, namespace)
        except StatusError as e:
            if e.code == 404:
                return None
            raise

    def list(self, kind: type[M], namespace: str | None = None, *, label_selector: selectors.Selector | str = "",
             field_selector: str = "") -> builtins.list[M]:
        entry = kind_of(kind)
        answer = self._list(entry, namespace, label_selector, field_selector)
        return [self._decode(entry, item) for item in answer["items"]]

    def watch(self, on_change: OnChange, kind: type[KubeModel] | None = None) -> Callable[[], None]:
        """Record `kind` from now on (None: every kind this port records); `on_change` is
        called for each change a later `history()` pulls."""
        entry = kind_of(kind) if kind is not None else None
        if entry is not None:
            self._record(entry)
        watcher = (on_change, entry)
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher) if watcher in self._watchers else None

    def history(self, kind: type[KubeModel] | None = None, *, name: str | None = None,
                namespace: str | None = None, since: int = 0) -> builtins.list[WatchEvent]:
        """The changes seen, after pulling what happened since the last pull. Asking for a
        kind starts recording it; None: every kind recorded so far."""
        entry = kind_of(kind) if kind is not None else None
        if entry is not None and entry not in self._recordings:
            self._record(entry)
        for recorded in [entry] if entry is not None else builtins.list(self._recordings):
            self._pull(recorded)
        return [e for e in self._history
                if e.resource_version > since
                and (entry is None or e.kind == entry.kind)
                and (name is None or e.obj.metadata.name == name)
                and (namespace is None or (e.obj.metadata.namespace or "") == namespace)]

    # --- writes ---------------------------------------------------------------------------

    def create(self, obj: Any, *, namespace: str | None = None, dry_run: bool = False,
               field_manager: str | None = None) -> Any:
        entry, wire = self._wire(obj)
        ns = self._ns(entry, wire["metadata"].get("namespace") or namespace or "default")
        return self._decode(entry, self._call(self._resource(entry).create, body=wire, namespace=ns,
                                              **self._options(dry_run, field_manager)))

    def update(self, obj: Any, *, dry_run: bool = False, field_manager: str | None = None,
               subresource: str = "") -> Any:
        if subresource:
            raise ValueError(f"an update through the {subresource} subresource takes that subresource's "
                             "object: write it to the real cluster with kubectl")
        entry, wire = self._wire(obj)
        return self._decode(entry, self._call(self._resource(entry).replace, body=wire,
                                              namespace=self._ns(entry, wire["metadata"].get("namespace") or ""),
                                              **self._options(dry_run, field_manager)))

    def update_status(self, obj: M, *, dry_run: bool = False) -> M:
        entry, wire = self._wire(obj)
        return self._decode(entry, self._call(self._resource(entry).status.replace, body=wire,
                                              namespace=self._ns(entry, wire["metadata"].get("namespace") or ""),
                                              **self._options(dry_run, None)))

    def patch(self, kind: type[M], name: str, namespace: str, patch: dict[str, Any], *, dry_run: bool = False,
              field_manager: str | None = None) -> M:
        entry = kind_of(kind)
        return self._decode(entry, self._call(self._resource(entry).patch, body=patch, name=name,
                                              namespace=self._ns(entry, namespace), content_type=MERGE_PATCH,
                                              **self._options(dry_run, field_manager)))

    def apply(self, doc: dict[str, Any], *, field_manager: str, force: bool = False,
              dry_run: bool = False) -> KubeModel:
        entry, wire = self._wire(doc)
        ns = self._ns(entry, wire["metadata"].get("namespace") or "default")
        return self._decode(entry, self._call(self._client.server_side_apply, self._resource(entry), body=wire,
                                              namespace=ns, force_conflicts=force or None,
                                              **self._options(dry_run, field_manager)))

    def delete(self, kind: type[M], name: str, namespace: str = "", *, grace_period: int | None = None,
               propagation: str | None = None, dry_run: bool = False, uid: str | None = None) -> M:
        """The object as it stands after the call; its last state when the server answers
        with a Status (it was removed at once)."""
        before = self.get(kind, name, namespace)
        options = {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": grace_period,
                   "propagationPolicy": propagation, "dryRun": [DRY_RUN] if dry_run else None,
                   "preconditions": {"uid": uid} if uid else None}
        entry = kind_of(kind)
        answer = self._call(self._resource(entry).delete, name=name, namespace=self._ns(entry, namespace),
                            body={k: v for k, v in options.items() if v is not None})
        return before if answer.get("kind") == "Status" else self._decode(entry, answer)

    # --- the wire -------------------------------------------------------------------------

    def _resource(self, entry: Kind) -> Any:
        if entry not in self._resources:
            with _refusals():
                self._resources[entry] = self._client.resources.get(api_version=entry.api_version, kind=entry.kind)
        return self._resources[entry]

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """One request, its answer as a dict."""
        with _refusals():
            answer = method(*args, **kwargs)
        return answer.to_dict()

    def _list(self, entry: Kind, namespace: str | None, label_selector: selectors.Selector | str,
              field_selector: str) -> dict[str, Any]:
        labels = label_selector if isinstance(label_selector, str) else selectors.format_selector(label_selector)
        answer = self._call(self._resource(entry).get, namespace=self._ns(entry, namespace),
                            label_selector=labels or None, field_selector=field_selector or None)
        self._saw(answer["metadata"].get("resourceVersion"))
        return answer

    def _decode(self, entry: Kind, wire: dict[str, Any]) -> Any:
        self._saw(wire.get("metadata", {}).get("resourceVersion"))
        return entry.model.model_validate(wire)

    def _wire(self, obj: KubeModel | dict[str, Any]) -> tuple[Kind, dict[str, Any]]:
        if isinstance(obj, dict):
            entry = kinds.by_api_version(obj.get("apiVersion", ""), obj.get("kind", ""))
            if entry is None:
                raise ValueError(f'no kind "{obj.get("kind")}" in version "{obj.get("apiVersion")}"')
            return entry, {**obj, "metadata": obj.get("metadata") or {}}
        wire = obj.to_wire()
        return kinds.of(obj), {**wire, "metadata": wire.get("metadata") or {}}

    def _options(self, dry_run: bool, field_manager: str | None) -> dict[str, str]:
        manager = self.field_manager if field_manager is None else field_manager
        return {**({"dry_run": DRY_RUN} if dry_run else {}), **({"field_manager": manager} if manager else {})}

    @staticmethod
    def _ns(entry: Kind, namespace: str | None) -> str | None:
        return (namespace or None) if entry.namespaced else None

    def _saw(self, resource_version: str | None) -> None:
        if resource_version and resource_version.isdigit():
            self._rv = max(self._rv, int(resource_version))

    # --- history --------------------------------------------------------------------------

    def _record(self, entry: Kind) -> None:
        """Start recording a kind: what exists now, each as ADDED at the time it was read."""
        if entry in self._recordings:
            return
        answer = self._list(entry, None, "", "")
        recording = _Recording(answer["metadata"]["resourceVersion"], {})
        self._recordings[entry] = recording
        for item in answer["items"]:
            self._seen(entry, recording, ADDED, self._decode(entry, item))

    def _pull(self, entry: Kind) -> None:
        """The changes since the last pull, through a watch the server ends after PULL_SECONDS."""
        recording = self._recordings[entry]
        with _refusals():
            for event in self._resource(entry).watch(resource_version=recording.resource_version,
                                                     timeout=PULL_SECONDS):
                if event["type"] == "ERROR":  # a Status: the version is too old (410 Gone), say
                    status = event["raw_object"]
                    raise server_error(status.get("code") or 500, "application/json", json.dumps(status).encode())
                obj = self._decode(entry, event["raw_object"])
                recording.resource_version = obj.metadata.resource_version
                self._seen(entry, recording, event["type"], obj)

    def _seen(self, entry: Kind, recording: _Recording, type_: str, obj: Any) -> None:
        key = (obj.metadata.namespace or "", obj.metadata.name)
        old = recording.objects.get(key)
        if type_ == DELETED:
            recording.objects.pop(key, None)
        else:
            recording.objects[key] = obj
        rv = obj.metadata.resource_version
        event = WatchEvent(type_, entry.kind, obj, old, int(rv) if rv and rv.isdigit() else self._rv, self.now)
        self._history.append(event)
        for on_change, kind in builtins.list(self._watchers):
            if kind is None or kind == entry:
                on_change(event)


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """A refused request raised as the StatusError client-go makes of the response."""
    from kubernetes.client.exceptions import ApiException

    try:
        yield
    except ApiException as e:
        body = e.body.encode() if isinstance(e.body, str) else e.body or b""
        raise server_error(e.status, (e.headers or {}).get("Content-Type", ""), body) from None
