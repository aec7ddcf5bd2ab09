"""Viewing a kind's rollout history: `kubectl rollout history` and, for --dry-run=client,
`rollout undo`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/history.go
(DeploymentHistoryViewer.ViewHistory, printTemplate, tabbedString). A Deployment's history is
its ReplicaSets by revision (an RS without the annotation is revision 0; one whose
annotation does not parse is skipped; two with one number: the later listed wins).
CHANGE-CAUSE is each RS's `kubernetes.io/change-cause`, `<none>` if unset; a revision's
template is printed as describe writes it, with the RS's change-cause among its annotations.
"""

from __future__ import annotations

from kubecourse.api.models import Deployment
from kubecourse.api.models.core import PodTemplateSpec
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.controllers.deployment import util
from kubecourse.kubectl import record
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.describe.pods import describe_pod_template
from kubecourse.kubectl.describe.writer import PrefixWriter, tabulate
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.polymorphichelpers.replicasets import replica_sets


def template_text(template: PodTemplateSpec | None) -> str:
    """printTemplate: DescribePodTemplate into a plain buffer."""
    w = PrefixWriter()
    describe_pod_template(w, template)
    return w.raw()


def deployment_history(ctx: Context, d: Deployment) -> dict[int, PodTemplateSpec]:
    """Revision -> pod template, each carrying its RS's change-cause annotation."""
    history: dict[int, PodTemplateSpec] = {}
    for rs in replica_sets(ctx, d):
        revision = util.revision(rs)
        if revision is None:
            continue
        template = rs.spec.template
        cause = (rs.metadata.annotations or {}).get(record.CHANGE_CAUSE)
        if cause:
            meta = template.metadata or ObjectMeta()
            template = template.with_(metadata=meta.with_(
                annotations={**(meta.annotations or {}), record.CHANGE_CAUSE: cause}))
        history[revision] = template
    return history


def view_deployment_history(ctx: Context, d: Deployment, revision: int) -> str:
    """DeploymentHistoryViewer.ViewHistory."""
    history = deployment_history(ctx, d)
    if not history:
        return "No rollout history found."
    if revision > 0:
        if revision not in history:
            raise CommandError("unable to find the specified revision")
        return template_text(history[revision])
    rows = ["REVISION\tCHANGE-CAUSE\n"]
    for r in sorted(history):
        meta = history[r].metadata
        cause = (meta.annotations or {}).get(record.CHANGE_CAUSE) if meta else None
        rows.append(f"{r}\t{cause or '<none>'}\n")
    return tabulate("".join(rows))
