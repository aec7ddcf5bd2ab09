"""Recording Events, as client-go's EventRecorder does (staging/src/k8s.io/client-go/tools/record).

Controllers and kubelets report what they did as core/v1 Events through the API. A repeat
of the same (object, type, reason, message, source) within the correlation window is
folded into the existing Event: count + 1 and a new lastTimestamp, which is why describe
shows `(x3 over 2m)`. Event names are `<object name>.<hex of the virtual time in ns>`,
as the recorder names them, so they are deterministic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kubecourse.api import errors
from kubecourse.api.models.core import Event, EventSource, ObjectReference
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.api.server import APIServer

NORMAL, WARNING = "Normal", "Warning"


def object_reference(obj: Any, field_path: str | None = None) -> ObjectReference:
    return ObjectReference(api_version=obj.api_version, kind=obj.kind, name=obj.metadata.name,
                           namespace=obj.metadata.namespace, uid=obj.metadata.uid,
                           resource_version=obj.metadata.resource_version, field_path=field_path)


class Recorder:
    """Records events for one component (`deployment-controller`, `kubelet` on a host)."""

    def __init__(self, api: APIServer, component: str, host: str | None = None) -> None:
        self.api = api
        self.source = EventSource(component=component, host=host)
        self._seen: dict[tuple, tuple[str, str]] = {}  # aggregation key -> (namespace, event name)
        self._named: dict[tuple[str, str], str] = {}  # (namespace, base name) -> last name, this instant
        self._named_at: datetime | None = None

    def event(self, obj: Any, type_: str, reason: str, message: str, *, field_path: str | None = None) -> None:
        ref = object_reference(obj, field_path)
        namespace = obj.metadata.namespace or "default"
        now = self.api.clock.now
        key = (ref.kind, namespace, ref.name, ref.uid, ref.field_path, type_, reason, message)
        if key in self._seen:
            ns, name = self._seen[key]
            existing = self.api.try_get("Event", name, ns)
            if existing is not None:
                self.api.update(existing.with_(count=(existing.count or 1) + 1, last_timestamp=now))
                return
        base = f"{ref.name}.{int(now.timestamp() * 1e9):x}"
        name = self._free_name(namespace, base, now)
        event = Event(metadata=ObjectMeta(name=name, namespace=namespace), involved_object=ref,
                      reason=reason, message=message, source=self.source, first_timestamp=now,
                      last_timestamp=now, count=1, type=type_, reporting_component=self.source.component,
                      reporting_instance=self.source.host or "")
        try:
            self.api.create(event)
        except errors.StatusError:
            return  # events are best effort, as in client-go (e.g. the namespace is being deleted)
        self._seen[key] = (namespace, name)
        self._named[(namespace, base)] = name

    def _free_name(self, namespace: str, base: str, now: datetime) -> str:
        """`base`, or base + "0"s when taken: two events for one object at one instant (real
        nanoseconds would differ). The search starts from the last name this recorder took for
        `base` at this instant, so the n-th event costs two look-ups, not n (a ReplicaSet creates
        500 pods at one instant); a name deleted meanwhile at the same instant is not reused."""
        if now != self._named_at:
            self._named.clear()
            self._named_at = now
        name = self._named.get((namespace, base), base)
        while self.api.try_get("Event", name, namespace) is not None:
            name += "0"
        return name
