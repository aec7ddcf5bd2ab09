"""`kubectl run -i|-t|--attach [--rm]`: wait for the pod, attach to it (or read its log when it
already finished), wait for its exit code, and delete it.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/run/run.go (Run,
handleAttachPod, waitForPod, podRunningAndReady, podCompleted, podSucceeded, logOpts,
removeCreatedObjects) and staging/src/k8s.io/kubectl/pkg/cmd/attach/attach.go
(AttachOptions.Run) with exec.go's SetupTTY, as kubectl 1.32 behaves (checked against the
real binary):
- run prints no `pod/x created` when it attaches; it waits --pod-running-timeout (1m0s) for
  the pod to be running and ready, or finished (`timed out waiting for the condition`).
- A pod that already finished is not attached to: its container's whole log is printed.
- A running one is attached to. There is no terminal in a notebook, so `-t` says `Unable to
  use a TTY - input is not a terminal or the right kind of file`; then, unless --quiet,
  `If you don't see a command prompt, try pressing enter.` (with -i alone too). The stream
  carries what the container writes from then until its process ends, stdout and stderr
  apart. The notebook's stdin is empty; the stream ends with the process, and a process that
  does not end by itself is followed for at most ATTACH_CAP of virtual time.
- With --restart=Never or OnFailure (and no --leave-stdin-open) run waits for the pod to
  finish (Never) or succeed (OnFailure) and exits with the container's code: `pod ns/x
  terminated (Reason)` and the termination message, as uexec.CodeExitError prints it.
- --rm then deletes what run created (`pod "x" deleted`, and the Service of --expose),
  without waiting for the deletion, silently with --quiet.
Not modelled: the container's stdin (nothing is typed into a notebook's kubectl) and the
terminal of a terminal widget.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from kubecourse.api import kinds
from kubecourse.api.models import Pod
from kubecourse.kubectl import containers, hints
from kubecourse.kubectl.commands.delete import DeleteOptions, Info, delete_result
from kubecourse.kubectl.commands.exec import TTY_WARNING
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubeletapi import logs

PROMPT = "If you don't see a command prompt, try pressing enter."
TIMED_OUT = "timed out waiting for the condition"
ATTACH_CAP = 300.0  # virtual seconds an attach follows a process that does not end by itself
FINISHED = ("Succeeded", "Failed")
STDERR = 2


def attach_hint(name: str) -> str:
    return hints.hint(f"the container was still running after {ATTACH_CAP:g} s of virtual time; kubecourse stopped "
                      f"following it. Read the rest with `kubectl logs {name}`.")


def running_and_ready(pod: Any) -> bool:
    status = pod.status
    return bool(status and status.phase == "Running" and any(
        c.type == "Ready" and c.status == "True" for c in status.conditions or ()))


def wait_for_pod(ctx: Context, namespace: str, name: str, timeout: float, done: Callable[[Any], bool]) -> Any:
    """waitForPod: watch the pod until `done` holds, for at most `timeout` virtual seconds."""
    def current() -> Any:
        return ctx.try_get(Pod, name, namespace)

    def holds() -> bool:
        pod = current()
        return pod is None or done(pod)

    deadline = ctx.now + timedelta(seconds=timeout)
    if not ctx.wait(holds, timeout):
        ctx.advance(max(0.0, (deadline - ctx.now).total_seconds()))
        raise CommandError(TIMED_OUT)
    pod = current()
    if pod is None:
        raise CommandError('pods "" not found')
    return pod


def attached_run(ctx: Context, parsed: Any, out: Output, created: list[dict[str, Any]], timeout: float) -> int:
    """run.go Run's attached branch, with removeCreatedObjects deferred to its end."""
    try:
        return attach_and_wait(ctx, parsed, out, created[0], timeout)
    finally:
        if parsed["rm"]:
            remove_created(ctx, created, Output() if parsed["quiet"] else out)


def attach_and_wait(ctx: Context, parsed: Any, out: Output, wire: dict[str, Any], timeout: float) -> int:
    namespace, name = wire["metadata"]["namespace"], wire["metadata"]["name"]
    pod = wait_for_pod(ctx, namespace, name, timeout, lambda p: p.status.phase in FINISHED or running_and_ready(p))
    container = containers.choose(pod, "", out, quiet=parsed["quiet"])
    if pod.status.phase in FINISHED:
        _, instance = logs.run_of(ctx.kubelet, pod, container, previous=False)
        out.out.append(logs.read(instance.logs, logs.LogOptions()))
    else:
        stream(ctx, parsed, out, pod, container)
    restart = parsed["restart"]
    if parsed["leave-stdin-open"] or restart not in ("Never", "OnFailure"):
        return 0
    finished = FINISHED if restart == "Never" else ("Succeeded",)
    pod = wait_for_pod(ctx, namespace, name, timeout, lambda p: p.status.phase in finished)
    return exit_code(pod, out)


def stream(ctx: Context, parsed: Any, out: Output, pod: Any, container: str) -> None:
    """AttachOptions.Run without a terminal: what the process writes until it ends."""
    if parsed["tty"] and not parsed["quiet"]:
        out.error(TTY_WARNING)
    if not parsed["quiet"]:
        out.error(PROMPT)
    record, instance = logs.run_of(ctx.kubelet, pod, container, previous=False)
    start = len(instance.logs)
    if not ctx.wait(lambda: logs.ended(record, instance), ATTACH_CAP):
        out.error(attach_hint(pod.metadata.name))
    for entry in instance.logs[start:]:
        (out.err if entry[1] == STDERR else out.out).append(logs.line(entry, False))


def exit_code(pod: Any, out: Output) -> int:
    """Run's switch on the finished pod's phase."""
    where = f"{pod.metadata.namespace}/{pod.metadata.name}"
    if pod.status.phase == "Succeeded":
        return 0
    if pod.status.phase != "Failed":
        raise CommandError(f"pod {where} left in phase {pod.status.phase}")
    statuses = pod.status.container_statuses or ()
    terminated = statuses[0].state.terminated if statuses and statuses[0].state else None
    if terminated is None or not terminated.exit_code:
        raise CommandError(f"pod {where} failed with unknown exit code")
    out.error(f"pod {where} terminated ({terminated.reason or ''})\n{terminated.message or ''}")
    return terminated.exit_code


def remove_created(ctx: Context, created: list[dict[str, Any]], out: Output) -> None:
    """removeCreatedObjects: DeleteOptions with IgnoreNotFound and no wait for the deletion."""
    infos = [Info(kinds.by_kind(w["kind"]), w["metadata"]["name"], w["metadata"]["namespace"]) for w in created]
    delete_result(ctx, infos, [], DeleteOptions(ignore_not_found=True, wait=False), out)
