"""The cluster port: what a client needs from a cluster, typed by model class.

kubectl (kubecourse/kubectl/context.py Context), the served HTTP API (kubecourse/serve/
backend.py Backend) and the notebook's widgets all talk to a cluster through this one
protocol: typed reads and writes over the model classes, lightkube-style
(`port.get(ReplicaSet, "kubia-5d8f", "default") -> ReplicaSet`), a watch, the history of
recorded changes with their virtual times, and the clock. Each of them adds only what its
own edge needs on top (kubectl: waiting and the kubelets; HTTP: the lock and its streams).
String kinds (`rs`, `replicasets.apps`, a manifest's `kind:`) stay at those edges: they are
resolved through the kinds table (kubecourse/api/kinds.py) and the port is called with the
entry's model class.

`InProcess` is the port over this process's API server (`Cluster.port`; kubectl's session
and the served API's backends are InProcess too). `kubecourse.remote.HTTPPort` is the port
over a real cluster's HTTP API (a kubeconfig context, kubecourse/jupyter/target.py Remote);
its history holds only what it has seen, and its clock is real time.
"""

from __future__ import annotations

import bisect
import builtins
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar, overload

from kubecourse.api import kinds, patches
from kubecourse.api.kinds import Kind
from kubecourse.api.models import KubeModel
from kubecourse.api.selectors import Selector
from kubecourse.api.server import APIServer, WatchEvent

__all__ = ["Host", "InProcess", "M", "Port", "Settles", "WatchEvent", "kind_of"]

M = TypeVar("M", bound=KubeModel)
OnChange = Callable[[WatchEvent], None]

_BY_MODEL: dict[type[KubeModel], Kind] = {entry.model: entry for entry in kinds.KINDS}


def kind_of(model: type[KubeModel]) -> Kind:
    """The kinds table's entry for a model class (ReplicaSet -> the replicasets.apps entry)."""
    return _BY_MODEL[model]


class Port(Protocol):
    """A cluster as its clients see it. Reads return the stored objects (immutable models);
    writes return what the server stored, and raise kubecourse.api.errors.StatusError with
    the apiserver's code, reason and message when it refuses."""

    @property
    def now(self) -> datetime:
        """The cluster's time (virtual in-process, the server's for a real cluster)."""
        ...

    @property
    def resource_version(self) -> int:
        """The resourceVersion of the latest write: history after it is what comes next."""
        ...

    def advance(self, seconds: float) -> None:
        """Let `seconds` of cluster time pass; everything due happens, in order."""
        ...

    def get(self, kind: type[M], name: str, namespace: str = "") -> M:
        """The object, or a NotFound StatusError."""
        ...

    def try_get(self, kind: type[M], name: str, namespace: str = "") -> M | None: ...

    def list(self, kind: type[M], namespace: str | None = None, *, label_selector: Selector | str = "",
             field_selector: str = "") -> list[M]:
        """In the API's list order (namespace, then name); namespace None: all namespaces. A
        selector the server cannot parse is a BadRequest."""
        ...

    @overload
    def create(self, obj: M, *, namespace: str | None = None, dry_run: bool = False,
               field_manager: str | None = None) -> M: ...
    @overload
    def create(self, obj: dict[str, Any], *, namespace: str | None = None, dry_run: bool = False,
               field_manager: str | None = None) -> KubeModel: ...
    def create(self, obj: Any, *, namespace: str | None = None, dry_run: bool = False,
               field_manager: str | None = None) -> Any:
        """POST. A dict is a manifest as sent on the wire (its `kind` picks the model)."""
        ...

    @overload
    def update(self, obj: M, *, dry_run: bool = False, field_manager: str | None = None,
               subresource: str = "") -> M: ...
    @overload
    def update(self, obj: dict[str, Any], *, dry_run: bool = False, field_manager: str | None = None,
               subresource: str = "") -> KubeModel: ...
    def update(self, obj: Any, *, dry_run: bool = False, field_manager: str | None = None,
               subresource: str = "") -> Any:
        """PUT of the main resource (`subresource` names the one the change came through)."""
        ...

    def update_status(self, obj: M, *, dry_run: bool = False) -> M:
        """PUT of the status subresource."""
        ...

    def patch(self, kind: type[M], name: str, namespace: str, patch: dict[str, Any], *, dry_run: bool = False,
              field_manager: str | None = None) -> M:
        """PATCH with a JSON merge patch (RFC 7386): maps merge, null deletes a key."""
        ...

    def apply(self, doc: dict[str, Any], *, field_manager: str, force: bool = False,
              dry_run: bool = False) -> KubeModel:
        """Server-side apply of a manifest."""
        ...

    def delete(self, kind: type[M], name: str, namespace: str = "", *, grace_period: int | None = None,
               propagation: str | None = None, dry_run: bool = False, uid: str | None = None) -> M:
        """DELETE; the object as it stands after the call (terminating, or its last state)."""
        ...

    def watch(self, on_change: OnChange, kind: type[KubeModel] | None = None) -> Callable[[], None]:
        """Call `on_change` after each write (of `kind` only, when given); returns the function
        that stops it. Callbacks only record or redraw: they never write."""
        ...

    def history(self, kind: type[KubeModel] | None = None, *, name: str | None = None,
                namespace: str | None = None, since: int = 0) -> builtins.list[WatchEvent]:
        """The recorded changes after resourceVersion `since`, oldest first, each with the
        object before and after and its time: what a widget scrubs through.

        The history is bounded: the in-process API server keeps the changes of the last
        virtual hour (kubecourse/api/server.py HISTORY_HORIZON, compacted as etcd is), so a
        replay starts at most that far back; a `since` from before the horizon gets what is
        kept. A real cluster's port holds only what it has seen."""
        ...


