"""resource.Quantity: parse `250m`, `64Mi`, `1.5` and print them as Quantity.String() does.

Models kubernetes/apimachinery: pkg/api/resource/quantity.go (ParseQuantity, String). The
API layer owns it, as apimachinery does: printer columns (a ResourceQuota's `cpu: 0/2`) and
kubectl's describe both print quantities.

What we learned from the source: a Quantity prints in the format it was written in
(binary `Mi` stays binary, decimal stays decimal), with the largest suffix that keeps the
number whole; fractions of a core print in milli-units (`0.5` -> `500m`). Values here are
exact Decimals, never floats.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kubecourse.api.models.base import Quantity

BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
           "k": Decimal("1e3"), "M": Decimal("1e6"), "G": Decimal("1e9"), "T": Decimal("1e12"),
           "P": Decimal("1e15"), "E": Decimal("1e18")}


def parse(q: Quantity) -> tuple[Decimal, bool]:
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


def value(q: Quantity) -> Decimal:
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
    for suffix, unit in sorted(DECIMAL.items(), key=lambda kv: kv[1], reverse=True):
        scaled = amount / unit
        if scaled == scaled.to_integral_value():
            return f"{int(scaled)}{suffix}"
    return f"{int((amount / DECIMAL['n']).to_integral_value())}n"


def canonical(q: Quantity) -> str:
    """A stored quantity as kubectl prints it (`0.5` -> `500m`, `1024Ki` -> `1Mi`)."""
    return format_quantity(*parse(q))
