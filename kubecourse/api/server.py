"""The API server: the one place objects are stored, versioned, recorded and watched.

Every write goes through here and is atomic: the object is prepared (defaulting, mutating
admission, registry strategy), validated, and only then stored; a failure changes nothing.
Every successful write takes the next resourceVersion (one cluster-wide counter, as etcd's
revision is), is appended to the history with its virtual time, and is delivered to each
watcher in write order. Watchers only queue work (controllers) or redraw (widgets); they
never write from inside a notification.

Objects are immutable and shared (see models/base.py): a read returns the stored object
itself, and a write stores a new one. History therefore keeps every version at the cost of
the parts that changed.

Memory stays bounded over a long session, as in a real control plane:
- Events expire an hour after their last write (kube-apiserver `--event-ttl` 1h: the
  registry stores each Event with an etcd lease, pkg/registry/core/event/storage/storage.go
  TTLFunc). No timer does it (a pending timer would keep waits from ending): the server
  deletes expired Events before it stores a write or lists or reads an Event, so they are
  gone by the time anyone could look.
- The history is compacted (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go
  compactor, which keeps etcd's revisions for a window): changes older than
  HISTORY_HORIZON of virtual time are dropped, `compacted` says through which
  resourceVersion, and a watch from before it gets `410 Gone`. A deleted object's last state
  (a Secret's values) goes with its entries.
"""

from __future__ import annotations

import bisect
import builtins
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pydantic

from kubecourse.api import admission, errors, fieldmanager, kinds, scale, selectors
from kubecourse.api.kinds import Kind
from kubecourse.api.models import KubeModel
from kubecourse.api.models.base import format_time
from kubecourse.api.models.core import PodStatus
from kubecourse.api.models.meta import Condition, ManagedFieldsEntry
from kubecourse.clock import Clock
from kubecourse.rand import Generator
from kubecourse.schema import strict

SERVER_VERSION = "v1.32.2"  # the Kubernetes release this API server models (GET /version, kubectl version)


def version_info() -> dict[str, str]:
    """GET /version (version.Info): every field, since the Python client's VersionInfo requires
    all nine. The gcloud `kubectl` dispatcher picks kubectl.1.<minor> from `minor`."""
    major, minor = SERVER_VERSION.lstrip("v").split(".")[:2]
    return {"major": major, "minor": minor, "gitVersion": SERVER_VERSION,
            "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
            "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
            "platform": "linux/amd64"}

ADDED, MODIFIED, DELETED = "ADDED", "MODIFIED", "DELETED"
_EMPTY: dict[str, Any] = {}
FOREGROUND, BACKGROUND, ORPHAN = "Foreground", "Background", "Orphan"
FOREGROUND_FINALIZER, ORPHAN_FINALIZER = "foregroundDeletion", "orphan"
EVENT_TTL = timedelta(hours=1)  # kube-apiserver --event-ttl
HISTORY_HORIZON = timedelta(hours=1)  # the history kept: what a widget can scrub back through
COMPACTION_INTERVAL = timedelta(minutes=5)  # kube-apiserver --etcd-compaction-interval
GENERATE_NAME_ATTEMPTS = 8  # apiserver registry store.go maxNameGenerationCreateAttempts


@dataclass(frozen=True)
class WatchEvent:
    type: str  # ADDED, MODIFIED, DELETED
    kind: str
    obj: Any  # the object after the write (for DELETED: its last state)
    old: Any  # the object before the write, None for ADDED
    resource_version: int
    time: datetime


Watcher = Callable[[WatchEvent], None]


def key_of(obj: Any) -> tuple[str, str]:
    return (obj.metadata.namespace or "", obj.metadata.name)