class Settles(Protocol):
    def settle(self) -> None:
        """Let the controllers react to what was written (drain their queues)."""
        ...


class Host(Protocol):
    """What the in-process port reads through (kubecourse.Cluster). Its parts are looked up on
    every call: re-basing the cluster's epoch replaces its API server and controllers."""

    api: APIServer
    manager: Settles

    def advance(self, seconds: float) -> None: ...


class InProcess:
    """The port over the API server of a cluster in this process.

    `advance` is the host's (the Cluster moves its clock with its controllers running). With
    `settle_each_write` the controllers react after every write, before the next call, as
    they do between two real HTTP requests: `kubectl delete cm,secret --all` lets the root-CA
    publisher recreate kube-root-ca.crt between the two deletions. `field_manager` owns the
    fields of a create or update that names no manager of its own."""

    def __init__(self, host: Host, *, settle_each_write: bool = False, field_manager: str | None = None) -> None:
        self._host = host
        self._settle_each_write = settle_each_write
        self.field_manager = field_manager

    @property
    def _api(self) -> APIServer:
        return self._host.api

    @property
    def now(self) -> datetime:
        return self._api.clock.now

    @property
    def resource_version(self) -> int:
        return self._api.resource_version

    @property
    def compacted(self) -> int:
        """The history holds every change after this resourceVersion (kubecourse/api/server.py compact)."""
        return self._api.compacted

    def advance(self, seconds: float) -> None:
        self._host.advance(seconds)

    # --- reads ----------------------------------------------------------------------------

    def get(self, kind: type[M], name: str, namespace: str = "") -> M:
        return self._api.get(kind_of(kind).kind, name, namespace)

    def try_get(self, kind: type[M], name: str, namespace: str = "") -> M | None:
        return self._api.try_get(kind_of(kind).kind, name, namespace)

    def list(self, kind: type[M], namespace: str | None = None, *, label_selector: Selector | str = "",
             field_selector: str = "") -> list[M]:
        return self._api.list(kind_of(kind).kind, namespace, label_selector=label_selector,
                              field_selector=field_selector)

    def watch(self, on_change: OnChange, kind: type[KubeModel] | None = None) -> Callable[[], None]:
        if kind is None:
            return self._api.watch(on_change)
        name = kind_of(kind).kind

        def of_kind(event: WatchEvent) -> None:
            if event.kind == name:
                on_change(event)

        return self._api.watch(of_kind)

    def history(self, kind: type[KubeModel] | None = None, *, name: str | None = None,
                namespace: str | None = None, since: int = 0) -> builtins.list[WatchEvent]:
        recorded = self._api.history
        start = bisect.bisect_right(recorded, since, key=lambda e: e.resource_version)
        wanted = kind_of(kind).kind if kind is not None else None
        return [e for e in recorded[start:]
                if (wanted is None or e.kind == wanted)
                and (name is None or e.obj.metadata.name == name)
                and (namespace is None or (e.obj.metadata.namespace or "") == namespace)]

    # --- writes ---------------------------------------------------------------------------

    def create(self, obj: Any, *, namespace: str | None = None, dry_run: bool = False,
               field_manager: str | None = None) -> Any:
        return self._write(self._api.create, obj, namespace=namespace, dry_run=dry_run,
                           field_manager=self._manager(field_manager))

    def update(self, obj: Any, *, dry_run: bool = False, field_manager: str | None = None,
               subresource: str = "") -> Any:
        return self._write(self._api.update, obj, dry_run=dry_run, field_manager=self._manager(field_manager),
                           subresource=subresource)

    def update_status(self, obj: M, *, dry_run: bool = False) -> M:
        return self._write(self._api.update_status, obj, dry_run=dry_run)

    def patch(self, kind: type[M], name: str, namespace: str, patch: dict[str, Any], *, dry_run: bool = False,
              field_manager: str | None = None) -> M:
        live = self.get(kind, name, namespace)
        return self.update(patches.merge_patch(live.to_wire(), patch), dry_run=dry_run, field_manager=field_manager)

    def apply(self, doc: dict[str, Any], *, field_manager: str, force: bool = False,
              dry_run: bool = False) -> KubeModel:
        return self._write(self._api.apply, doc, field_manager=field_manager, force=force, dry_run=dry_run)

    def delete(self, kind: type[M], name: str, namespace: str = "", *, grace_period: int | None = None,
               propagation: str | None = None, dry_run: bool = False, uid: str | None = None) -> M:
        return self._write(self._api.delete, kind_of(kind).kind, name, namespace, grace_period=grace_period,
                           propagation=propagation, dry_run=dry_run, uid=uid)

    def _manager(self, named: str | None) -> str | None:
        return self.field_manager if named is None else named

    def _write(self, write: Callable[..., Any], *args: Any, **options: Any) -> Any:
        """One write; then, refused or not, the control plane reacts before the next call."""
        try:
            return write(*args, **options)
        finally:
            if self._settle_each_write:
                self._host.manager.settle()
