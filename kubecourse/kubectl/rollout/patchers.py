"""`kubectl rollout pause|resume|restart (TYPE NAME | TYPE/NAME | TYPE -l SEL)`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_pause.go,
rollout_resume.go, rollout_restart.go (Run*).

The three share one shape: the kind's pauser, resumer or restarter (polymorphichelpers
objectpauser.go, objectresumer.go, objectrestarter.go: the kind's entry in
kubecourse.kubectl.polymorphichelpers) changes the object or refuses with a reason, the
difference is sent as a patch, the name printer says what was done. A refusal is reported as
`error: deployments.apps "kubia" is already paused` (resource, quoted name, reason) and the
other objects go on; all errors print at the end.
- A kind without the helper: `pausing is not supported`, `resuming is not supported`,
  `restarting is not supported`.
- A second restart within the same second changes nothing: kubectl then says `failed to
  create patch for kubia: if restart has already been triggered within the past second,
  please wait before attempting to trigger another` (the 1.32 text) and moves on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import output, polymorphichelpers
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.polymorphichelpers import Helpers
from kubecourse.kubectl.polymorphichelpers.objectpatchers import Mutate, Refused
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.rollout import no_resources, targets

RESTARTED_RECENTLY = ("if restart has already been triggered within the past second, please wait before "
                      "attempting to trigger another")

FLAGS = (FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, output.OUTPUT_FLAG,
         Flag("field-manager", default="kubectl-rollout"), Flag("show-managed-fields", kind="bool", default=False))


@dataclass(frozen=True)
class Patcher:
    helper: Callable[[Helpers], Mutate | None]  # the kind's pauser, resumer or restarter
    unsupported: str  # the refusal of a kind without one
    operation: str  # what the name printer says: "paused"


PAUSE = Patcher(attrgetter("pauser"), "pausing is not supported", "paused")
RESUME = Patcher(attrgetter("resumer"), "resuming is not supported", "resumed")
RESTART = Patcher(attrgetter("restarter"), "restarting is not supported", "restarted")


def run(patcher: Patcher, ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    output.check_format(parsed["output"])
    found, errs = targets(ctx, parsed, stdin)
    if not found and not errs:
        return no_resources(out, parsed)
    printer = output.MutationPrinter(parsed["output"])
    for f in found:
        mutate = patcher.helper(polymorphichelpers.for_kind(f.kind.kind))
        try:
            if mutate is None:
                raise Refused(patcher.unsupported)
            changed = mutate(f.obj, ctx.now)
        except Refused as e:
            errs.append(CommandError(f'error: {f.kind.resource} "{f.obj.metadata.name}" {e}'))
            continue
        if changed.to_wire() == f.obj.to_wire():  # only a restart within the same second can change nothing
            errs.append(CommandError(f"failed to create patch for {f.obj.metadata.name}: {RESTARTED_RECENTLY}"))
            continue
        try:
            stored = ctx.update(changed)
        except StatusError as e:
            errs.append(CommandError(f"failed to patch: {e.message}"))
            continue
        printer.print(out, f.kind, stored.to_wire(), patcher.operation)
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0
