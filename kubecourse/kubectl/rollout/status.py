"""`kubectl rollout status (TYPE NAME | TYPE/NAME) [--watch] [--revision=N] [--timeout=D]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_status.go (Run),
in virtual time; each state's message comes from the kind's status viewer
(polymorphichelpers/rollout_status.go, the kind's `status_viewer` in
kubecourse.kubectl.polymorphichelpers).

What the source says:
- Each object named is watched in turn (`rollout status deploy` waits for every Deployment);
  a kind without a status viewer ends the command with an error.
- kubectl lists the object and then watches it (UntilWithSync): the listed state and every
  later ADDED/MODIFIED event are evaluated and their message printed, so the same line
  repeats when a write changes nothing the message shows. It stops on the first done state,
  on an error (progress deadline exceeded, another revision than --revision), when the object
  is deleted (`object has been deleted`), after one message with --watch=false, or when
  --timeout runs out (`timed out waiting for the condition`; 0 means no limit).

Here the cluster runs timer by timer while the watch records the Deployment's writes; each
is evaluated in the order written, at the virtual instant it happened. A wait without a
limit that nothing can end stops at once, with kubectl's timeout text and a marked hint: a
paused Deployment whose rollout still needs ReplicaSets resized (docs/architecture.md, Time
and randomness).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from kubecourse.api.kinds import Kind
from kubecourse.api.server import DELETED, WatchEvent
from kubecourse.kubectl import hints, polymorphichelpers
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.polymorphichelpers.rollout_status import StatusViewer
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.rollout import group_kind, no_resources, require_resource, targets

TIMED_OUT = "timed out waiting for the condition"

FLAGS = (Flag("watch", "w", kind="bool", default=True), Flag("revision", kind="int", default=0),
         Flag("timeout", default="0s"), FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG)

CAP_HINT = hints.hint("the rollout did not finish within the virtual hour kubecourse waits without --timeout; real "
                      "kubectl would keep waiting. Check the Deployment with `kubectl describe`.")


@dataclass
class StatusWatch:
    """The watch on one object: evaluates each of its writes in order until one ends the wait."""

    kind: str
    namespace: str
    name: str
    viewer: StatusViewer
    revision: int
    out: Output
    keep_watching: bool
    pending: list[WatchEvent] = field(default_factory=list)
    finished: bool = False
    error: CommandError | None = None

    def __call__(self, event: WatchEvent) -> None:
        meta = event.obj.metadata
        if not self.finished and event.kind == self.kind and meta.name == self.name and \
                (meta.namespace or "") == self.namespace:
            self.pending.append(event)

    def show(self, obj: Any) -> None:
        try:
            message, done = self.viewer.status(obj, self.revision)
        except CommandError as e:
            self.finished, self.error = True, e
            return
        self.out.print(message)
        self.finished = done or not self.keep_watching

    def done(self) -> bool:
        """Called by the clock after each timer: handle what was written since."""
        while self.pending and not self.finished:
            event = self.pending.pop(0)
            if event.type == DELETED:
                self.finished, self.error = True, CommandError("object has been deleted")
            else:
                self.show(event.obj)
        self.pending.clear()
        return self.finished


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    timeout = parse_duration(parsed["timeout"])
    require_resource(parsed)
    if parsed["revision"] < 0:
        raise CommandError(f"revision must be a positive integer: {parsed['revision']}")
    found, errs = targets(ctx, parsed, stdin)
    if errs:
        out.error(format_errors(errs[:1]))  # without ContinueOnError the builder stops at the first
        return 1
    if not found:
        return no_resources(out, parsed)
    for f in found:
        code = watch_one(ctx, parsed, out, f.kind, f.obj, timeout)
        if code:
            return code
    return 0


def watch_one(ctx: Context, parsed: Parsed, out: Output, kind: Kind, obj: Any, timeout: float) -> int:
    viewer = polymorphichelpers.for_kind(kind.kind).status_viewer
    if viewer is None:
        raise CommandError(f"no status viewer has been implemented for {group_kind(kind)}")
    watch = StatusWatch(kind.kind, obj.metadata.namespace or "", obj.metadata.name, viewer, parsed["revision"], out,
                        parsed["watch"])
    watch.show(obj)  # the listed state, as UntilWithSync's first ADDED event
    hint = "" if watch.finished else wait(ctx, watch, obj, timeout)
    if watch.error is None:
        return 0
    out.error(f"error: {watch.error}")
    if hint:
        out.error(hint)
    return 1


def wait(ctx: Context, watch: StatusWatch, obj: Any, timeout: float) -> str:
    """Run the cluster until the watch ends or --timeout (virtual seconds; 0: none) runs out.
    Returns the hint to print when a wait without a limit was stopped."""
    unbounded = timeout <= 0
    if unbounded and (hint := watch.viewer.stuck(ctx, obj)):
        watch.error = CommandError(TIMED_OUT)
        return hint
    deadline = ctx.now + timedelta(seconds=timeout)
    stop = ctx.watch(watch)
    try:
        finished = ctx.wait(watch.done, None if unbounded else timeout)
        if not finished and not unbounded:
            ctx.advance(max(0.0, (deadline - ctx.now).total_seconds()))  # a real kubectl sat out its timeout
            finished = watch.done()
    finally:
        stop()
    if finished:
        return ""
    watch.error = CommandError(TIMED_OUT)
    return CAP_HINT if unbounded else ""
