"""LimitRanger admission: a namespace's LimitRanges default and bound a new pod's resources.

Models kubernetes/kubernetes: plugin/pkg/admission/limitranger/admission.go
(defaultContainerResourceRequirements, mergePodResourceRequirements, minConstraint,
maxConstraint, PodLimitFunc).

What we learned from the source:
- Each `Container` item's `defaultRequest` fills requests and `default` fills limits that a
  container does not state; the pod is annotated `kubernetes.io/limit-ranger: LimitRanger
  plugin set: cpu, memory request for container a; cpu limit for container a` (per
  container, requests then limits, resource names sorted, parts joined by `; `).
- It runs after API defaulting, so a container that stated only a limit already has the
  same request and keeps it.
- Then each container (type Container) or the sum over the containers (type Pod) is held
  to `min` and `max`: `Minimum cpu usage per Container is 100m, but request is 50m.`,
  `Maximum memory usage per Pod is 1Gi, but limit is 2Gi.`, or `... is 1.  No limit is
  specified.` (two spaces). Every violation is collected; one is the message, several are
  printed as `[a, b]` (utilerrors.NewAggregate). The resources of an item come from a Go map
  (random order upstream): we take them sorted. The refusal is made before the name is
  generated, so it names the pod by its generateName.
- A Pod item's sum leaves out a resource that some container does not state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from kubecourse.api.models import core
from kubecourse.api.models.base import Quantity
from kubecourse.api.models.quota import LimitRange
from kubecourse.api.quantity import format_quantity, parse

ANNOTATION = "kubernetes.io/limit-ranger"


def _fill(have: Mapping[str, Quantity] | None,
          defaults: Mapping[str, Quantity]) -> tuple[dict[str, Quantity], list[str]]:
    out = dict(have or {})
    added = sorted(name for name in defaults if name not in out)
    for name in added:
        out[name] = defaults[name]
    return out, added


def apply_defaults(pod: core.Pod, limit_ranges: Iterable[LimitRange]) -> core.Pod:
    """mergePodResourceRequirements with the defaults of every Container item."""
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    for lr in limit_ranges:
        for item in (lr.spec.limits if lr.spec else None) or ():
            if item.type == "Container":
                requests.update(item.default_request or {})
                limits.update(item.default or {})
    if not requests and not limits:
        return pod
    spec = core.pod_spec(pod)
    notes, containers = [], []
    for c in spec.containers:
        res = c.resources or core.ResourceRequirements()
        lim, set_limits = _fill(res.limits, limits)
        req, set_requests = _fill(res.requests, requests)
        if set_requests:
            notes.append(f"{', '.join(set_requests)} request for container {c.name}")
        if set_limits:
            notes.append(f"{', '.join(set_limits)} limit for container {c.name}")
        containers.append(c.with_(resources=res.with_(requests=req or None, limits=lim or None)))
    pod = pod.with_(spec=spec.with_(containers=containers))
    if notes:
        annotations = {**(pod.metadata.annotations or {}), ANNOTATION: "LimitRanger plugin set: " + "; ".join(notes)}
        pod = pod.with_(metadata=pod.metadata.with_(annotations=annotations))
    return pod


def _min(kind: str, name: str, enforced: Quantity, req: Mapping[str, Quantity], lim: Mapping[str, Quantity]) -> str | None:
    bound = parse(enforced)[0]
    if name not in req:
        return f"Minimum {name} usage per {kind} is {_q(enforced)}.  No request is specified."
    if parse(req[name])[0] < bound:
        return f"Minimum {name} usage per {kind} is {_q(enforced)}, but request is {_q(req[name])}."
    if name in lim and parse(lim[name])[0] < bound:
        return f"Minimum {name} usage per {kind} is {_q(enforced)}, but limit is {_q(lim[name])}."
    return None


def _max(kind: str, name: str, enforced: Quantity, req: Mapping[str, Quantity], lim: Mapping[str, Quantity]) -> str | None:
    bound = parse(enforced)[0]
    if name not in lim:
        return f"Maximum {name} usage per {kind} is {_q(enforced)}.  No limit is specified."
    if parse(lim[name])[0] > bound:
        return f"Maximum {name} usage per {kind} is {_q(enforced)}, but limit is {_q(lim[name])}."
    if name in req and parse(req[name])[0] > bound:
        return f"Maximum {name} usage per {kind} is {_q(enforced)}, but request is {_q(req[name])}."
    return None


def _q(q: Quantity) -> str:
    return format_quantity(*parse(q))


def _sum(lists: list[Mapping[str, Quantity]]) -> dict[str, str]:
    """sum(): a resource every container states, added up (cpu in milli-units, else DecimalSI)."""
    names = set().union(*lists) if lists else set()
    out = {}
    for name in sorted(names):
        if all(name in values for values in lists):
            out[name] = format_quantity(sum((parse(v[name])[0] for v in lists), Decimal(0)), False)
    return out


def violations(pod: core.Pod, limit_ranges: Iterable[LimitRange]) -> list[str]:
    """PodLimitFunc's min and max checks, in LimitRange and item order."""
    containers = core.pod_spec(pod).containers
    errs: list[str] = []
    for lr in limit_ranges:
        for item in (lr.spec.limits if lr.spec else None) or ():
            targets: list[tuple[Mapping[str, Quantity], Mapping[str, Quantity]]]
            if item.type == "Container":
                targets = [((c.resources.requests if c.resources else None) or {},
                            (c.resources.limits if c.resources else None) or {}) for c in containers]
            elif item.type == "Pod":
                rs = [c.resources or core.ResourceRequirements() for c in containers]
                targets = [(_sum([r.requests or {} for r in rs]), _sum([r.limits or {} for r in rs]))]
            else:
                continue
            for req, lim in targets:
                for check, bounds in ((_min, item.min or {}), (_max, item.max or {})):
                    for name in sorted(bounds):
                        err = check(item.type, name, bounds[name], req, lim)
                        if err:
                            errs.append(err)
    return errs


def aggregate(errs: list[str]) -> str:
    """utilerrors.NewAggregate(...).Error(): one message alone, several in brackets."""
    return errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]"
