"""`kubectl rollout history (TYPE NAME | TYPE/NAME) [--revision=N]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_history.go (Run)
and staging/src/k8s.io/kubectl/pkg/polymorphichelpers/history.go (DeploymentHistoryViewer,
printTemplate, tabbedString), kubernetes-behavior.md §4.2.

What the source says:
- A Deployment's history is its ReplicaSets by revision (an RS without the annotation is
  revision 0; one whose annotation does not parse is skipped; two with one number: the later
  listed wins). CHANGE-CAUSE is each RS's `kubernetes.io/change-cause`, `<none>` if unset.
- The name printer prints the text as its "operation": `deployment.apps/kubia ` + newline +
  the table (tabwriter, padding 2), or `deployment.apps/kubia with revision #2` + newline +
  that revision's pod template as describe writes it, tabs left raw (a PrefixWriter over a
  plain buffer). The RS's change-cause is added to the template's annotations first.
- `No rollout history found.` when no RS has a usable revision; an unknown --revision is
  `unable to find the specified revision`.
- Each object is visited on its own; errors are reported at the end.
"""

from __future__ import annotations

from kubecourse.api.models import Deployment
from kubecourse.api.models.core import PodTemplateSpec
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.controllers import deploymentutil as util
from kubecourse.kubectl import output, record
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.describe.pods import describe_pod_template
from kubecourse.kubectl.describe.writer import PrefixWriter, tabulate
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.rollout import group_kind, replica_sets, require_resource, targets

FLAGS = (Flag("revision", kind="int", default=0), FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, output.OUTPUT_FLAG,
         Flag("show-managed-fields", kind="bool", default=False))


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


# HistoryViewerFor: the kinds with a history (DaemonSet and StatefulSet join when simulated).
VIEWERS = {"Deployment": view_deployment_history}


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    require_resource(parsed)
    revision = parsed["revision"]
    if revision < 0:
        raise CommandError(f"revision must be a positive integer: {revision}")
    output.check_format(parsed["output"])
    found, errs = targets(ctx, parsed, stdin)
    printer = output.MutationPrinter(parsed["output"])
    for f in found:
        viewer = VIEWERS.get(f.kind.kind)
        if viewer is None:
            errs.append(CommandError(f'no history viewer has been implemented for "{group_kind(f.kind)}"'))
            continue
        try:
            text = viewer(ctx, f.obj, revision)
        except CommandError as e:
            errs.append(e)
            continue
        with_revision = f"with revision #{revision}" if revision > 0 else ""
        printer.print(out, f.kind, f.obj.to_wire(), f"{with_revision}\n{text}")
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0
