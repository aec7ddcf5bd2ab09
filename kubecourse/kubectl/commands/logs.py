"""`kubectl logs (POD | pod/NAME) [-c CONTAINER] [-p] [-f] [--tail=N] [--since=D] [--timestamps]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go (Complete, Validate, RunLogs) and the
API's log location (pkg/registry/core/pod/strategy.go LogLocation, the kubelet's
ReadLogs): what the container's processes printed, stdout and stderr interleaved in the
order they were written. What the source says:
- No pod: `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.` plus a second line.
- A container that never ran: `container "kubia" in pod "kubia" is waiting to start:
  ContainerCreating` (BadRequest); --previous with no earlier run: `previous terminated
  container "kubia" in pod "kubia" not found`.
- --timestamps prefixes RFC3339Nano times (trailing zeros dropped, as Go formats them);
  --tail keeps the last N lines, --since the lines written in the last duration.
- -f follows the log in virtual time until --request-timeout runs out or the container
  stops; with no bound it prints what there is and stops with a marked hint.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kubecourse.kubectl import containers
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag

FOLLOW_HINT = ("kubecourse hint: `logs -f` has no end in a notebook; it printed what the container has written "
               "so far. Add --request-timeout=30s to follow it for 30 s of virtual time.")


def rfc3339nano(when: datetime) -> str:
    fraction = f"{when.microsecond:06d}000".rstrip("0")
    return when.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "Z"


def run(ctx, parsed, out, stdin) -> int:
    if not parsed.args:
        out.error("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.")
        out.error("POD or TYPE/NAME is a required argument for the logs command")
        out.error("See 'kubectl logs -h' for help and examples")
        return 1
    if len(parsed.args) > 2 or (len(parsed.args) == 2 and parsed["container"]):
        raise CommandError("only one of -c or an inline [CONTAINER] arg is allowed")
    namespace = parsed["namespace"] or "default"
    pod = ctx.api.get("Pod", containers.pod_name(parsed.args[0]), namespace)
    name = containers.choose(pod, parsed["container"] or (parsed.args[1] if len(parsed.args) == 2 else ""), out)
    record = containers.record(ctx, pod, name)
    instance = record.last_instance if record is not None and parsed["previous"] else (
        record.instance if record is not None else None)
    if instance is None:
        if parsed["previous"]:
            raise containers.bad_request(f'previous terminated container "{name}" in pod "{pod.metadata.name}" '
                                         "not found")
        reason = "ContainerCreating"
        status = next((s for s in (pod.status.container_statuses if pod.status else None) or () if s.name == name),
                      None)
        if status is not None and status.state.waiting is not None:
            reason = status.state.waiting.reason or reason
        raise containers.bad_request(f'container "{name}" in pod "{pod.metadata.name}" is waiting to start: {reason}')
    start = len(instance.logs)
    print_lines(out, instance.logs, parsed, ctx.now)
    if parsed["follow"] and not parsed["previous"]:
        timeout = parsed["request-timeout"]
        bound = parse_duration(timeout) if timeout not in ("", "0") else 0
        if not bound:
            out.error(FOLLOW_HINT)
            return 0
        deadline = ctx.now + timedelta(seconds=bound)
        if not ctx.wait(lambda: record.instance is not instance or record.running is None, bound):
            ctx.advance(max(0.0, (deadline - ctx.now).total_seconds()))
        print_lines(out, instance.logs[start:], parsed, ctx.now, follow=True)
    return 0


def print_lines(out, logs: list, parsed, now: datetime, *, follow: bool = False) -> None:
    lines = list(logs)
    if parsed["since"] and not follow:
        since = now - timedelta(seconds=parse_duration(parsed["since"]))
        lines = [entry for entry in lines if entry[0] >= since]
    tail = parsed["tail"]
    if tail >= 0 and not follow:
        lines = lines[-tail:] if tail else []
    for when, _, text in lines:
        out.print(f"{rfc3339nano(when)} {text}" if parsed["timestamps"] else text)


COMMAND = Command(
    "logs",
    run,
    (Flag("container", "c", default=""), Flag("previous", "p", kind="bool", default=False),
     Flag("follow", "f", kind="bool", default=False), Flag("tail", kind="int", default=-1),
     Flag("since", default=""), Flag("since-time", default=""), Flag("timestamps", kind="bool", default=False),
     Flag("all-containers", kind="bool", default=False), Flag("prefix", kind="bool", default=False),
     Flag("limit-bytes", kind="int", default=0), Flag("selector", "l", default=""),
     Flag("pod-running-timeout", default="20s"), Flag("ignore-errors", kind="bool", default=False),
     Flag("max-log-requests", kind="int", default=5)),
    short="Print the logs for a container in a pod",
)
