"""`kubectl rollout history (TYPE NAME | TYPE/NAME) [--revision=N]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_history.go (Run);
the text comes from the kind's history viewer (polymorphichelpers/history.go, the kind's
`history_viewer` in kubecourse.kubectl.polymorphichelpers).

What the source says:
- A kind without a viewer is `no history viewer has been implemented for "Pod"`.
- The name printer prints the text as its "operation": `deployment.apps/kubia ` + newline +
  the table (tabwriter, padding 2), or `deployment.apps/kubia with revision #2` + newline +
  that revision's pod template as describe writes it, tabs left raw (a PrefixWriter over a
  plain buffer). The RS's change-cause is added to the template's annotations first.
- `No rollout history found.` when no RS has a usable revision; an unknown --revision is
  `unable to find the specified revision`.
- Each object is visited on its own; errors are reported at the end.
"""

from __future__ import annotations

from kubecourse.kubectl import output, polymorphichelpers
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.rollout import group_kind, require_resource, targets

FLAGS = (Flag("revision", kind="int", default=0), FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, output.OUTPUT_FLAG,
         Flag("show-managed-fields", kind="bool", default=False))


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    require_resource(parsed)
    revision = parsed["revision"]
    if revision < 0:
        raise CommandError(f"revision must be a positive integer: {revision}")
    output.check_format(parsed["output"])
    found, errs = targets(ctx, parsed, stdin)
    printer = output.MutationPrinter(parsed["output"])
    for f in found:
        viewer = polymorphichelpers.for_kind(f.kind.kind).history_viewer
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
