"""A pod's READY, STATUS and RESTARTS, as `kubectl get pods` shows them.

Models kubernetes/kubernetes: pkg/printers/internalversion/printers.go printPod (1.32), the
one place that turns a pod's phase, conditions and container statuses into the word a
learner reads. Widgets and describe can reuse it.

What the source says, step by step (the last assignment wins):
1. STATUS starts as status.phase, or status.reason when set (Evicted, NodeLost...); a
   PodScheduled condition with reason SchedulingGated makes it `SchedulingGated`.
2. Init containers, in status order: one that exited 0 is done; a started sidecar
   (restartPolicy: Always) is done and counts toward READY if ready; the first one that is
   not done decides: `Init:<reason>` (terminated with a reason, or waiting for a reason
   other than PodInitializing), `Init:Signal:<n>` / `Init:ExitCode:<n>` (terminated without
   a reason) or `Init:<index>/<count>`. Restarts counted so far are those of every init
   container.
3. When no init container is pending (or the Initialized condition is True), RESTARTS
   restarts from the sidecars' count and the regular containers are walked from LAST to
   FIRST, so the first container with something to say wins: a waiting reason, a
   terminated reason, `Signal:<n>` / `ExitCode:<n>`; a ready, running container counts
   toward READY. `Completed` with a container still running becomes `Running` when the
   pod is Ready, else `NotReady` (1.32 has no errorReason override; 1.34 added one).
4. A deleted pod shows `Unknown` when its reason is NodeLost, else `Terminating` unless
   its phase is Succeeded or Failed.
RESTARTS gets ` (<age> ago)` of the latest lastState.terminated.finishedAt among the
containers counted, when the count is not zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kubecourse.api.models.core import Container, ContainerStatus, Pod

NODE_LOST = "NodeLost"  # pkg/util/node NodeUnreachablePodReason


@dataclass(frozen=True)
class PodSummary:
    ready: int
    total: int
    status: str
    restarts: int
    last_restart: datetime | None  # finishedAt of the latest counted termination


def _condition_true(pod: Pod, type_: str) -> bool:
    conditions = (pod.status.conditions if pod.status else None) or ()
    return any(c.type == type_ and c.status == "True" for c in conditions)


def _is_sidecar(container: Container | None) -> bool:
    """podutil.IsRestartableInitContainer: an init container with restartPolicy Always."""
    return container is not None and container.restart_policy == "Always"


def _finished(cs: ContainerStatus) -> datetime | None:
    last = cs.last_state.terminated if cs.last_state else None
    return last.finished_at if last else None


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    return a if b is None or a >= b else b


def _terminated_word(reason: str | None, signal: int | None, exit_code: int, prefix: str = "") -> str:
    if reason:
        return prefix + reason
    if signal:
        return f"{prefix}Signal:{signal}"
    return f"{prefix}ExitCode:{exit_code}"


def summarize(pod: Pod) -> PodSummary:
    spec, status = pod.spec, pod.status
    phase = (status.phase if status else None) or ""
    conditions = (status.conditions if status else None) or []
    reason = (status.reason if status else None) or phase
    if any(c.type == "PodScheduled" and c.reason == "SchedulingGated" for c in conditions):
        reason = "SchedulingGated"

    init_specs = {c.name: c for c in (spec.init_containers or ())} if spec else {}
    total = len(spec.containers) if spec else 0
    total += sum(1 for c in init_specs.values() if _is_sidecar(c))
    ready = restarts = sidecar_restarts = 0
    last_restart = sidecar_last_restart = None

    initializing = False
    init_statuses = (status.init_container_statuses if status else None) or []
    for i, cs in enumerate(init_statuses):
        sidecar = _is_sidecar(init_specs.get(cs.name))
        restarts += cs.restart_count
        last_restart = _later(last_restart, _finished(cs))
        if sidecar:
            sidecar_restarts += cs.restart_count
            sidecar_last_restart = _later(sidecar_last_restart, _finished(cs))
        state = cs.state
        terminated = state.terminated if state else None
        waiting = state.waiting if state else None
        if terminated is not None and terminated.exit_code == 0:
            continue
        if sidecar and cs.started:
            ready += 1 if cs.ready else 0
            continue
        initializing = True
        if terminated is not None:
            reason = _terminated_word(terminated.reason, terminated.signal, terminated.exit_code, "Init:")
        elif waiting is not None and waiting.reason and waiting.reason != "PodInitializing":
            reason = "Init:" + waiting.reason
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        break

    if not initializing or _condition_true(pod, "Initialized"):
        restarts, last_restart = sidecar_restarts, sidecar_last_restart
        has_running = False
        for cs in reversed((status.container_statuses if status else None) or []):
            restarts += cs.restart_count
            last_restart = _later(last_restart, _finished(cs))
            state = cs.state
            waiting = state.waiting if state else None
            terminated = state.terminated if state else None
            if waiting is not None and waiting.reason:
                reason = waiting.reason
            elif terminated is not None:
                reason = _terminated_word(terminated.reason, terminated.signal, terminated.exit_code)
            elif cs.ready and state is not None and state.running is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true(pod, "Ready") else "NotReady"

    if pod.metadata.deletion_timestamp is not None:
        if status is not None and status.reason == NODE_LOST:
            reason = "Unknown"
        elif phase not in ("Succeeded", "Failed"):
            reason = "Terminating"
    return PodSummary(ready, total, reason, restarts, last_restart)
