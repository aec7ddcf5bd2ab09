"""Watching a kind's rollout: `kubectl rollout status`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go
(DeploymentStatusViewer.Status, StatefulSetStatusViewer.Status,
DaemonSetStatusViewer.Status): the message for one state of the object and whether the
rollout is done; a Deployment past its progress deadline, or at another revision than
--revision, is an error.

A status viewer here also says when a wait without a limit can never end, which kubectl has
no need to know (it would wait forever): a paused Deployment whose rollout still needs
ReplicaSets resized. The command then stops with kubectl's timeout text and a marked hint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kubecourse.api.models import DaemonSet, Deployment, StatefulSet
from kubecourse.api.models.apps import StatefulSetStatus
from kubecourse.controllers.deployment import util
from kubecourse.kubectl import hints
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.polymorphichelpers.replicasets import replica_sets


@dataclass(frozen=True)
class StatusViewer:
    status: Callable[[Any, int], tuple[str, bool]]  # (object, --revision) -> (message, done); raises CommandError
    stuck: Callable[[Context, Any], str]  # the hint when nothing pending can finish the rollout, else ""


def deployment_status(d: Deployment, revision: int) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status: the message for one state of the Deployment."""
    name = d.metadata.name
    if revision > 0:
        current = util.revision(d)
        if current is None:
            raise CommandError(f'cannot get the revision of deployment "{name}"')
        if current != revision:
            raise CommandError(f"desired revision ({revision}) is different from the running revision ({current})")
    status = d.status
    if (d.metadata.generation or 0) > ((status.observed_generation if status else None) or 0):
        return "Waiting for deployment spec update to be observed...", False
    cond = util.get_deployment_condition(status, util.PROGRESSING)
    if cond is not None and cond.reason == util.TIMED_OUT:
        raise CommandError(f'deployment "{name}" exceeded its progress deadline')
    replicas = (status.replicas if status else None) or 0
    updated = (status.updated_replicas if status else None) or 0
    available = (status.available_replicas if status else None) or 0
    waiting = f'Waiting for deployment "{name}" rollout to finish: '
    if d.spec.replicas is not None and updated < d.spec.replicas:
        return f"{waiting}{updated} out of {d.spec.replicas} new replicas have been updated...", False
    if replicas > updated:
        return f"{waiting}{replicas - updated} old replicas are pending termination...", False
    if available < updated:
        return f"{waiting}{available} of {updated} updated replicas are available...", False
    return f'deployment "{name}" successfully rolled out', True


def stuck(ctx: Context, d: Deployment) -> bool:
    """Whether nothing pending can finish the rollout: a paused Deployment is only scaled, so
    if its template has no ReplicaSet yet, or an old ReplicaSet still asks for pods, no
    controller will move the rollout on."""
    if not d.spec.paused:
        return False
    rss = replica_sets(ctx, d)
    _, old = util.find_old_replica_sets(d, rss)
    return util.find_new_replica_set(d, rss) is None or bool(old)


def stuck_hint(name: str) -> str:
    return hints.hint(f'deployment "{name}" is paused, so no controller will finish its rollout and real kubectl '
                      "would wait forever; kubecourse stopped the wait instead of running the clock. Resume it with "
                      f"`kubectl rollout resume deployment/{name}`.")


def deployment_stuck_hint(ctx: Context, d: Deployment) -> str:
    return stuck_hint(d.metadata.name) if stuck(ctx, d) else ""


DEPLOYMENT = StatusViewer(deployment_status, deployment_stuck_hint)


def stateful_set_status(sts: StatefulSet, revision: int) -> tuple[str, bool]:
    """StatefulSetStatusViewer.Status."""
    spec, status = sts.spec, sts.status or StatefulSetStatus()
    strategy = spec.update_strategy
    if strategy is None or strategy.type != "RollingUpdate":
        raise CommandError("rollout status is only available for RollingUpdate strategy type")
    if not status.observed_generation or (sts.metadata.generation or 0) > status.observed_generation:
        return "Waiting for statefulset spec update to be observed...", False
    ready = status.ready_replicas or 0
    if spec.replicas is not None and ready < spec.replicas:
        return f"Waiting for {spec.replicas - ready} pods to be ready...", False
    updated = status.updated_replicas or 0
    if strategy.rolling_update is not None:
        partition = strategy.rolling_update.partition
        if spec.replicas is not None and partition is not None and updated < spec.replicas - partition:
            return (f"Waiting for partitioned roll out to finish: {updated} out of {spec.replicas - partition} "
                    "new pods have been updated..."), False
        return f"partitioned roll out complete: {updated} new pods have been updated...", True
    if status.update_revision != status.current_revision:
        return (f"waiting for statefulset rolling update to complete {updated} pods at revision "
                f"{status.update_revision}..."), False
    return (f"statefulset rolling update complete {status.current_replicas or 0} pods at revision "
            f"{status.current_revision}..."), True


def never_stuck(_ctx: Context, _obj: Any) -> str:
    return ""


STATEFUL_SET = StatusViewer(stateful_set_status, never_stuck)


def daemon_set_status(ds: DaemonSet, revision: int) -> tuple[str, bool]:
    """DaemonSetStatusViewer.Status (its refusal names the StatefulSet strategy type, as upstream's does)."""
    spec, status = ds.spec, ds.status
    if spec is None or spec.update_strategy is None or spec.update_strategy.type != "RollingUpdate":
        raise CommandError("rollout status is only available for RollingUpdate strategy type")
    if status is None or (ds.metadata.generation or 0) > (status.observed_generation or 0):
        return "Waiting for daemon set spec update to be observed...", False
    updated, desired = status.updated_number_scheduled or 0, status.desired_number_scheduled
    name = ds.metadata.name
    if updated < desired:
        return (f'Waiting for daemon set "{name}" rollout to finish: {updated} out of {desired} new pods have been '
                "updated..."), False
    if (status.number_available or 0) < desired:
        return (f'Waiting for daemon set "{name}" rollout to finish: {status.number_available or 0} of {desired} '
                "updated pods are available..."), False
    return f'daemon set "{name}" successfully rolled out', True


DAEMON_SET = StatusViewer(daemon_set_status, never_stuck)
