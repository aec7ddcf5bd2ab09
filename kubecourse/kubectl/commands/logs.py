"""`kubectl logs [-f] [-p] (POD | TYPE/NAME | -l SELECTOR) [-c CONTAINER | --all-containers] [--prefix]
[--tail=N] [--since=D | --since-time=T] [--limit-bytes=N] [--timestamps]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go (Complete, Validate, RunLogs) and the
API's log location (pkg/registry/core/pod/strategy.go LogLocation, the kubelet's
ReadLogs): what the container's processes printed, stdout and stderr interleaved in the
order they were written. What the source says:
- No pod: `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.` plus a second line;
  a pod that does not exist: Complete wraps the builder's NotFound as `error: error from
  server (NotFound): pods "x" not found in namespace "default"`.
- A container that never ran: `container "kubia" in pod "kubia" is waiting to start:
  ContainerCreating` (BadRequest); --previous with no earlier run: `previous terminated
  container "kubia" in pod "kubia" not found`.
- What the kubelet reads (which run, --tail, --since, --timestamps, --limit-bytes) is
  kubecourse.kubeletapi.logs, which the served API's pods/log answers with too.
- Which pods and containers a TYPE/NAME, a selector or --all-containers reads, and
  --prefix: kubecourse.kubectl.logsources. Validate's errors in its order: "at most one of
  `sinceTime` or `sinceSeconds` may be specified", `--all-containers=true should not be
  specified with container name x`, `--limit-bytes must be greater than 0`, `--tail must be
  greater than or equal to -1`; --since-time is parsed as Go parses RFC3339 (rfc3339.py).
- -f follows the log in virtual time until --request-timeout runs out or the container
  stops; with no bound it prints what there is and stops with a marked hint. Several
  streams (a selector, --all-containers) print what each wrote meanwhile in time order, at
  most --max-log-requests of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import logsources, rfc3339
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag
from kubecourse.kubeletapi import logs

FOLLOW_HINT = ("kubecourse hint: `logs -f` has no end in a notebook; it printed what the container has written "
               "so far. Add --request-timeout=30s to follow it for 30 s of virtual time.")


def run(ctx, parsed, out, stdin) -> int:
    args, selector = parsed.args, parsed["selector"]
    if (not args and not selector) or len(args) > 2:
        out.error("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.")
        out.error("POD or TYPE/NAME is a required argument for the logs command")
        out.error("See 'kubectl logs -h' for help and examples")
        return 1
    if len(args) == 1 and selector:
        out.error("error: only a selector (-l) or a POD name is allowed")
        out.error("See 'kubectl logs -h' for help and examples")
        return 1
    options = log_options(parsed, ctx.now)
    namespace = parsed["namespace"] or "default"
    found = logsources.lookup(ctx, args[0] if args else "", selector, namespace, out)
    container = args[1] if len(args) == 2 else parsed["container"]
    validate(parsed, container)
    timeout = parse_duration(parsed["pod-running-timeout"])
    sources = []
    for pod in logsources.pods_of(ctx, found, timeout, out):
        try:
            sources += logsources.sources_for(pod, container, all_containers=parsed["all-containers"], out=out)
        except StatusError as e:  # kubectl finds the container itself (podcmd.FindContainerByName)
            raise CommandError(e.message) from None
    follow = parsed["follow"] and not parsed["previous"]
    if follow and len(sources) > parsed["max-log-requests"]:
        raise CommandError(f"you are attempting to follow {len(sources)} log streams, but maximum allowed "
                           f"concurrency is {parsed['max-log-requests']}, use --max-log-requests to increase the limit")
    runs = []
    for source in sources:
        record, instance = logs.run_of(ctx.kubelet, source.pod, source.container, previous=parsed["previous"])
        runs.append((source, record, instance, len(instance.logs)))
        out.out.append(prefixed(logs.read(instance.logs, options), source, parsed["prefix"]))
    if follow:
        return follow_logs(ctx, parsed, out, runs, options)
    return 0


def validate(parsed, container: str) -> None:
    """LogsOptions.Validate."""
    if parsed["since-time"] and parsed["since"]:
        raise CommandError("at most one of `sinceTime` or `sinceSeconds` may be specified")
    if parsed["all-containers"] and container:
        raise CommandError(f"--all-containers=true should not be specified with container name {container}")
    if len(parsed.args) == 2 and parsed["container"]:
        raise CommandError("only one of -c or an inline [CONTAINER] arg is allowed")
    if parsed["limit-bytes"] < 0:
        raise CommandError("--limit-bytes must be greater than 0")
    if parsed["tail"] < -1:
        raise CommandError("--tail must be greater than or equal to -1")


def prefixed(text: str, source: logsources.Source, prefix: bool) -> str:
    """--prefix: the source before every line kubectl writes (a last line cut short too)."""
    if not prefix:
        return text
    return "".join(source.prefix + line for line in text.splitlines(keepends=True))


def follow_logs(ctx, parsed, out, runs: list, options: logs.LogOptions) -> int:
    """-f: wait in virtual time for --request-timeout or until every followed run has ended,
    then print what was written meanwhile, in the order it was written."""
    timeout = parsed["request-timeout"]
    bound = parse_duration(timeout) if timeout not in ("", "0") else 0
    if not bound:
        out.error(FOLLOW_HINT)
        return 0
    deadline = ctx.now + timedelta(seconds=bound)
    if not ctx.wait(lambda: all(logs.ended(record, instance) for _, record, instance, _ in runs), bound):
        ctx.advance(max(0.0, (deadline - ctx.now).total_seconds()))
    written = sorted(((entry, source) for source, _, instance, start in runs for entry in instance.logs[start:]),
                     key=lambda pair: pair[0][0])
    stamps = logs.LogOptions(timestamps=options.timestamps)
    out.out.extend(prefixed(logs.read([entry], stamps), source, parsed["prefix"]) for entry, source in written)
    return 0


def log_options(parsed, now: datetime) -> logs.LogOptions:
    """kubectl's flags as the PodLogOptions it sends (--since as sinceSeconds, --since-time as
    sinceTime, --tail -1 as no tailLines, 10 lines per pod for a selector unless --tail is
    given)."""
    since = None
    if parsed["since"]:
        since = now - timedelta(seconds=parse_duration(parsed["since"]))
    elif parsed["since-time"]:
        try:
            since = rfc3339.parse(parsed["since-time"])
        except rfc3339.TimeParseError as e:
            raise CommandError(str(e)) from None
    tail = parsed["tail"]
    if parsed["selector"] and tail == -1 and "tail" not in parsed.given:
        tail = logsources.SELECTOR_TAIL
    return logs.LogOptions(previous=parsed["previous"], timestamps=parsed["timestamps"],
                           tail_lines=tail if tail >= 0 else None, since=since,
                           limit_bytes=parsed["limit-bytes"] or None)


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
