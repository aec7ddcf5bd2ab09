"""Node leases: each node's heartbeat Lease in kube-node-lease, as its kubelet keeps it.

Models kubernetes/kubernetes: staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go
(controller.sync, newLease) as the kubelet runs it (pkg/kubelet/kubelet.go: NewController with
renewInterval = 0.25 x leaseDurationSeconds 40 = 10 s, and pkg/kubelet/nodelease.go
setNodeOwnerFunc). It lives with the controllers because it only reads and writes through
the API; the kubelet's own loop is in kubecourse/node.

What the source says:
- The lease is named after the node, in kube-node-lease; `newLease` writes holderIdentity = the
  node name, leaseDurationSeconds = 40 and renewTime = now (a MicroTime), and sets the Node as
  the lease's only owner (apiVersion v1, kind Node, name, uid; not a controller reference),
  so the garbage collector deletes the lease with its node. acquireTime is never set.
- Every renewal rewrites those three fields, so an edited holder is put back at the next tick;
  owner references are set only when the lease has none.
- A missing lease is created again on the next renewal tick.

How renewTime is kept here, and why: a real kubelet renews every 10 s forever. A timer every
10 s per node would leave the clock with something pending at every instant, so a wait that
nothing can satisfy (it stops at once: docs/architecture.md, Time and
randomness) would spin instead. So renewals are lazy:
whenever something happens on a node (the node, or a pod bound to it, is written), its lease
is brought up to the last tick of its 10-s renewal grid (node creation + k x 10 s) before that
instant. Between events the lease is as the node last left it, and at most one write per tick
is ever made, so a long rollout adds writes in proportion to virtual time, not to pod writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from kubecourse.api import errors
from kubecourse.api.models import Lease, Node, ObjectMeta
from kubecourse.api.models.coordination import LeaseSpec
from kubecourse.api.models.meta import OwnerReference
from kubecourse.api.server import DELETED, WatchEvent
from kubecourse.controllers import base

NAMESPACE = "kube-node-lease"
LEASE_DURATION_SECONDS = 40
RENEW_INTERVAL = timedelta(seconds=LEASE_DURATION_SECONDS / 4)  # the kubelet's renewInterval


def last_tick(created: datetime, now: datetime) -> datetime:
    """The latest renewal at or before `now` of a kubelet started at `created`.
    Created 00:00:00, now 00:01:07 -> 00:01:00."""
    return created + RENEW_INTERVAL * ((now - created) // RENEW_INTERVAL)


class NodeLeaseController(base.Controller):
    name = "node-lease-controller"
    for_kind = "Node"
    watches = ("Node", "Pod", "Lease")

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        obj = event.obj
        if event.kind == "Node":
            yield (NAMESPACE, obj.metadata.name)
        elif event.kind == "Pod" and obj.spec is not None and obj.spec.node_name:
            yield (NAMESPACE, obj.spec.node_name)
        elif event.kind == "Lease" and event.type == DELETED and obj.metadata.namespace == NAMESPACE:
            yield (NAMESPACE, obj.metadata.name)

    # Models lease/controller.go sync (ensureLease, then retryUpdateLease)
    def reconcile(self, key: base.Key) -> base.Result | None:
        node = self.api.try_get("Node", key[1])
        if node is None or node.metadata.deletion_timestamp is not None:
            return None  # no kubelet to renew it; the garbage collector takes the lease
        now = self.clock.now
        tick = last_tick(node.metadata.creation_timestamp or now, now)
        lease = self.api.try_get("Lease", key[1], NAMESPACE)
        try:
            if lease is None:
                if tick < now:
                    return base.Result(requeue_after=(tick + RENEW_INTERVAL - now).total_seconds())
                self.api.create(new_lease(node, tick))
            elif lease.spec is None or lease.spec.renew_time is None or lease.spec.renew_time < tick:
                self.api.update(renewed(lease, node, tick))
        except errors.StatusError:
            pass  # kube-node-lease is gone, or a writer raced us: the next event on the node retries
        return None


def node_owner(node: Node) -> OwnerReference:
    """setNodeOwnerFunc: the Node owns its lease, without being its controller."""
    return OwnerReference(api_version="v1", kind="Node", name=node.metadata.name, uid=node.metadata.uid)


def new_lease(node: Node, renew_time: datetime) -> Lease:
    return renewed(Lease(metadata=ObjectMeta(name=node.metadata.name, namespace=NAMESPACE)), node, renew_time)


def renewed(lease: Lease, node: Node, renew_time: datetime) -> Lease:
    """newLease: the node's holder, duration and renew time over whatever else the lease has;
    the node as owner when the lease has none."""
    spec = (lease.spec or LeaseSpec()).with_(holder_identity=node.metadata.name,
                                             lease_duration_seconds=LEASE_DURATION_SECONDS, renew_time=renew_time)
    meta = lease.metadata if lease.metadata.owner_references else lease.metadata.with_(
        owner_references=[node_owner(node)])
    return lease.with_(metadata=meta, spec=spec)
