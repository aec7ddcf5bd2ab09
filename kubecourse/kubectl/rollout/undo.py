"""`kubectl rollout undo (TYPE NAME | TYPE/NAME) [--to-revision=N] [--dry-run=client|server]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_undo.go
(RunUndo): each object is rolled back by its kind's rollbacker (polymorphichelpers.rollback,
the kind's `rollbacker` in kubecourse.kubectl.polymorphichelpers); a kind without one is
`no rollbacker has been implemented for "Pod"`. Errors are reported at the end.
"""

from __future__ import annotations

from kubecourse.kubectl import output, polymorphichelpers
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.rollout import group_kind, require_resource, targets

FLAGS = (Flag("to-revision", kind="int", default=0), FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG,
         output.DRY_RUN_FLAG, output.OUTPUT_FLAG, Flag("show-managed-fields", kind="bool", default=False))

def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    require_resource(parsed)
    found, errs = targets(ctx, parsed, stdin)
    printer = output.MutationPrinter(parsed["output"], dry_run)
    for f in found:
        rollback = polymorphichelpers.for_kind(f.kind.kind).rollbacker
        if rollback is None:
            errs.append(CommandError(f'no rollbacker has been implemented for "{group_kind(f.kind)}"'))
            continue
        try:
            result = rollback(ctx, f.obj, parsed["to-revision"], dry_run)
        except CommandError as e:
            errs.append(e)
            continue
        printer.print(out, f.kind, f.obj.to_wire(), result)
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0
