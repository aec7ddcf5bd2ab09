"""`kubectl wait --for=delete|condition=C[=V]|jsonpath='{...}'[=V] (TYPE/NAME | TYPE --all | -l SEL)`.

Models staging/src/k8s.io/kubectl/pkg/cmd/wait/wait.go (ToOptions, RunWait, IsDeleted,
getObjAndCheckCondition) in virtual time: the cluster runs, timer by timer, until the condition
holds or --timeout (default 30s, shared by all objects) runs out. What the source says:
- Each object that meets the condition prints `pod/x condition met`.
- Out of time: `timed out waiting for the condition on pods/x` (plural, no group).
- --timeout=0 checks once: `condition not met for pods/x`. A negative timeout means a week;
  a wait that long which nothing pending can satisfy stops at once here, with kubectl's
  timeout text and a marked hint, instead of running the clock for a week.
- An object deleted while waiting for a condition: `pods "x" not found`. With --for=delete,
  objects already gone count as deleted (and print nothing); a recreated object (new uid)
  counts as deleted.
- Nothing matched: `no matching resources found` (not for --for=delete).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kubecourse.api import errors as api_errors
from kubecourse.api.errors import StatusError
from kubecourse.kubectl import objects, output, waitfor
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag
from kubecourse.kubectl.resources import FILENAME_FLAG, SELECTOR_FLAG

A_WEEK = 168 * 3600.0
UNBOUNDED_HINT = ("kubecourse hint: nothing pending in the cluster can make this condition true, so the wait "
                  "stopped instead of running the clock for a week. Check the object with `kubectl describe`.")


def run(ctx, parsed, out, stdin) -> int:
    condition = waitfor.parse(parsed["for"])
    timeout = parse_duration(parsed["timeout"])
    unbounded = timeout < 0
    output.check_format(parsed["output"])
    found, errs, _ = objects.find(ctx, parsed, parsed.args, stdin, all_=parsed["all"])
    if condition.delete:
        errs = [e for e in errs if not (isinstance(e, StatusError) and e.reason == "NotFound")]
    elif not found and not errs:
        raise CommandError("no matching resources found")
    deadline = ctx.now + timedelta(seconds=A_WEEK if unbounded else timeout)
    printer = output.MutationPrinter(parsed["output"])
    timed_out = False
    for f in found:
        try:
            met = wait_one(ctx, f, condition, timeout, deadline, unbounded)
        except StatusError as e:
            errs.append(e)
            continue
        if met:
            printer.print(out, f.kind, f.obj.to_wire(), "condition met")
        elif timeout == 0:
            errs.append(CommandError(f"condition not met for {f.kind.plural}/{f.obj.metadata.name}"))
        else:
            timed_out = True
            errs.append(CommandError(f"timed out waiting for the condition on {f.kind.plural}/{f.obj.metadata.name}"))
    if errs:
        out.error(format_errors(errs))
        if unbounded and timed_out:
            out.error(UNBOUNDED_HINT)
        return 1
    return 0


def wait_one(ctx: Context, f: objects.Found, condition: waitfor.Condition, timeout: float, deadline: datetime,
             unbounded: bool) -> bool:
    """Whether the condition came true for this object before the deadline; raises NotFound
    when the object it waits on disappears."""
    meta = f.obj.metadata
    ns = meta.namespace or ""

    def current():
        obj = ctx.try_get(f.kind.model, meta.name, ns)
        return obj if obj is not None and obj.metadata.uid == meta.uid else None

    if condition.delete:
        def done() -> bool:
            return current() is None
    else:
        def done() -> bool:
            obj = current()
            return obj is None or condition.check(obj.to_wire())

    if timeout == 0:
        return done()
    remaining = (deadline - ctx.now).total_seconds()
    met = done() or (remaining > 0 and ctx.wait(done, None if unbounded else remaining))
    if not met and not unbounded:
        ctx.advance(max(0.0, (deadline - ctx.now).total_seconds()))  # a real kubectl sat out its timeout
    if not condition.delete and met and current() is None:
        raise api_errors.not_found(f.kind.resource, meta.name)
    return met


COMMAND = Command(
    "wait",
    run,
    (Flag("for", default=""), Flag("timeout", default="30s"), Flag("all", kind="bool", default=False),
     Flag("all-namespaces", "A", kind="bool", default=False), Flag("field-selector", default=""),
     Flag("local", kind="bool", default=False), Flag("recursive", "R", kind="bool", default=True),
     FILENAME_FLAG, SELECTOR_FLAG, output.OUTPUT_FLAG),
    short="Experimental: Wait for a specific condition on one or many resources",
)
