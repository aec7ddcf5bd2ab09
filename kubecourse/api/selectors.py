"""Label and field selectors (staging/src/k8s.io/apimachinery/pkg/labels/selector.go,
pkg/apis/meta/v1/helpers.go, pkg/fields/selector.go). Pure functions.

A selector is a tuple of Requirements, ANDed. A `metav1.LabelSelector` converts to one;
`nil` matches nothing and `{}` everything (metav1.LabelSelectorAsSelector).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kubecourse.api.models.meta import LabelSelector


class SelectorError(ValueError):
    """A selector string kubectl or the server would reject."""


@dataclass(frozen=True)
class Requirement:
    key: str
    operator: str  # "=", "!=", "in", "notin", "exists", "!", "gt", "lt"
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        op, key = self.operator, self.key
        if op == "=":
            return labels.get(key) == self.values[0]
        if op == "!=":
            return labels.get(key) != self.values[0]
        if op == "in":
            return key in labels and labels[key] in self.values
        if op == "notin":
            return key not in labels or labels[key] not in self.values
        if op == "exists":
            return key in labels
        if op == "!":
            return key not in labels
        if key not in labels:
            return False
        try:
            have, want = int(labels[key]), int(self.values[0])
        except ValueError:
            return False
        return have > want if op == "gt" else have < want

    def __str__(self) -> str:
        vals = ",".join(sorted(self.values))
        return {
            "=": f"{self.key}={vals}",
            "!=": f"{self.key}!={vals}",
            "in": f"{self.key} in ({vals})",
            "notin": f"{self.key} notin ({vals})",
            "exists": self.key,
            "!": f"!{self.key}",
            "gt": f"{self.key}>{vals}",
            "lt": f"{self.key}<{vals}",
        }[self.operator]


Selector = tuple[Requirement, ...] | None  # None: matches nothing (a nil LabelSelector)


def matches(selector: Selector, labels: Mapping[str, str] | None) -> bool:
    if selector is None:
        return False
    labels = labels or {}
    return all(r.matches(labels) for r in selector)


def from_label_selector(ls: LabelSelector | None) -> Selector:
    """metav1.LabelSelectorAsSelector: nil -> nothing, empty -> everything."""
    if ls is None:
        return None
    reqs = [Requirement(k, "=", (v,)) for k, v in (ls.match_labels or {}).items()]
    ops = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}
    reqs += [Requirement(e.key, ops[e.operator], tuple(e.values or ())) for e in ls.match_expressions or ()]
    return tuple(sorted(reqs, key=lambda r: r.key))


def from_map(m: Mapping[str, str] | None) -> Selector:
    """A Service's or ReplicationController's map selector; an empty map selects everything."""
    return tuple(Requirement(k, "=", (v,)) for k, v in sorted((m or {}).items()))


def format_selector(selector: Selector) -> str:
    """Canonical string, as describe's `Selector:` prints it; `<none>` when empty."""
    if not selector:
        return "<none>"
    return ",".join(str(r) for r in sorted(selector, key=lambda r: r.key))


def format_label_selector(ls: LabelSelector | None) -> str:
    """metav1.FormatLabelSelector."""
    if ls is None:
        return "<none>"
    return format_selector(from_label_selector(ls))


def format_labels(labels: Mapping[str, str] | None) -> str:
    """`k1=v1,k2=v2` with keys sorted, `<none>` when empty (labels.FormatLabels)."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


_TOKEN = re.compile(r"\s*(!=|==|=|!|\(|\)|,|>|<|[^\s!=(),<>]+)")


def parse(text: str) -> tuple[Requirement, ...]:
    """Parse a `-l` query: `app=kubia,tier in (web,api),!canary`."""
    tokens = [m for m in _TOKEN.findall(text) if m.strip()]
    reqs: list[Requirement] = []
    i = 0

    def take() -> str:
        nonlocal i
        if i >= len(tokens):
            raise SelectorError("unable to parse requirement: found '', expected: identifier")
        i += 1
        return tokens[i - 1]

    while i < len(tokens):
        tok = take()
        if tok == "!":
            reqs.append(Requirement(take(), "!"))
        else:
            key = tok
            op = tokens[i] if i < len(tokens) else ","
            if op == ",":
                reqs.append(Requirement(key, "exists"))
            elif op in ("=", "==", "!="):
                i += 1
                value = tokens[i] if i < len(tokens) and tokens[i] != "," else ""
                if value:
                    i += 1
                reqs.append(Requirement(key, "!=" if op == "!=" else "=", (value,)))
            elif op in ("in", "notin"):
                i += 1
                if take() != "(":
                    raise SelectorError(f"unable to parse requirement: found '{tokens[i - 1]}', expected: '('")
                values = []
                while (tok := take()) != ")":
                    if tok != ",":
                        values.append(tok)
                reqs.append(Requirement(key, op, tuple(values)))
            elif op in (">", "<"):
                i += 1
                reqs.append(Requirement(key, "gt" if op == ">" else "lt", (take(),)))
            else:
                raise SelectorError(f"unable to parse requirement: found '{op}', expected: ',', '!=', '=', '==', 'in', notin'")
        if i < len(tokens):
            if tokens[i] != ",":
                raise SelectorError(f"found '{tokens[i]}', expected: ',' or 'end of string'")
            i += 1
    return tuple(reqs)


# --- field selectors ----------------------------------------------------------------------

FieldGetter = Callable[[Any], str]


def parse_fields(text: str) -> list[tuple[str, str, str]]:
    """`status.phase=Running,spec.nodeName!=kind-worker` -> [(field, op, value)]."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = re.fullmatch(r"([^=!]+)(==|=|!=)(.*)", part)
        if not m:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
        out.append((m[1], "!=" if m[2] == "!=" else "=", m[3]))
    return out


def fields_match(reqs: list[tuple[str, str, str]], values: Mapping[str, str]) -> bool:
    for field, op, want in reqs:
        have = values.get(field, "")
        if (have == want) != (op == "="):
            return False
    return True
