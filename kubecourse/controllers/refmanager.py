"""Claiming dependents: adopt matching orphans, release what no longer matches.

Models kubernetes/kubernetes: pkg/controller/controller_ref_manager.go
(BaseControllerRefManager.ClaimObject, PodControllerRefManager.AdoptPod/ReleasePod,
RecheckDeletionTimestamp) and staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go
(GetControllerOf, NewControllerRef).

What we learned from the source: an object controlled by someone else is never touched;
one we control is kept while the selector matches and released (our ownerReference
removed) when it stops matching, unless we are being deleted; an orphan is adopted only if
it matches, is in our namespace, is not itself being deleted, and a fresh read shows we
still exist with the same uid and no deletionTimestamp (CanAdopt). Works for any owner and
dependent kind: ReplicaSets claim pods, Deployments claim ReplicaSets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kubecourse.api import errors, selectors
from kubecourse.api.server import DELETED, APIServer, WatchEvent
from kubecourse.controllers.base import owner_ref


def can_adopt(api: APIServer, owner: Any) -> bool:
    """RecheckDeletionTimestamp: adopt only while the owner, read fresh, is alive and the same."""
    fresh = api.try_get(owner.kind, owner.metadata.name, owner.metadata.namespace or "")
    return fresh is not None and fresh.metadata.uid == owner.metadata.uid and fresh.metadata.deletion_timestamp is None


def claim(api: APIServer, owner: Any, selector: selectors.Selector, candidates: Iterable[Any]) -> list[Any]:
    """The candidates `owner` controls after adopting and releasing (ClaimObject for each)."""
    claimed = []
    owner_uid, owner_deleting = owner.metadata.uid, owner.metadata.deletion_timestamp is not None
    for obj in candidates:
        ref = obj.metadata.controller_ref()
        matches = selectors.matches(selector, obj.metadata.labels)
        if ref is not None:
            if ref.uid != owner_uid:
                continue  # controlled by someone else
            if matches:
                claimed.append(obj)
            elif not owner_deleting:
                release(api, owner, obj)
            continue
        if owner_deleting or not matches or obj.metadata.deletion_timestamp is not None:
            continue
        if (obj.metadata.namespace or "") != (owner.metadata.namespace or "") or not can_adopt(api, owner):
            continue
        adopted = adopt(api, owner, obj)
        if adopted is not None:
            claimed.append(adopted)
    return claimed


def adopt(api: APIServer, owner: Any, obj: Any) -> Any | None:
    """Add a controller reference to `owner` (the adoption patch); None if obj is gone."""
    refs = [*(obj.metadata.owner_references or ()), owner_ref(owner)]
    try:
        return api.update(obj.with_(metadata=obj.metadata.with_(owner_references=refs)))
    except errors.StatusError as e:
        if e.reason == "NotFound":
            return None
        raise


def release(api: APIServer, owner: Any, obj: Any) -> None:
    """Remove the ownerReference to `owner` (the release patch deletes it by uid)."""
    refs = [r for r in obj.metadata.owner_references or () if r.uid != owner.metadata.uid]
    try:
        api.update(obj.with_(metadata=obj.metadata.with_(owner_references=refs or None)))
    except errors.StatusError as e:
        if e.reason != "NotFound":
            raise


class OrphanIndex:
    """Objects of one kind without a controller, by namespace, kept up to date from watch
    events: the informer index (`OrphanPodIndexKey`) that lets a ReplicaSet find the pods it
    could adopt without reading every pod in the namespace on every sync."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._by_namespace: dict[str, dict[str, None]] = {}  # insertion-ordered sets of names

    def observe(self, event: WatchEvent) -> None:
        if event.kind != self.kind:
            return
        meta = event.obj.metadata
        names = self._by_namespace.setdefault(meta.namespace or "", {})
        if event.type != DELETED and meta.controller_ref() is None:
            names[meta.name] = None
        else:
            names.pop(meta.name, None)

    def orphans(self, api: APIServer, namespace: str) -> list[Any]:
        found = (api.try_get(self.kind, name, namespace) for name in self._by_namespace.get(namespace, {}))
        return [obj for obj in found if obj is not None]
