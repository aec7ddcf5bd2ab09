"""Resource quantities, as far as describe needs them: parse `250m`, `64Mi`, `1.5`; add and
compare; print a sum the way resource.Quantity.String() does for the common cases.

Models kubernetes/apimachinery: pkg/api/resource/quantity.go (ParseQuantity, String) and
kubernetes/kubectl: pkg/util/resource/resource.go PodRequestsAndLimits.

What we learned from the source: a Quantity prints in the format it was written in
(binary `Mi` stays binary, decimal stays decimal), with the largest suffix that keeps the
number whole; fractions of a core print in milli-units (`0.5` -> `500m`). Sums keep the
format of the first operand. Values here are exact Decimals, never floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
           "k": Decimal("1e3"), "M": Decimal("1e6"), "G": Decimal("1e9"), "T": Decimal("1e12"),
           "P": Decimal("1e15"), "E": Decimal("1e18")}


def parse(q: Any) -> tuple[Decimal, bool]:
    """(value, binary) for a quantity as the API stores it; an unreadable one counts as 0."""
    text = str(q).strip()
    for suffix, factor in BINARY.items():
        if text.endswith(suffix):
            return _number(text[: -len(suffix)]) * factor, True
    for suffix in ("n", "u", "m", "k", "M", "G", "T", "P", "E"):
        if text.endswith(suffix):
            return _number(text[:-1]) * DECIMAL[suffix], False
    return _number(text), False


def _number(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(0)


def value(q: Any) -> Decimal:
    return parse(q)[0]


def format_quantity(amount: Decimal, binary: bool) -> str:
    """Quantity.String(): the largest suffix that keeps the number whole (a binary quantity
    under 1024 prints as decimal, as CanonicalizeBytes does)."""
    if amount == 0:
        return "0"
    if binary and abs(amount) >= 1024 and amount == amount.to_integral_value():
        for suffix, factor in reversed(BINARY.items()):
            if amount % factor == 0:
                return f"{int(amount / factor)}{suffix}"
        return str(int(amount))
    for suffix, factor in sorted(DECIMAL.items(), key=lambda kv: kv[1], reverse=True):
        scaled = amount / factor
        if scaled == scaled.to_integral_value():
            return f"{int(scaled)}{suffix}"
    return f"{int((amount / DECIMAL['n']).to_integral_value())}n"


def canonical(q: Any) -> str:
    """A stored quantity as kubectl prints it (`0.5` -> `500m`, `1024Ki` -> `1Mi`)."""
    return format_quantity(*parse(q))


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
