"""The Events section every describer ends with, and the search that fills it.

Models kubernetes/kubectl: pkg/describe/describe.go searchEvents, DescribeEvents;
pkg/util/event/sorted_event_list.go.

What we learned from the source:
- searchEvents lists the Events of the object's namespace (all namespaces for a
  cluster-scoped object) whose involvedObject has the object's name, namespace, kind and
  uid. The pod describer blanks the kind (events about a pod match whatever kind they
  name); the node describer searches twice, by the node's uid and by its name used as uid,
  because the kubelet records node events with `uid: <node name>`.
- Events are sorted by their last time (series.lastObservedTime, else lastTimestamp, else
  eventTime), oldest first. Go's sort is not stable; we keep the list order on ties.
- Age is HumanDuration since the first timestamp (eventTime when set); a repeated event
  reads `<since last> (x<count> over <since first>)`. From is source.component, else the
  reporting controller; the message is trimmed.
- No events: `Events:\\t<none>`, which aligns with the lines just above it when they
  have tabs (a pod's `Tolerations:`), as in real output.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kubecourse.api import kinds
from kubecourse.api.models import Event
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import LEVEL_0, LEVEL_1, PrefixWriter, since

_EPOCH = datetime.min


def search(view: View, obj: Any, *, kind: str | None = None, uids: tuple[str, ...] = ()) -> list[Event]:
    """Events about `obj`: same name, namespace and uid (any of `uids` when given), and the
    same kind unless `kind` is "" (the pod describer's blanked kind)."""
    meta = obj.metadata
    namespace = meta.namespace or ""
    want_kind = obj.kind if kind is None else kind
    want_uids = uids or (meta.uid,)
    found = []
    for ev in view.api.list(Event, namespace if kinds.of(obj).namespaced else None):
        io = ev.involved_object
        if io.name != meta.name or (io.namespace or "") != namespace or io.uid not in want_uids:
            continue
        if want_kind and io.kind != want_kind:
            continue
        found.append(ev)
    return found


def _last_seen(ev: Event) -> datetime:
    t = ev.last_timestamp or ev.event_time
    return t.replace(tzinfo=None) if t is not None else _EPOCH


def describe_events(w: PrefixWriter, events: list[Event], now: datetime) -> None:
    if not events:
        w.write(LEVEL_0, "Events:\t<none>\n")
        return
    w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(LEVEL_1, "----\t------\t----\t----\t-------\n")
    for ev in sorted(events, key=_last_seen):
        first = since(ev.event_time or ev.first_timestamp, now)
        count = ev.count or 0
        age = f"{since(ev.last_timestamp, now)} (x{count} over {first})" if count > 1 else first
        source = (ev.source.component if ev.source else None) or ev.reporting_component or ""
        w.write(LEVEL_1, f"{ev.type or ''}\t{ev.reason or ''}\t{age}\t{source}\t{(ev.message or '').strip()}\n")


def section(w: PrefixWriter, view: View, obj: Any, **search_args: Any) -> None:
    """The Events section when --show-events is on (the default); nothing otherwise."""
    if view.show_events:
        describe_events(w, search(view, obj, **search_args), view.now)
