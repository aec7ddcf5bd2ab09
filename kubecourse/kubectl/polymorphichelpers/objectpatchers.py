"""Changing an object for `kubectl rollout pause|resume|restart`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/objectpauser.go
(defaultObjectPauser), objectresumer.go (defaultObjectResumer) and objectrestarter.go
(defaultObjectRestarter). Each returns the changed object or refuses with a reason that the
command prints after the object's name (`deployments.apps "kubia" is already paused`):
- pause and resume know only Deployments; paused false is left out of the object (omitempty).
- restart sets the pod template's annotation `kubectl.kubernetes.io/restartedAt` to the time
  in RFC 3339 (here the virtual time), for every kind with a rolling update (Deployment,
  DaemonSet, StatefulSet), and refuses a paused Deployment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"

Mutate = Callable[[Any, datetime], Any]  # (object, now) -> changed object; raises Refused


class Refused(Exception):
    """The object cannot be changed this way; the message is the reason."""


def pause_deployment(d: Any, _now: datetime) -> Any:
    if d.spec.paused:
        raise Refused("is already paused")
    return d.with_(spec=d.spec.with_(paused=True))


def resume_deployment(d: Any, _now: datetime) -> Any:
    if not d.spec.paused:
        raise Refused("is not paused")
    return d.with_(spec=d.spec.with_(paused=None))


def restart_template(obj: Any, now: datetime) -> Any:
    """The pod template annotated with the time of the restart."""
    template = obj.spec.template
    annotations = {**(template.metadata.annotations or {}), RESTARTED_AT: rfc3339(now)}
    return obj.with_(spec=obj.spec.with_(template=template.with_(metadata=template.metadata.with_(
        annotations=annotations))))


def restart_deployment(d: Any, now: datetime) -> Any:
    if d.spec.paused:
        raise Refused("can't restart paused deployment (run rollout resume first)")
    return restart_template(d, now)


def rfc3339(t: datetime) -> str:
    """Go's time.RFC3339 (`2025-01-01T00:04:00Z`, or with the zone's offset)."""
    offset = t.utcoffset()
    if not offset:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return t.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
