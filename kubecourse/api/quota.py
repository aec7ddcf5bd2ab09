"""Resource quota: what an object uses of a quota, and the ResourceQuota admission check.

Models kubernetes/kubernetes: pkg/quota/v1/evaluator/core/pods.go (podEvaluator Usage,
Constraints, podComputeUsageHelper, QuotaV1Pod), pkg/quota/v1/generic/evaluator.go (object
counts, `count/<resource>.<group>`), and plugin/pkg/admission/resourcequota/controller.go
(checkRequest, prettyPrint). The quota controller (kubecourse/controllers/resourcequota.py)
and the admission check share these functions.

What we learned from the source:
- A pod counts `pods`, `count/pods`, and per resource `requests.<r>` (also the bare `<r>`
  for cpu and memory) and `limits.<r>`: the sum over its containers, raised to any init
  container's own value. A pod that has Succeeded or Failed uses nothing.
- Every other kind counts one object: `count/<resource>` (core) or `count/<resource>.<group>`;
  services, configmaps, secrets, replicationcontrollers, persistentvolumeclaims and
  resourcequotas also answer to their bare plural.
- Admission checks the quotas of the namespace in turn. When a quota's hard names cpu or
  memory (requests, limits or bare), each container must state it, else
  `failed quota: <q>: must specify limits.cpu for: a,b; requests.memory for: a` (resources
  sorted, containers sorted and comma-joined). Then the usage after the write may not pass
  any hard value: `exceeded quota: <q>, requested: pods=1, used: pods=2, limited: pods=2`
  (only the exceeded resources, sorted, comma-joined). The refusal names the object by its
  generated name: the quota plugin validates after the name is drawn.
- The real plugin adds the request to status.used itself, so a burst of creates sees each
  other; here admission counts the namespace's objects live, which gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from kubecourse.api.models import core
from kubecourse.api.models.base import Quantity
from kubecourse.api.models.meta import Object
from kubecourse.api.models.quota import ResourceQuota
from kubecourse.api.quantity import format_quantity, parse

if TYPE_CHECKING:
    from kubecourse.api.kinds import Kind
    from kubecourse.api.reader import Reader

Usage = dict[str, tuple[Decimal, bool]]  # resource -> (amount, binary format)

BARE_COUNTS = ("services", "configmaps", "secrets", "replicationcontrollers", "persistentvolumeclaims",
               "resourcequotas")
COMPUTE = ("cpu", "memory")
# pods.go validationSet: the resources every container must state once a quota names them.
VALIDATION_SET = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory")
TERMINAL_PHASES = ("Succeeded", "Failed")


def count_names(entry: Kind) -> tuple[str, ...]:
    """The quota resources one object of this kind counts as."""
    group = entry.gvk.group
    names = [f"count/{entry.plural}" + (f".{group}" if group else "")]
    if not group and entry.plural in (*BARE_COUNTS, "pods"):
        names.append(entry.plural)
    return tuple(names)


def _add(total: Usage, name: str, q: Quantity) -> None:
    amount, binary = parse(q)
    have = total.get(name)
    total[name] = (have[0] + amount, have[1]) if have else (amount, binary)


def _raise_to(total: Usage, name: str, q: Quantity) -> None:
    amount, binary = parse(q)
    if name not in total or total[name][0] < amount:
        total[name] = (amount, binary)


def _compute(requests: Mapping[str, Quantity] | None,
             limits: Mapping[str, Quantity] | None) -> dict[str, Quantity]:
    """podComputeUsageHelper for one container: quota names for what it states."""
    out: dict[str, Quantity] = {}
    for name, q in (requests or {}).items():
        out[f"requests.{name}"] = q
        if name in COMPUTE:
            out[name] = q
    for name, q in (limits or {}).items():
        out[f"limits.{name}"] = q
    return out


def _container_usage(c: core.Container) -> dict[str, Quantity]:
    r = c.resources
    return _compute(r.requests, r.limits) if r else {}


def usage(entry: Kind, obj: Object) -> Usage:
    """What one object uses: its counts, and for a pod its compute resources."""
    pod = obj if isinstance(obj, core.Pod) else None
    if pod is not None and pod.status is not None and pod.status.phase in TERMINAL_PHASES:
        return {}
    total: Usage = {name: (Decimal(1), False) for name in count_names(entry)}
    if pod is not None:
        spec = core.pod_spec(pod)
        compute: Usage = {}
        for c in spec.containers or ():
            for name, q in _container_usage(c).items():
                _add(compute, name, q)
        for c in spec.init_containers or ():
            for name, q in _container_usage(c).items():
                _raise_to(compute, name, q)
        total.update(compute)
    return total


def namespace_usage(api: Reader, entries: Iterable[Kind], namespace: str, names: Iterable[str]) -> Usage:
    """The quota controller's recalculation: the namespace's usage of each named resource."""
    wanted = set(names)
    total: Usage = {name: (Decimal(0), False) for name in sorted(wanted)}
    for entry in entries:
        if not entry.namespaced or not any(_may_count(entry, name) for name in wanted):
            continue
        for obj in api.iter_namespace(entry.kind, namespace):
            for name, (amount, binary) in usage(entry, obj).items():
                if name in wanted:
                    have = total[name]
                    total[name] = (have[0] + amount, binary if have[0] == 0 else have[1])
    return total


def _may_count(entry: Kind, name: str) -> bool:
    """MatchingResources: the resources an object of this kind may use (pods: compute too)."""
    if name in count_names(entry):
        return True
    return entry.kind == "Pod" and (name in COMPUTE or name.startswith(("requests.", "limits.")))


def printed(total: Usage) -> dict[str, str]:
    return {name: format_quantity(*value) for name, value in total.items()}


def pretty(values: Mapping[str, str], names: Iterable[str]) -> str:
    """prettyPrint: `name=quantity`, sorted, comma-joined."""
    return ",".join(f"{n}={values[n]}" for n in sorted(names) if n in values)


def _missing(hard: Iterable[str], pod: core.Pod) -> str | None:
    """podEvaluator.Constraints: which container leaves out a resource the quota constrains."""
    required = set(hard) & set(VALIDATION_SET)
    missing: dict[str, set[str]] = {}
    spec = core.pod_spec(pod)
    for c in [*(spec.containers or ()), *(spec.init_containers or ())]:
        for name in required - set(_container_usage(c)):
            missing.setdefault(name, set()).add(c.name)
    if not missing:
        return None
    parts = sorted(f"{name} for: {','.join(sorted(containers))}" for name, containers in missing.items())
    return "must specify " + "; ".join(parts)


def refusal(api: Reader, entries: Iterable[Kind], entry: Kind, obj: Object) -> str | None:
    """checkRequest on create: why a quota of the namespace does not allow this object."""
    namespace = obj.metadata.namespace
    if not entry.namespaced or not namespace:
        return None
    quotas: list[ResourceQuota] = sorted(api.iter_namespace("ResourceQuota", namespace),
                                         key=lambda q: q.metadata.name or "")
    entries = tuple(entries)
    requested = usage(entry, obj)
    for q in quotas:
        hard = dict((q.spec.hard if q.spec else None) or {})
        if q.status is not None and q.status.hard:
            hard = dict(q.status.hard)
        matched = sorted(n for n in hard if _may_count(entry, n))
        if not matched:
            continue
        if isinstance(obj, core.Pod):
            reason = _missing(matched, obj)
            if reason:
                return f"failed quota: {q.metadata.name}: {reason}"
        used = namespace_usage(api, entries, namespace, matched)
        after = {n: used[n][0] + requested.get(n, (Decimal(0), False))[0] for n in matched}
        exceeded = [n for n in matched if n in requested and after[n] > parse(hard[n])[0]]
        if exceeded:
            req = printed({n: requested[n] for n in exceeded})
            limited = {n: format_quantity(*parse(hard[n])) for n in exceeded}
            return (f"exceeded quota: {q.metadata.name}, requested: {pretty(req, exceeded)}, "
                    f"used: {pretty(printed(used), exceeded)}, limited: {pretty(limited, exceeded)}")
    return None
