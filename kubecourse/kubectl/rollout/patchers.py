"""`kubectl rollout pause|resume|restart (TYPE NAME | TYPE/NAME | TYPE -l SEL)`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_pause.go,
rollout_resume.go, rollout_restart.go (Run*) and staging/src/k8s.io/kubectl/pkg/polymorphichelpers
objectpauser.go, objectresumer.go, objectrestarter.go; kubernetes-behavior.md §3.12, §4.4.

The three share one shape: a function changes the object (or refuses with a reason), the
difference is sent as a patch, the name printer says what was done. A refusal is reported as
`error: deployments.apps "kubia" is already paused` (resource, quoted name, reason) and the
other objects go on; all errors print at the end.
- pause / resume: Deployments only (`pausing is not supported`, `resuming is not supported`).
- restart sets the template annotation `kubectl.kubernetes.io/restartedAt` to the time in
  RFC 3339 (here the virtual time), refuses a paused Deployment, and works for the kinds with
  a rolling update (Deployment, DaemonSet, StatefulSet). A second restart within the same
  second changes nothing: kubectl then says `failed to create patch for kubia: if restart has
  already been triggered within the past second, please wait before attempting to trigger
  another` (the 1.32 text) and moves on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import output
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.rollout import no_resources, rfc3339, targets

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
RESTARTABLE = ("Deployment", "DaemonSet", "StatefulSet")
RESTARTED_RECENTLY = ("if restart has already been triggered within the past second, please wait before "
                      "attempting to trigger another")

FLAGS = (FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, output.OUTPUT_FLAG,
         Flag("field-manager", default="kubectl-rollout"), Flag("show-managed-fields", kind="bool", default=False))

Mutate = Callable[[str, Any, datetime], Any]  # (kind, object, now) -> changed object; raises Refused


class Refused(Exception):
    """The object cannot be changed this way; the message is the reason."""


def pause(kind: str, obj: Any, _now: datetime) -> Any:
    """defaultObjectPauser."""
    if kind != "Deployment":
        raise Refused("pausing is not supported")
    if obj.spec.paused:
        raise Refused("is already paused")
    return obj.with_(spec=obj.spec.with_(paused=True))


def resume(kind: str, obj: Any, _now: datetime) -> Any:
    """defaultObjectResumer: paused false is left out of the object (omitempty)."""
    if kind != "Deployment":
        raise Refused("resuming is not supported")
    if not obj.spec.paused:
        raise Refused("is not paused")
    return obj.with_(spec=obj.spec.with_(paused=None))


def restart(kind: str, obj: Any, now: datetime) -> Any:
    """defaultObjectRestarter."""
    if kind not in RESTARTABLE:
        raise Refused("restarting is not supported")
    if kind == "Deployment" and obj.spec.paused:
        raise Refused("can't restart paused deployment (run rollout resume first)")
    template = obj.spec.template
    annotations = {**(template.metadata.annotations or {}), RESTARTED_AT: rfc3339(now)}
    return obj.with_(spec=obj.spec.with_(template=template.with_(metadata=template.metadata.with_(
        annotations=annotations))))


@dataclass(frozen=True)
class Patcher:
    mutate: Mutate
    operation: str  # what the name printer says: "paused"


PAUSE = Patcher(pause, "paused")
RESUME = Patcher(resume, "resumed")
RESTART = Patcher(restart, "restarted")


def run(patcher: Patcher, ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    output.check_format(parsed["output"])
    found, errs = targets(ctx, parsed, stdin)
    if not found and not errs:
        return no_resources(out, parsed)
    printer = output.MutationPrinter(parsed["output"])
    for f in found:
        try:
            changed = patcher.mutate(f.kind.kind, f.obj, ctx.now)
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
