"""Recording Events, as client-go's EventRecorder does (staging/src/k8s.io/client-go/tools/record).

Models kubernetes/kubernetes: staging/src/k8s.io/client-go/tools/record/event.go
(recorderImpl.generateEvent, makeEvent, recordToSink, recordEvent).

What we learned from the source:
- makeEvent names an event `fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`, puts it in the
  object's namespace ("default" for a cluster-scoped object), with count 1 and first =
  last timestamp = now; generateEvent adds the source and copies its component and host
  into reportingComponent and reportingInstance.
- Real nanoseconds make the names unique. Ours are virtual: events about one object at one
  instant would share a name, so the second takes the next nanosecond, and so on (as a real
  recorder's clock would have moved on); the name stays `<object>.<16 hex digits>`.
- Before anything is written, the broadcaster's EventCorrelator (kubecourse/events_cache.py)
  aggregates similar events, counts identical ones and drops spam; a repeat is a patch of
  count, lastTimestamp and message, which is why describe shows `(x3 over 2m)`.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from kubecourse.api import errors
from kubecourse.api.models.core import Event, EventSource, ObjectReference
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.api.server import APIServer
from kubecourse.events_cache import Correlator, Draft, Observation, unix_nano

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
        self.correlator = Correlator()
        self._named: dict[tuple[str, str], int] = {}  # (namespace, object) -> last nanosecond named, this instant
        self._named_at: datetime | None = None

    def event(self, obj: Any, type_: str, reason: str, message: str, *, field_path: str | None = None) -> None:
        draft = Draft(self.source.component or "", self.source.host or "", object_reference(obj, field_path),
                      type_, reason, message)
        namespace = obj.metadata.namespace or "default"
        now = self.api.clock.now
        seen = self.correlator.correlate(draft, now, partial(self._free_name, namespace, obj.metadata.name, now))
        if seen is not None:
            self._write(seen, namespace, now)

    def _write(self, seen: Observation, namespace: str, now: datetime) -> None:
        """recordEvent: patch a repeat, create a first occurrence (or a repeat whose event is
        gone). Events are best effort: a rejected write is dropped (e.g. the namespace is
        being deleted), as in client-go."""
        draft = seen.draft
        try:
            if seen.count > 1:
                existing = self.api.try_get("Event", seen.name, namespace)
                if existing is not None:
                    self.api.update(existing.with_(count=seen.count, last_timestamp=now, message=draft.message))
                    return
            reporting = (self.source.component, self.source.host or "") if draft.reporting else ("", "")
            self.api.create(Event(
                metadata=ObjectMeta(name=seen.name, namespace=namespace), involved_object=draft.ref,
                reason=draft.reason, message=draft.message, source=self.source, first_timestamp=seen.first,
                last_timestamp=now, count=seen.count, type=draft.type, reporting_component=reporting[0],
                reporting_instance=reporting[1]))
        except errors.StatusError:
            return

    def _free_name(self, namespace: str, name: str, now: datetime) -> str:
        """`<name>.<now in hex ns>`; when that is taken at this instant, the next nanosecond
        (a real clock would have moved on). This recorder remembers the last nanosecond it
        used per object at this instant, so the n-th event costs one look-up, not n; the
        look-up catches another recorder's event about the same object at the same instant."""
        if now != self._named_at:
            self._named.clear()
            self._named_at = now
        ns = max(unix_nano(now), self._named.get((namespace, name), -1) + 1)
        while self.api.try_get("Event", f"{name}.{ns:x}", namespace) is not None:
            ns += 1
        self._named[(namespace, name)] = ns
        return f"{name}.{ns:x}"
