"""The namespace controller: a deleted namespace empties itself, then goes.

Models kubernetes/kubernetes: pkg/controller/namespace/deletion/namespaced_resources_deleter.go
(Delete, deleteAllContent, finalizeNamespace) and status_condition_utils.go (the five
deletion conditions and their texts).

`kubectl delete namespace x` only marks the namespace: the API server sets deletionTimestamp
and phase Terminating, and the `kubernetes` entry in spec.finalizers keeps it. This controller
then, for a terminating namespace:
1. deletes every object in it, kind by kind, in background (pods terminate gracefully);
2. records what remains in the namespace's status conditions
   (`Some resources are remaining: pods. has 2 resource instances`);
3. once nothing remains, removes `kubernetes` from spec.finalizers (the finalize call), and the
   namespace is gone.
A step that cannot finish yet is simply redone: every deletion inside a terminating namespace
wakes the controller.

What we learned from the source:
- The conditions are always the same five, in the same order, each "False" with an OK reason
  unless something is wrong; their lastTransitionTime changes only when the status flips.
- Remaining resources print as `<resource>.<group>`, so core kinds read `pods.` (with the dot),
  sorted, joined with ", "; finalizers as `<finalizer> in <n> resource instances`.
- Upstream waits by requeueing after an estimate (the longest grace period left); we wait for
  the deletions themselves, which is the same instant in virtual time.
Left out: discovery and group-version parsing failures (everything is always discoverable
here), and other finalizers than `kubernetes` in spec.finalizers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeGuard

from kubecourse.api import errors, kinds
from kubecourse.api.models import Namespace
from kubecourse.api.models.core import NamespaceStatus
from kubecourse.api.models.meta import Condition
from kubecourse.api.server import BACKGROUND, DELETED, WatchEvent
from kubecourse.controllers import base

FINALIZER = "kubernetes"

# type -> (OK reason, OK message), in upstream's order (conditionTypes, okReasons, okMessages)
CONDITIONS: tuple[tuple[str, str, str], ...] = (
    ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
    ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
    ("NamespaceDeletionContentFailure", "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"),
    ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
    ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
)


def terminating(ns: Namespace | None) -> TypeGuard[Namespace]:
    return ns is not None and ns.metadata.deletion_timestamp is not None


class NamespaceController(base.Controller):
    name = "namespace-controller"
    for_kind = "Namespace"

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        obj = event.obj
        if event.kind == "Namespace":
            if event.type != DELETED and terminating(obj):
                yield ("", obj.metadata.name or "")
            return
        namespace = obj.metadata.namespace
        if namespace and terminating(self.api.try_get("Namespace", namespace)):
            yield ("", namespace)  # content changed or went: look again

    # Models namespaced_resources_deleter.go Delete
    def reconcile(self, key: base.Key) -> None:
        ns = self.api.try_get("Namespace", key[1])
        if not terminating(ns):
            return
        remaining, finalizers = self.delete_all_content(key[1])
        ns = self.update_conditions(ns, remaining, finalizers)
        if remaining:
            return  # the deletions under way wake us again
        rest = [f for f in ((ns.spec.finalizers if ns.spec else None) or ()) if f != FINALIZER]
        try:
            self.api.finalize_namespace(key[1], rest)
        except errors.StatusError:
            return  # already gone

    def delete_all_content(self, namespace: str) -> tuple[dict[str, int], dict[str, int]]:
        """Delete each object not yet being deleted; count what is still there, by resource
        (`pods.`) and by finalizer."""
        remaining: dict[str, int] = {}
        finalizers: dict[str, int] = {}
        for entry in kinds.KINDS:
            if not entry.namespaced:
                continue
            for obj in list(self.api.iter_namespace(entry.kind, namespace)):
                if obj.metadata.deletion_timestamp is None:
                    try:
                        obj = self.api.delete(entry.kind, obj.metadata.name, namespace, propagation=BACKGROUND)
                    except errors.StatusError:
                        continue
                if self.api.try_get(entry.kind, obj.metadata.name, namespace) is None:
                    continue
                resource = f"{entry.plural}.{entry.group}"
                remaining[resource] = remaining.get(resource, 0) + 1
                for f in obj.metadata.finalizers or ():
                    finalizers[f] = finalizers.get(f, 0) + 1
        return remaining, finalizers

    # Models status_condition_utils.go ProcessContentTotals + updateConditions
    def update_conditions(self, ns: Namespace, remaining: dict[str, int], finalizers: dict[str, int]) -> Namespace:
        problems: dict[str, tuple[str, str]] = {}
        if remaining:
            listed = ", ".join(sorted(f"{r} has {n} resource instances" for r, n in remaining.items()))
            problems["NamespaceContentRemaining"] = ("SomeResourcesRemain", f"Some resources are remaining: {listed}")
        if finalizers:
            listed = ", ".join(sorted(f"{f} in {n} resource instances" for f, n in finalizers.items()))
            problems["NamespaceFinalizersRemaining"] = (
                "SomeFinalizersRemain", f"Some content in the namespace has finalizers remaining: {listed}")
        now = self.clock.now
        ns_status = ns.status or NamespaceStatus()
        old = {c.type: c for c in (ns_status.conditions or ())}
        conditions = []
        for type_, ok_reason, ok_message in CONDITIONS:
            status, (reason, message) = ("True", problems[type_]) if type_ in problems else ("False",
                                                                                          (ok_reason, ok_message))
            before = old.get(type_)
            since = before.last_transition_time if before is not None and before.status == status else now
            conditions.append(Condition(type=type_, status=status, last_transition_time=since, reason=reason,
                                        message=message))
        if conditions == list(ns_status.conditions or ()):
            return ns
        return self.api.update_status(ns.with_(status=ns_status.with_(conditions=conditions)))
