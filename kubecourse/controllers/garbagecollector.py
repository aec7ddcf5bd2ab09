"""The garbage collector: dependents follow their owners.

Models kubernetes/kubernetes: pkg/controller/garbagecollector/garbagecollector.go
(attemptToDeleteItem, processDeletingDependentsItem, attemptToOrphanWorker/orphanDependents)
and graph_builder.go (which changes wake which items), with the finalizer and policy names of
staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go.

An object's owners are the entries of its metadata.ownerReferences, each verified by uid.
The three deletion policies (the server puts the finalizer on, we take it off):
- Background (no finalizer): the owner is gone at once; each dependent whose owners are now
  all gone is deleted, in background too unless it carries a finalizer of its own.
- Foreground (`foregroundDeletion`): the owner stays, with deletionTimestamp, while we delete
  its dependents; dependents that have dependents go in foreground themselves, so a
  Deployment waits for its ReplicaSets and they for their pods. Only dependents whose
  reference says blockOwnerDeletion: true hold the owner; when none is left we remove the
  finalizer and the server removes the owner.
- Orphan (`orphan`): we remove the owner's reference from every dependent, then the finalizer.

The upstream GC keeps a graph of every object (a "uid -> node" map fed by informers) to find
dependents. The API server's owner index (APIServer.dependents) is that graph's dependents
edge, so each step costs in proportion to the objects it touches.

What we learned from the source:
- A dependent with at least one live ("solid") owner survives; references to owners that
  are gone, or that wait in foreground deletion, are removed from it instead.
- A dependent created with an owner that no longer exists is collected too (the graph
  builder makes a "virtual" owner node and verifies it against the API).
- The owner lookup compares uids: an owner deleted and re-created under the same name is a
  different owner.
Left out: the cycle breaking that unblocks owner references when two objects wait on each
other in foreground, and owners of kinds we do not serve (those count as present).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubecourse.api import errors, kinds
from kubecourse.api.models.meta import OwnerReference
from kubecourse.api.server import (
    ADDED,
    BACKGROUND,
    DELETED,
    FOREGROUND,
    FOREGROUND_FINALIZER,
    ORPHAN,
    ORPHAN_FINALIZER,
    WatchEvent,
)
from kubecourse.controllers import base

GC_FINALIZERS = (FOREGROUND_FINALIZER, ORPHAN_FINALIZER)
SOLID, GONE, WAITING = "solid", "dangling", "waitingForDependentsDeletion"


def key_of(obj: Any) -> base.Key:
    """(namespace, "Kind/name"): the collector handles every kind, so the kind is in the key."""
    return (obj.metadata.namespace or "", f"{obj.kind}/{obj.metadata.name}")


def _finalizers(obj: Any) -> tuple[str, ...]:
    return tuple(obj.metadata.finalizers or ())


def deleting_dependents(obj: Any) -> bool:
    return obj.metadata.deletion_timestamp is not None and FOREGROUND_FINALIZER in _finalizers(obj)


def deletion_policy(obj: Any) -> str:
    """An object's own GC finalizer decides how it goes; else Background."""
    if ORPHAN_FINALIZER in _finalizers(obj):
        return ORPHAN
    if FOREGROUND_FINALIZER in _finalizers(obj):
        return FOREGROUND
    return BACKGROUND


