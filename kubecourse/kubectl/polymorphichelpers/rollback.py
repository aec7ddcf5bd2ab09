"""Rolling a kind back to an earlier revision: `kubectl rollout undo`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go
(DeploymentRollbacker.Rollback, deploymentRevision, getDeploymentPatch). apps/v1 has no
rollback API, so kubectl does it on the client:
1. A negative --to-revision is `unable to find specified revision -1 in history`.
2. The target is the RS with that revision, or with 0 the one with the second-highest
   revision (`no rollout history found for deployment "kubia"` when there is none).
3. --dry-run=client prints that revision's pod template instead, as the "operation".
4. A paused Deployment is refused; a target whose template already is the Deployment's
   (pod-template-hash aside) is `skipped rollback (current template already matches
   revision N)`, N being --to-revision as given (0 by default).
5. Otherwise one JSON patch replaces spec.template with the RS's (without the hash label) and
   metadata.annotations with the Deployment's own bookkeeping annotations plus every other
   annotation of the RS, so the change-cause goes back to that revision's. The Deployment
   controller then finds the old RS new again and rolls to it.
"""

from __future__ import annotations

from kubecourse.api.errors import StatusError
from kubecourse.api.models import Deployment, ReplicaSet
from kubecourse.api.models.core import PodTemplateSpec
from kubecourse.controllers.deployment import util
from kubecourse.kubectl import output
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.polymorphichelpers.history import template_text
from kubecourse.kubectl.polymorphichelpers.replicasets import replica_sets

PAUSED = "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"


def revision_not_found(revision: int) -> CommandError:
    return CommandError(f"unable to find specified revision {revision} in history")


def deployment_revision(ctx: Context, d: Deployment, to_revision: int) -> ReplicaSet:
    """deploymentRevision: the RS to go back to."""
    latest: tuple[int, ReplicaSet | None] = (-1, None)
    previous: tuple[int, ReplicaSet | None] = (-1, None)
    for rs in replica_sets(ctx, d):
        v = util.revision(rs)
        if v is None:
            continue
        if to_revision == 0:
            if latest[0] < v:
                latest, previous = (v, rs), latest
            elif previous[0] < v:
                previous = (v, rs)
        elif v == to_revision:
            return rs
    if to_revision > 0:
        raise revision_not_found(to_revision)
    if previous[1] is None:
        raise CommandError(f'no rollout history found for deployment "{d.metadata.name}"')
    return previous[1]


def without_hash(template: PodTemplateSpec) -> PodTemplateSpec:
    labels = {k: v for k, v in (template.metadata.labels or {}).items() if k != util.POD_TEMPLATE_HASH}
    return template.with_(metadata=template.metadata.with_(labels=labels or None))


def rollback_deployment(ctx: Context, d: Deployment, to_revision: int, dry_run: str) -> str:
    """DeploymentRollbacker.Rollback: the operation to print."""
    if to_revision < 0:
        raise revision_not_found(to_revision)
    rs = deployment_revision(ctx, d, to_revision)
    if dry_run == output.CLIENT:
        return template_text(rs.spec.template)
    if d.spec.paused:
        raise CommandError(PAUSED)
    if util.equal_ignore_hash(rs.spec.template, d.spec.template):
        return f"skipped rollback (current template already matches revision {to_revision})"
    current = d.metadata.annotations or {}
    annotations = {k: current[k] for k in sorted(util.ANNOTATIONS_TO_SKIP) if k in current}
    annotations |= {k: v for k, v in (rs.metadata.annotations or {}).items() if k not in util.ANNOTATIONS_TO_SKIP}
    restored = d.with_(metadata=d.metadata.with_(annotations=annotations or None),
                       spec=d.spec.with_(template=without_hash(rs.spec.template)))
    try:
        ctx.update(restored, dry_run=dry_run == output.SERVER)
    except StatusError as e:
        raise CommandError(f"failed restoring revision {to_revision}: {e.message}") from None
    return "rolled back"
