"""A node selector term against a node, shared by the scheduler's NodeAffinity filter and a
PersistentVolume's node affinity.

Models kubernetes/kubernetes: staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity
(nodeSelectorTerm.match: matchExpressions on labels, matchFields on metadata.name).
"""

from __future__ import annotations

from kubecourse.api import selectors
from kubecourse.api.models import Node

_NODE_OPERATORS = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!", "Gt": "gt", "Lt": "lt"}


def matches_node_selector_term(term: dict, node: Node) -> bool:
    """One nodeSelectorTerm: all its expressions (labels) and fields (metadata.name) hold;
    a term with neither matches nothing."""
    exprs, fields = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not exprs and not fields:
        return False
    labels = node.metadata.labels or {}
    for e in exprs:
        req = selectors.Requirement(e["key"], _NODE_OPERATORS[e["operator"]], tuple(e.get("values") or ()))
        if not req.matches(labels):
            return False
    for f in fields:
        req = selectors.Requirement(f["key"], _NODE_OPERATORS[f["operator"]], tuple(f.get("values") or ()))
        if f["key"] != "metadata.name" or not req.matches({"metadata.name": node.metadata.name or ""}):
            return False
    return True