class GarbageCollector(base.Controller):
    name = "garbage-collector-controller"
    for_kind = ""  # every kind: keys_for below says which writes matter

    # Models graph_builder.go processGraphChanges: which items a change puts in the queues.
    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        obj, old = event.obj, event.old
        meta = obj.metadata
        if event.type == DELETED:
            for dependent in self.api.dependents(meta.uid):
                yield key_of(dependent)  # their owner is gone: are they garbage now?
            yield from self._waiting_owners(obj, meta.owner_references)
            return
        old_refs = old.metadata.owner_references if old is not None else None
        if meta.owner_references and (event.type == ADDED or meta.owner_references != old_refs):
            yield key_of(obj)  # its owners may be gone already
        if old_refs and meta.owner_references != old_refs:
            dropped = [r for r in old_refs if r not in (meta.owner_references or ())]
            yield from self._waiting_owners(obj, dropped)
        if self._gc_finalizer_news(obj, old):
            yield key_of(obj)

    @staticmethod
    def _gc_finalizer_news(obj: Any, old: Any) -> bool:
        """The object just started a foreground or orphan deletion, or its finalizers changed."""
        if obj.metadata.deletion_timestamp is None or not any(f in _finalizers(obj) for f in GC_FINALIZERS):
            return False
        return old is None or old.metadata.deletion_timestamp is None or _finalizers(old) != _finalizers(obj)

    def _waiting_owners(self, dependent: Any, refs: list[OwnerReference] | None) -> Iterator[base.Key]:
        """Owners in foreground deletion that a vanished dependent (or reference) may free."""
        for ref in refs or ():
            if self.owner_state(dependent, ref) == WAITING:
                yield (dependent.metadata.namespace or "" if kinds.by_kind(ref.kind).namespaced else "",
                       f"{ref.kind}/{ref.name}")

    def owner(self, dependent: Any, ref: OwnerReference) -> Any | None:
        """The live owner a reference names, or None when it is gone (absent, or another uid)."""
        entry = kinds.by_kind(ref.kind)
        owner = self.api.try_get(ref.kind, ref.name, dependent.metadata.namespace or "" if entry.namespaced else "")
        return owner if owner is not None and owner.metadata.uid == ref.uid else None

    def owner_state(self, dependent: Any, ref: OwnerReference) -> str:
        """SOLID, GONE or WAITING (in foreground deletion, waiting for its dependents)."""
        if not kinds.is_kind(ref.kind):
            return SOLID  # a kind we do not serve: assume it exists, never collect for it
        owner = self.owner(dependent, ref)
        if owner is None:
            return GONE
        return WAITING if deleting_dependents(owner) else SOLID

    def reconcile(self, key: base.Key) -> None:
        kind, _, name = key[1].partition("/")
        obj = self.api.try_get(kind, name, key[0])
        if obj is None:
            return
        if obj.metadata.deletion_timestamp is not None:
            if ORPHAN_FINALIZER in _finalizers(obj):
                self.orphan_dependents(obj)
            elif FOREGROUND_FINALIZER in _finalizers(obj):
                self.process_deleting_dependents(obj)
            return  # already on its way out
        if obj.metadata.owner_references:
            self.attempt_to_delete(obj)

    # Models garbagecollector.go attemptToDeleteItem
    def attempt_to_delete(self, obj: Any) -> None:
        """1. Sort the owners: solid (alive), dangling (gone), waiting (in foreground deletion).
        2. Any solid owner: keep the object, only drop its references to the other two kinds.
        3. Otherwise delete it: in foreground when an owner waits on it and it has dependents
           of its own, else by its own finalizers (Background by default)."""
        refs = obj.metadata.owner_references or []
        states = [self.owner_state(obj, ref) for ref in refs]
        gone = [ref.uid for ref, state in zip(refs, states, strict=True) if state != SOLID]
        waiting = WAITING in states
        if SOLID in states:
            if gone:
                kept = [r for r in refs if r.uid not in gone]
                self._write(self.api.update, obj.with_(metadata=obj.metadata.with_(owner_references=kept)))
            return
        policy = FOREGROUND if waiting and self.api.dependents(obj.metadata.uid) else deletion_policy(obj)
        self._delete(obj, policy)

    # Models garbagecollector.go processDeletingDependentsItem
    def process_deleting_dependents(self, owner: Any) -> None:
        """Delete what is not yet being deleted; once no blocking dependent is left, release
        the owner by removing foregroundDeletion."""
        uid = owner.metadata.uid
        dependents = self.api.dependents(uid)
        for dependent in dependents:
            if dependent.metadata.deletion_timestamp is None:
                self.attempt_to_delete(dependent)
        if not any(_blocks(d, uid) for d in self.api.dependents(uid)):
            self._remove_finalizer(owner, FOREGROUND_FINALIZER)

    # Models garbagecollector.go orphanDependents + removeFinalizer
    def orphan_dependents(self, owner: Any) -> None:
        uid = owner.metadata.uid
        for dependent in self.api.dependents(uid):
            kept = [r for r in dependent.metadata.owner_references or () if r.uid != uid]
            self._write(self.api.update, dependent.with_(metadata=dependent.metadata.with_(
                owner_references=kept or None)))
        self._remove_finalizer(owner, ORPHAN_FINALIZER)

    def _remove_finalizer(self, obj: Any, finalizer: str) -> None:
        rest = [f for f in _finalizers(obj) if f != finalizer]
        self._write(self.api.update, obj.with_(metadata=obj.metadata.with_(finalizers=rest or None)))

    def _delete(self, obj: Any, policy: str) -> None:
        try:
            self.api.delete(obj.kind, obj.metadata.name, obj.metadata.namespace or "", propagation=policy,
                            uid=obj.metadata.uid)
        except errors.StatusError:
            return  # already gone, or replaced by a new object of the same name

    @staticmethod
    def _write(write: Any, obj: Any) -> None:
        try:
            write(obj)
        except errors.StatusError:
            return  # gone or changed meanwhile: the change that did it queues us again


def _blocks(dependent: Any, owner_uid: str) -> bool:
    return any(r.uid == owner_uid and r.block_owner_deletion for r in dependent.metadata.owner_references or ())
