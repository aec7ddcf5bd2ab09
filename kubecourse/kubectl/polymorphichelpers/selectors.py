"""The pods an object stands for, as a selector: for `logs` and `exec` of a workload or
Service, and for the Service `expose` creates.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/helpers.go
(SelectorsForObject: a label selector, or a map for the kinds that keep one) and
mapbasedselectorforobject.go (mapBasedSelectorForObject: what `expose` copies into the
Service, which only takes a map), with their error texts.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api import selectors
from kubecourse.kubectl.errors import CommandError

# --- SelectorsForObject ---------------------------------------------------------------------


def map_selector(obj: Any) -> selectors.Selector:
    """A ReplicationController's spec.selector, a plain map."""
    return selectors.from_map(obj.spec.selector)


def label_selector(obj: Any) -> selectors.Selector:
    """spec.selector, a LabelSelector (the apps and batch kinds)."""
    return selectors.from_label_selector(obj.spec.selector)


def service_selector(obj: Any) -> selectors.Selector:
    if not obj.spec.selector:
        raise CommandError(f"invalid service '{obj.metadata.name}': Service is defined without a selector")
    return selectors.from_map(obj.spec.selector)


# --- mapBasedSelectorForObject --------------------------------------------------------------


def pod_labels(pod: Any) -> dict[str, str]:
    if not pod.metadata.labels:
        raise CommandError("the pod has no labels and cannot be exposed")
    return dict(pod.metadata.labels)


def service_map(svc: Any) -> dict[str, str]:
    if svc.spec.selector is None:
        raise CommandError("the service has no pod selector set")
    return dict(svc.spec.selector)


def controller_map(rc: Any) -> dict[str, str]:
    return dict(rc.spec.selector or {})


def match_labels(obj: Any) -> dict[str, str]:
    """A LabelSelector's matchLabels; one with matchExpressions has no map form."""
    sel = obj.spec.selector
    if sel is None or not sel.match_labels:
        raise CommandError(f"invalid {obj.kind.lower()}: no selectors, therefore cannot be exposed")
    if sel.match_expressions:
        exprs = " ".join(f"{{Key:{e.key} Operator:{e.operator} Values:[{' '.join(e.values or [])}]}}"
                         for e in sel.match_expressions)
        raise CommandError(f'couldn\'t convert expressions - "[{exprs}]" to map-based selector format')
    return dict(sel.match_labels)
