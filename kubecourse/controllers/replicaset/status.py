"""The status a ReplicaSet sync writes.

Models kubernetes/kubernetes: pkg/controller/replicaset/replica_set_utils.go
(calculateStatus, updateReplicaSetStatus's observedGeneration, NewReplicaSetCondition,
SetCondition, RemoveCondition). Nothing here reads the clock: `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kubecourse.api.models import Pod, ReplicationController
from kubecourse.api.models.apps import ReplicaSet, ReplicaSetStatus
from kubecourse.api.models.core import ReplicationControllerStatus
from kubecourse.api.models.meta import Condition
from kubecourse.controllers import controllerutil, podutil

REPLICA_FAILURE = "ReplicaFailure"


def calculate_status(rs: ReplicaSet | ReplicationController, pods: list[Pod], error: str | None, now: datetime,
                     facts: Callable[[Pod], podutil.PodFacts] = podutil.pod_facts,
                     ) -> ReplicaSetStatus | ReplicationControllerStatus:
    """replica_set_utils.go calculateStatus, with updateReplicaSetStatus's observedGeneration.

    Counts are of the active pods the RS controls *before* this sync's creates and deletes:
    replicas=2 -> 3 shows status.replicas 2 first; the new pod's ADDED event brings the next
    sync, which shows 3. Zero counts are left out, as the API omits them. A failed sync adds
    ReplicaFailure (FailedCreate or FailedDelete, by which way the count was off); it stays,
    message and time unchanged, until a sync succeeds."""
    template_meta = controllerutil.template(rs).metadata
    template_labels = template_meta.labels if template_meta else None
    min_ready = (rs.spec.min_ready_seconds if rs.spec is not None else None) or 0
    fully_labeled = ready = available = 0
    for pod in pods:
        fully_labeled += podutil.has_labels(pod, template_labels)
        pod_facts = facts(pod)
        if pod_facts.ready:
            ready += 1
            available += pod_facts.available(min_ready, now)
    status = rs.status or (ReplicaSetStatus() if isinstance(rs, ReplicaSet) else ReplicationControllerStatus())
    conditions = list(status.conditions or ())
    failure = next((c for c in conditions if c.type == REPLICA_FAILURE), None)
    if error is not None and failure is None:
        diff = len(pods) - controllerutil.replicas(rs)
        reason = "FailedCreate" if diff < 0 else "FailedDelete" if diff > 0 else ""
        conditions.append(Condition(type=REPLICA_FAILURE, status="True", reason=reason, message=error,
                                    last_transition_time=now))
    elif error is None and failure is not None:
        conditions.remove(failure)
    return status.with_(
        replicas=len(pods),
        fully_labeled_replicas=fully_labeled or None,
        ready_replicas=ready or None,
        available_replicas=available or None,
        observed_generation=rs.metadata.generation,
        conditions=conditions or None,
    )
