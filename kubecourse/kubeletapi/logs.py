"""A container's log as the kubelet reads it: which run, which lines, how they are printed.

Models kubernetes/kubernetes: pkg/kubelet/kuberuntime/logs/logs.go (ReadLogs: the last
`tailLines` lines, those written at or after `since`, `limitBytes` at most, each prefixed
with its time in RFC3339NanoFixed when `timestamps` is asked) and pkg/kubelet/kubelet_pods.go
(validateContainerLogStatus: which run a request reads and the errors when there is none).
What the source says:
- A container that never ran: `container "kubia" in pod "kubia" is waiting to start:
  ContainerCreating` (the waiting reason: ErrImagePull, CrashLoopBackOff...), BadRequest.
- `previous` with no earlier run: `previous terminated container "kubia" in pod "kubia" not found`.
- Timestamps have nine fraction digits, always: `2025-01-01T00:00:20.000000000Z`
  (timeFormatOut = RFC3339NanoFixed, not time.RFC3339Nano).
- tail and since both keep a suffix of the log, so their order does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kubecourse.kubeletapi import KubeletOf, bad_request, record


@dataclass(frozen=True)
class LogOptions:
    """PodLogOptions, with sinceSeconds/sinceTime already turned into an instant."""

    previous: bool = False
    timestamps: bool = False
    tail_lines: int | None = None  # None: every line
    since: datetime | None = None
    limit_bytes: int | None = None


def timestamp(when: datetime) -> str:
    """RFC3339NanoFixed in UTC: `2025-01-01T00:00:20.500000000Z`."""
    return when.strftime("%Y-%m-%dT%H:%M:%S") + f".{when.microsecond:06d}000Z"


def run_of(kubelet_of: KubeletOf, pod: Any, name: str, *, previous: bool) -> tuple[Any, Any]:
    """(the container's record, the run whose log is read), or the kubelet's BadRequest."""
    rec = record(kubelet_of, pod, name)
    instance = None if rec is None else rec.last_instance if previous else rec.instance
    if instance is not None:
        return rec, instance
    pod_name = pod.metadata.name
    if previous:
        raise bad_request(f'previous terminated container "{name}" in pod "{pod_name}" not found')
    reason = "ContainerCreating"
    status = next((s for s in (pod.status.container_statuses if pod.status else None) or () if s.name == name), None)
    if status is not None and status.state is not None and status.state.waiting is not None:
        reason = status.state.waiting.reason or reason
    raise bad_request(f'container "{name}" in pod "{pod_name}" is waiting to start: {reason}')


def line(entry: tuple[datetime, int, str], timestamps: bool) -> str:
    when, _, text = entry
    return f"{timestamp(when)} {text}\n" if timestamps else f"{text}\n"


def read(entries: list[tuple[datetime, int, str]], options: LogOptions) -> str:
    """What ReadLogs writes for the log so far."""
    selected = list(entries)
    if options.tail_lines is not None and options.tail_lines >= 0:
        selected = selected[-options.tail_lines:] if options.tail_lines else []
    if options.since is not None:
        selected = [e for e in selected if e[0] >= options.since]
    text = "".join(line(e, options.timestamps) for e in selected)
    return limit(text, options.limit_bytes)


def limit(text: str, limit_bytes: int | None) -> str:
    """At most `limit_bytes` bytes, cut wherever they run out (a line may end half-way)."""
    if not limit_bytes or limit_bytes <= 0:
        return text
    return text.encode()[:limit_bytes].decode(errors="ignore")


def ended(rec: Any, instance: Any) -> bool:
    """A followed run is over: it exited, or a newer run replaced it."""
    return rec.instance is not instance or rec.running is None