class APIServer:
    def __init__(self, clock: Clock, rng: Generator) -> None:
        self.clock = clock
        self.rng = rng
        self._objects: dict[str, dict[str, dict[str, Any]]] = {k.kind: {} for k in kinds.KINDS}
        self._by_owner: dict[str, dict[tuple[str, str, str], None]] = {}
        self._rv = 0
        self.history: list[WatchEvent] = []
        self.compacted = 0  # history holds every write after this resourceVersion
        self._compacted_at = clock.now
        self._event_expiry: list[tuple[datetime, str, str, int]] = []  # in write order, so by expiry
        self._expiring = False
        self._watchers: list[Watcher] = []
        self.scanned = 0
        """How many stored objects the reads handed out or looked at: a cost that must grow
        with the work, not with the cluster's size (tests/controllers/test_scaling.py)."""

    # --- reads ----------------------------------------------------------------------------

    @property
    def resource_version(self) -> int:
        return self._rv

    def try_get(self, kind: str, name: str, namespace: str = "") -> Any | None:
        if kind == "Event":
            self.expire_events()
        return self._objects[kind].get(namespace if kinds.by_kind(kind).namespaced else "", {}).get(name)

    def get(self, kind: str, name: str, namespace: str = "") -> Any:
        obj = self.try_get(kind, name, namespace)
        if obj is None:
            raise errors.not_found(kinds.by_kind(kind).resource, name)
        return obj

    def list(
        self,
        kind: str,
        namespace: str | None = None,
        *,
        label_selector: selectors.Selector | str = (),
        field_selector: str = "",
    ) -> list[Any]:
        """Objects of `kind`, in the API's list order: by namespace, then by name.

        `namespace=None` lists across all namespaces. A selector string is parsed here, so a
        bad one raises BadRequest as the server would."""
        entry = kinds.by_kind(kind)
        if kind == "Event":
            self.expire_events()
        if isinstance(label_selector, str):
            label_selector = self._parse_labels(label_selector)
        fields = self._parse_fields(entry, field_selector) if field_selector else []
        buckets = self._objects[kind]
        if namespace is not None and entry.namespaced:
            spaces = [namespace] if namespace in buckets else []
        else:
            spaces = sorted(buckets)
        out = []
        for ns in spaces:
            self.scanned += len(buckets[ns])
            for name in sorted(buckets[ns]):
                obj = buckets[ns][name]
                if label_selector and not selectors.matches(label_selector, obj.metadata.labels):
                    continue
                if fields and not self._fields_match(entry, fields, obj, field_selector):
                    continue
                out.append(obj)
        return out

    def iter_namespace(self, kind: str, namespace: str) -> Iterator[Any]:
        """Unsorted, for controllers that filter themselves (insertion order is deterministic)."""
        bucket = self._objects[kind].get(namespace, _EMPTY)
        self.scanned += len(bucket)
        yield from bucket.values()

    def dependents(self, owner_uid: str) -> builtins.list[Any]:
        """Objects whose ownerReferences name `owner_uid`, in the order they were created."""
        found: builtins.list[Any] = []
        objects = self._objects
        owned = self._by_owner.get(owner_uid)
        if not owned:
            return found
        self.scanned += len(owned)
        for kind, ns, name in owned:
            obj = objects[kind].get(ns, _EMPTY).get(name)  # the index holds key_of(): "" when cluster-scoped
            if obj is not None:
                found.append(obj)
        return found

    # --- watch ----------------------------------------------------------------------------

    def watch(self, watcher: Watcher) -> Callable[[], None]:
        """Call `watcher` after every write; returns the function that stops it."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher) if watcher in self._watchers else None

    # --- writes ---------------------------------------------------------------------------

    def create(self, obj: KubeModel | dict, *, namespace: str | None = None, dry_run: bool = False,
               field_manager: str | None = None) -> Any:
        """POST, in the apiserver's order: decode, admission (NamespaceLifecycle, then the kind's
        defaulting and mutating plugins: `prepare`), the name from generateName, validation,
        AlreadyExists, store. Returns what was stored (a dry run: what would be, without a
        resourceVersion). A `field_manager` (what a client names; controllers name none here)
        owns the fields it set (metadata.managedFields, kubecourse/api/fieldmanager.py).

        Atomic: a refused or invalid object changes nothing, not even the generator, whose
        draws (name suffixes, IPs, the token volume's name) are put back; a dry run puts them
        back too, so it leaves no trace at all."""
        entry, new = self._decode(obj)
        meta = new.metadata
        ns = None
        if entry.namespaced:
            ns = meta.namespace or namespace or "default"
            if namespace and meta.namespace and meta.namespace != namespace:
                raise errors.bad_request("the namespace of the provided object does not match the "
                                         "namespace sent on the request")
        new = new.with_(metadata=meta.with_(
            namespace=ns, uid=None, resource_version=None, creation_timestamp=None,
            deletion_timestamp=None, deletion_grace_period_seconds=None,
            generation=1 if entry.tracks_generation else None))
        state = self.rng.state()
        try:
            new = self._managed(self._admit_new(entry, new), None, field_manager)
        except BaseException:
            self.rng.restore(state)
            raise
        if dry_run:
            self.rng.restore(state)
            return new
        return self._store(entry, new, None)

    def _admit_new(self, entry: Kind, obj: Any) -> Any:
        """Everything a create does before storing; raises on refusal."""
        ns = obj.metadata.namespace
        if ns is not None:
            admission.check_create_in_namespace(self, entry, obj, ns)
        obj = entry.prepare(self, obj, None)
        meta = obj.metadata
        name = meta.name
        if not name and meta.generate_name:
            # RetryGenerateName (GA in 1.32): a taken name is drawn again, 8 tries in all.
            for _ in range(GENERATE_NAME_ATTEMPTS):
                name = meta.generate_name[:58] + self.rng.suffix()
                if self.try_get(entry.kind, name, ns or "") is None:
                    break
            obj = obj.with_(metadata=meta.with_(name=name))
        self._check(entry, obj, None)
        admission.check_quota(self, kinds.KINDS, entry, obj)
        if self.try_get(entry.kind, name, ns or "") is not None:
            raise errors.already_exists(entry.resource, name)
        return obj.with_(metadata=obj.metadata.with_(uid=self.rng.uid(), creation_timestamp=self.clock.now))

    def update(self, obj: KubeModel | dict, *, dry_run: bool = False, field_manager: str | None = None,
               subresource: str = "") -> Any:
        """PUT of the main resource: spec and metadata change; status is kept when it is a
        subresource. A stale resourceVersion is a Conflict; an unchanged object is not written.
        `field_manager` takes what it changed (through `subresource`, e.g. "scale")."""
        entry, new = self._decode(obj)
        old = self._existing(entry, new)
        if subresource == "scale":
            scale.check_replicas(old, new.spec.replicas)
        if entry.has_status:
            new = new.with_(status=old.status)
        # Only DELETE sets the deletion fields (ObjectMetaUpdateValidation keeps them).
        new = new.with_(metadata=new.metadata.with_(
            deletion_timestamp=old.metadata.deletion_timestamp,
            deletion_grace_period_seconds=old.metadata.deletion_grace_period_seconds))
        return self._update(entry, new, old, dry_run=dry_run, manager=(field_manager, subresource))

    def apply(self, doc: dict[str, Any], *, field_manager: str, force: bool = False, dry_run: bool = False) -> Any:
        """PATCH with application/apply-patch+yaml (server-side apply): `doc` merged into the
        live object, or created, with `field_manager` owning exactly its fields. A change to a
        field another manager owns is a 409 Conflict unless `force`."""
        entry, _ = self._decode(doc)
        meta = doc.get("metadata") or {}
        ns = (meta.get("namespace") or "default") if entry.namespaced else ""
        doc = {**doc, "metadata": {**meta, "namespace": ns}} if entry.namespaced else doc
        live = self.try_get(entry.kind, meta.get("name") or "", ns)
        time = format_time(self.clock.now)
        result = fieldmanager.apply(live.to_wire() if live is not None else None, doc, field_manager, time,
                                    force=force)
        if live is None:
            return self.create(result, dry_run=dry_run)
        result["metadata"].pop("resourceVersion", None)
        return self.update(result, dry_run=dry_run)

    def update_status(self, obj: KubeModel, *, dry_run: bool = False) -> Any:
        """PUT of the status subresource: only status changes."""
        entry, sent = self._decode(obj)
        old = self._existing(entry, sent)
        new = old.with_(status=sent.status)
        if sent.metadata.resource_version and sent.metadata.resource_version != old.metadata.resource_version:
            raise errors.conflict(entry.resource, old.metadata.name)
        return self._update(entry, new, old, dry_run=dry_run, prepare=False)

    def delete(
        self,
        kind: str,
        name: str,
        namespace: str = "",
        *,
        grace_period: int | None = None,
        propagation: str | None = None,
        dry_run: bool = False,
        uid: str | None = None,
    ) -> Any:
        """DELETE: returns the object as it stands after the call (with deletionTimestamp if
        it lingers for graceful termination or finalizers, else its last state).

        Pods on a node terminate gracefully: deletionTimestamp = now + grace period, and the
        kubelet removes them when their containers are gone (pkg/registry/core/pod/strategy.go
        CheckGracefulDelete). Foreground and Orphan add their finalizers for the garbage collector
        (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go
        updateForGracefulDeletionAndFinalizers)."""
        entry = kinds.by_kind(kind)
        old = self.get(kind, name, namespace if entry.namespaced else "")
        if uid is not None and old.metadata.uid != uid:
            raise errors.conflict(entry.resource, name)
        admission.check_delete(entry, old)
        meta = old.metadata
        finalizers = list(meta.finalizers or ())
        policy = propagation or BACKGROUND
        for wanted, finalizer in ((FOREGROUND, FOREGROUND_FINALIZER), (ORPHAN, ORPHAN_FINALIZER)):
            if policy == wanted and finalizer not in finalizers and meta.deletion_timestamp is None:
                finalizers.append(finalizer)
        grace = entry.grace_period(old, grace_period)
        if not finalizers and not entry.spec_finalizers(old) and grace == 0:
            return old if dry_run else self._remove(entry, old)
        if meta.deletion_timestamp is not None:
            # Already terminating: a shorter grace period may only bring the deadline forward.
            due = self.clock.now + timedelta(seconds=grace)
            if grace >= (meta.deletion_grace_period_seconds or 0) or due >= meta.deletion_timestamp:
                return old
            new_meta = meta.with_(deletion_timestamp=due, deletion_grace_period_seconds=grace)
        else:
            new_meta = meta.with_(deletion_timestamp=self.clock.now + timedelta(seconds=grace),
                                  deletion_grace_period_seconds=grace,
                                  finalizers=finalizers or None)
        new = entry.on_delete(old.with_(metadata=new_meta))
        return self._update(entry, new, old, prepare=False, dry_run=dry_run)

    def finalize_namespace(self, name: str, finalizers: builtins.list[str]) -> Any:
        """PUT namespaces/NAME/finalize: the one way spec.finalizers changes (pkg/registry/core/
        namespace/storage FinalizeREST). A terminating namespace left with no finalizer at all
        is removed by the same write."""
        entry = kinds.by_kind("Namespace")
        old = self.get("Namespace", name)
        new = old.with_(spec=old.spec.with_(finalizers=finalizers or None))
        return self._update(entry, new, old, prepare=False)

    def bind(self, namespace: str, name: str, node_name: str) -> Any:
        """POST pods/NAME/binding: assign a pod to a node, once (pkg/registry/core/pod/storage/
        storage.go assignPod). spec.nodeName and the PodScheduled=True condition change in one
        write; the pod's spec is otherwise immutable, which is why binding is its own verb."""
        pod = self.get("Pod", name, namespace)
        detail = None
        if pod.metadata.deletion_timestamp is not None:
            detail = f"pod {name} is being deleted, cannot be assigned to a host"
        elif pod.spec.node_name:
            detail = f'pod {name} is already assigned to node "{pod.spec.node_name}"'
        if detail:
            raise errors.StatusError(409, "Conflict", f'Operation cannot be fulfilled on pods/binding "{name}": '
                                     f"{detail}", "pods/binding", name)
        status = pod.status or PodStatus()
        conditions = [c for c in status.conditions or () if c.type != "PodScheduled"]
        old = next((c for c in status.conditions or () if c.type == "PodScheduled"), None)
        since = old.last_transition_time if old is not None and old.status == "True" else self.clock.now
        conditions.append(Condition(type="PodScheduled", status="True", last_transition_time=since))
        new = pod.with_(spec=pod.spec.with_(node_name=node_name), status=status.with_(conditions=conditions))
        return self._update(kinds.by_kind("Pod"), new, pod, prepare=False)

    # --- internals ------------------------------------------------------------------------

    def _decode(self, obj: KubeModel | dict) -> tuple[Kind, Any]:
        if isinstance(obj, KubeModel):
            return kinds.of(obj), obj
        entry = kinds.by_api_version(obj.get("apiVersion", ""), obj.get("kind", ""))
        if entry is None:
            raise errors.bad_request(f'no kind "{obj.get("kind", "")}" is registered for version '
                                     f'"{obj.get("apiVersion", "")}"')
        strict_error = strict.decode_error(entry.group, entry.gvk.version, entry.kind, obj)
        if strict_error:
            raise errors.bad_request(cannot_handle(entry, strict_error))
        try:
            return entry, entry.model.model_validate(obj)
        except pydantic.ValidationError as e:
            raise errors.bad_request(decode_error(entry, e)) from None

    def _existing(self, entry: Kind, obj: Any) -> Any:
        ns = (obj.metadata.namespace or "default") if entry.namespaced else ""
        old = self.get(entry.kind, obj.metadata.name or "", ns)
        rv = obj.metadata.resource_version
        if rv and rv != old.metadata.resource_version:
            raise errors.conflict(entry.resource, old.metadata.name)
        return old

    def _update(self, entry: Kind, obj: Any, old: Any, *, dry_run: bool = False, prepare: bool = True,
                manager: tuple[str | None, str] = (None, "")) -> Any:
        m, o = obj.metadata, old.metadata
        meta = m.with_(namespace=o.namespace, uid=o.uid, creation_timestamp=o.creation_timestamp,
                       resource_version=o.resource_version, generation=o.generation,
                       deletion_timestamp=o.deletion_timestamp if m.deletion_timestamp is None
                       else m.deletion_timestamp,
                       deletion_grace_period_seconds=o.deletion_grace_period_seconds
                       if m.deletion_grace_period_seconds is None else m.deletion_grace_period_seconds)
        obj = obj.with_(metadata=meta)
        if prepare:
            obj = entry.prepare(self, obj, old)
            self._check(entry, obj, old)
        obj = self._managed(obj, old, *manager)
        if entry.tracks_generation and _spec(obj) != _spec(old):
            obj = obj.with_(metadata=obj.metadata.with_(generation=(o.generation or 0) + 1))
        if obj == old:
            return old  # nothing changed: no new resourceVersion, no event
        if dry_run:
            return obj
        if obj.metadata.deletion_timestamp is not None and not obj.metadata.deletion_grace_period_seconds \
                and not obj.metadata.finalizers and not entry.spec_finalizers(obj):
            return self._remove(entry, obj)  # the last finalizer is gone
        return self._store(entry, obj, old)

    def _managed(self, obj: Any, old: Any, field_manager: str | None, subresource: str = "") -> Any:
        """`obj` with its managedFields after an Update by `field_manager`; without a manager
        they stay as the writer left them (controllers' writes are not tracked)."""
        if field_manager is None:
            return obj
        entries = fieldmanager.record_update(old.to_wire() if old is not None else None, obj.to_wire(),
                                             field_manager, format_time(self.clock.now), subresource=subresource)
        managed = [ManagedFieldsEntry.model_validate(e) for e in entries] or None
        if old is not None and managed == old.metadata.managed_fields:
            managed = old.metadata.managed_fields
        return obj.with_(metadata=obj.metadata.with_(managed_fields=managed))

    def _check(self, entry: Kind, obj: Any, old: Any) -> None:
        causes = entry.validate(obj, old)
        if causes:
            raise errors.invalid(entry.kind, obj.metadata.name or "", causes, entry.group)

    def _next_rv(self) -> int:
        self._rv += 1
        return self._rv

    def _store(self, entry: Kind, obj: Any, old: Any) -> Any:
        rv = self._next_rv()
        obj = obj.with_(metadata=obj.metadata.with_(resource_version=str(rv)))
        ns, name = key_of(obj)
        self._objects[entry.kind].setdefault(ns, {})[name] = obj
        self._index_owners(entry.kind, obj, old)
        self._emit(WatchEvent(MODIFIED if old is not None else ADDED, entry.kind, obj, old, rv, self.clock.now))
        return obj

    def _remove(self, entry: Kind, obj: Any) -> Any:
        ns, name = key_of(obj)
        bucket = self._objects[entry.kind].get(ns, {})
        old = bucket.pop(name, None)
        if not bucket:
            self._objects[entry.kind].pop(ns, None)
        self._index_owners(entry.kind, None, old)
        rv = self._next_rv()
        obj = obj.with_(metadata=obj.metadata.with_(resource_version=str(rv)))
        self._emit(WatchEvent(DELETED, entry.kind, obj, old, rv, self.clock.now))
        return obj

    def _index_owners(self, kind: str, new: Any, old: Any) -> None:
        before = _owner_uids(old)
        after = _owner_uids(new)
        if before == after:
            return
        ref = (kind, *key_of(new if new is not None else old))
        for uid in before - after:
            owned = self._by_owner.get(uid)
            if owned is not None:
                owned.pop(ref, None)
                if not owned:
                    del self._by_owner[uid]
        for uid in sorted(after - before):
            self._by_owner.setdefault(uid, {})[ref] = None

    def _emit(self, event: WatchEvent) -> None:
        if event.kind == "Event" and event.type != DELETED:
            self._event_expiry.append((event.time + EVENT_TTL, *key_of(event.obj), event.resource_version))
        self.history.append(event)
        for watcher in list(self._watchers):
            watcher(event)
        self.expire_events()
        if event.time - self._compacted_at >= COMPACTION_INTERVAL:
            self.compact()

    def expire_events(self) -> None:
        """Delete the Events whose last write is EVENT_TTL old (their lease ran out)."""
        now = self.clock.now
        if self._expiring or not self._event_expiry or self._event_expiry[0][0] > now:
            return
        self._expiring = True
        try:
            entry = kinds.by_kind("Event")
            due = bisect.bisect_right(self._event_expiry, now, key=lambda e: e[0])
            expired, self._event_expiry[:due] = self._event_expiry[:due], []
            for _, ns, name, rv in expired:
                obj = self._objects["Event"].get(ns, _EMPTY).get(name)
                if obj is not None and obj.metadata.resource_version == str(rv):
                    self._remove(entry, obj)
        finally:
            self._expiring = False

    def compact(self) -> None:
        """Drop the history older than HISTORY_HORIZON (etcd3 compactor)."""
        now = self._compacted_at = self.clock.now
        cut = bisect.bisect_left(self.history, now - HISTORY_HORIZON, key=lambda e: e.time)
        if cut:
            self.compacted = self.history[cut - 1].resource_version
            del self.history[:cut]

    def _fields_match(self, entry: Kind, fields: builtins.list[tuple[str, str, str]], obj: Any, text: str) -> bool:
        values = entry.field_values(obj)
        for field, _, _ in fields:
            if field not in values:
                raise errors.bad_request(f"field label not supported: {field}")
        return selectors.fields_match(fields, values)

    def _parse_labels(self, text: str) -> selectors.Selector:
        try:
            return selectors.parse(text)
        except selectors.SelectorError as e:
            raise errors.bad_request(f"unable to parse requirement: {e}") from None

    def _parse_fields(self, entry: Kind, text: str) -> builtins.list[tuple[str, str, str]]:
        try:
            reqs = selectors.parse_fields(text)
        except selectors.SelectorError as e:
            raise errors.bad_request(str(e)) from None
        return reqs


def _spec(obj: Any) -> Any:
    return getattr(obj, "spec", None)


def _owner_uids(obj: Any) -> set[str]:
    if obj is None:
        return set()
    return {ref.uid for ref in obj.metadata.owner_references or ()}


def decode_error(entry: Kind, e: pydantic.ValidationError) -> str:
    """A pydantic error in the server's words: `Deployment in version "v1" cannot be handled
    as a Deployment: ...` (the schema issue makes every message exact)."""
    first = e.errors()[0]
    path = ".".join(str(p) for p in first["loc"])
    return cannot_handle(entry, f"{path}: {first['msg']}")


def cannot_handle(entry: Kind, detail: str) -> str:
    """The apiserver's decode failure (handlers/rest.go transformDecodeError); `detail` is the
    strict decoder's text (kubecourse/schema/strict.py)."""
    return f'{entry.kind} in version "{entry.gvk.version}" cannot be handled as a {entry.kind}: {detail}'


