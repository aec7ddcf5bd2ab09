"""Resource quantities as describe adds them: a pod's requests and limits, summed over its
containers (kubecourse/api/quantity.py parses and prints a single quantity).

Models kubernetes/kubectl: pkg/util/resource/resource.go PodRequestsAndLimits. Sums keep the
format of the first operand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from kubecourse.api.quantity import canonical, format_quantity, parse, value

__all__ = ["canonical", "format_quantity", "parse", "pod_requests_and_limits", "value"]


def pod_requests_and_limits(pod: Any) -> tuple[dict[str, tuple[Decimal, bool]], dict[str, tuple[Decimal, bool]]]:
    """Per resource: the sum over the containers, raised to any init container's own value."""
    spec = pod.spec
    reqs = _sum(c.resources.requests for c in spec.containers if c.resources)
    limits = _sum(c.resources.limits for c in spec.containers if c.resources)
    for c in spec.init_containers or ():
        if c.resources:
            _raise_to(reqs, c.resources.requests)
            _raise_to(limits, c.resources.limits)
    return reqs, limits


def _sum(lists: Iterable[Mapping[str, Any] | None]) -> dict[str, tuple[Decimal, bool]]:
    total: dict[str, tuple[Decimal, bool]] = {}
    for resources in lists:
        for name, q in (resources or {}).items():
            amount, binary = parse(q)
            have = total.get(name)
            total[name] = (have[0] + amount, have[1]) if have else (amount, binary)
    return total


def _raise_to(total: dict[str, tuple[Decimal, bool]], resources: Mapping[str, Any] | None) -> None:
    for name, q in (resources or {}).items():
        amount, binary = parse(q)
        if name not in total or total[name][0] < amount:
            total[name] = (amount, binary)
