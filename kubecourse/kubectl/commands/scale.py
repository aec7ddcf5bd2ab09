"""`kubectl scale --replicas=N (TYPE NAME | TYPE/NAME | -f FILE) [--current-replicas=M]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go (Validate, RunScale) and
pkg/scale/scale.go (ScaleSimple, ScalePrecondition.validate, WaitForScaleHasDesiredReplicas):
- The scale subresource only changes spec.replicas; kinds without one (pods, services) get
  the server's `the server could not find the requested resource`.
- A precondition (--current-replicas, --resource-version) is checked against the current
  scale: `Expected replicas to be 2, was 3`. The first failing object stops the command.
- Objects that could not be found are reported after the others were scaled; if none was
  found: `no objects passed to scale <the error>`.
- --timeout waits until status.replicas reaches the new size: `timed out waiting for "kubia"
  to be synced`.
"""

from __future__ import annotations

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import hints, objects, output
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG

NO_SCALE = StatusError(404, "NotFound", "the server could not find the requested resource")


def run(ctx, parsed, out, stdin) -> int:
    if "replicas" not in parsed.given:
        raise CommandError('required flag(s) "replicas" not set')
    replicas, current = parsed["replicas"], parsed["current-replicas"]
    if replicas < 0:
        raise CommandError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    if current < -1:
        raise CommandError("The --current-replicas must specify an integer of -1 or greater")
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    timeout = parse_duration(parsed["timeout"])
    found, errs, _ = objects.find(ctx, parsed, parsed.args, stdin, all_=parsed["all"])
    if parsed["resource-version"] and len(found) > 1:
        raise CommandError("cannot use --resource-version with multiple resources")
    if not found:
        reason = (errs[0].message if isinstance(errs[0], StatusError) else str(errs[0])) if errs else ""
        raise CommandError(f"no objects passed to scale {reason}".rstrip())
    printer = output.MutationPrinter(parsed["output"], dry_run)
    for f in found:
        obj = f.obj
        if dry_run != output.CLIENT:
            obj = scale(ctx, f, replicas, current, parsed["resource-version"], dry_run == output.SERVER)
            if timeout and dry_run == output.NONE:
                wait_synced(ctx, f, replicas, timeout)
        else:
            obj = obj.with_(spec=obj.spec.with_(replicas=replicas))
        printer.print(out, f.kind, obj.to_wire(), "scaled")
        if dry_run == output.NONE and (hint := hints.over_capacity(ctx, f"{f.kind.type_name}/{obj.metadata.name}",
                                                                   replicas)):
            out.error(hint)
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0


def scale(ctx, f: objects.Found, replicas: int, current: int, resource_version: str, dry_run: bool):
    if not f.kind.has_scale:
        raise NO_SCALE
    obj = ctx.get(f.kind.model, f.obj.metadata.name, f.obj.metadata.namespace or "")
    if current != -1 and obj.spec.replicas != current:
        raise CommandError(f"Expected replicas to be {current}, was {obj.spec.replicas}")
    if resource_version and obj.metadata.resource_version != resource_version:
        raise CommandError(f"Expected resource version to be {resource_version}, was "
                           f"{obj.metadata.resource_version}")
    return ctx.update(obj.with_(spec=obj.spec.with_(replicas=replicas)), dry_run=dry_run, subresource="scale")


def wait_synced(ctx, f: objects.Found, replicas: int, timeout: float) -> None:
    meta = f.obj.metadata

    def synced() -> bool:
        obj = ctx.try_get(f.kind.model, meta.name, meta.namespace or "")
        return obj is None or obj.spec.replicas != replicas or (obj.status and obj.status.replicas) == replicas

    if not ctx.wait(synced, timeout):
        raise CommandError(f'timed out waiting for "{meta.name}" to be synced')


COMMAND = Command(
    "scale",
    run,
    (Flag("replicas", kind="int", default=0), Flag("current-replicas", kind="int", default=-1),
     Flag("resource-version", default=""), Flag("timeout", default="0s"), Flag("all", kind="bool", default=False),
     FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG,
     Flag("record", kind="bool", default=False)),
    short="Set a new size for a deployment, replica set, or replication controller",
)
