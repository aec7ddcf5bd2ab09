"""`kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go (Complete, Validate, Run, SetupTTY)
and what the kubelet and containerd answer: the command runs in the container's shell
(kubecourse.shell) with the container's files, environment and network, in virtual time
(a `sleep` moves the cluster's clock). What the source and a kind cluster say:
- No `--`: `exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead`
  (a usage error); no command: `you must specify at least one command for the container`.
- A finished pod: `cannot exec into a container in a completed pod; current phase is Succeeded`;
  a container not running: `unable to upgrade connection: container not found ("kubia")`.
- `-it` without a terminal (a notebook, a script): `Unable to use a TTY - input is not a
  terminal or the right kind of file` on stderr, and the command runs without one.
- A command that is not in the image: containerd's `OCI runtime exec failed ... executable
  file not found in $PATH: unknown`, wrapped twice in `Internal error occurred`, exit 1.
- A command that exits non-zero: `command terminated with exit code N`, and kubectl exits N.
- The command runs at most --request-timeout of virtual time, or EXEC_CAP without it (a
  `while true` loop would otherwise never end), after which a marked hint says it was stopped.
- Each exec is its own process: it starts in the container's working directory, and a `cd`
  inside it moves only itself (the container's other processes keep their directory).

`-it` with a terminal attached (a notebook's terminal widget, kubecourse.jupyter.terminal):
the command line is resolved and checked exactly as above, then handed over as a `Shell`
instead of run; each line typed runs through the same `execute` in one shell process, so its
variables and directory last for the session, and `exit` ends it.
"""

from __future__ import annotations

from kubecourse import kubeletapi
from kubecourse.api.models import Pod
from kubecourse.kubectl import containers, hints, interactive, logsources, resources
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag
from kubecourse.kubeletapi import execute

TTY_WARNING = "Unable to use a TTY - input is not a terminal or the right kind of file"


def attachable_pod(ctx, arg: str, namespace: str, timeout: float, out):
    """`POD`, `pod/POD`, or `TYPE/NAME` of a workload or Service: then its most active pod
    (polymorphichelpers/attachablepodforobject.go), waiting --pod-running-timeout for one."""
    word, slash, name = arg.partition("/")
    kind = resources.resolve(word) if slash else None
    if kind is None or kind.kind == "Pod":
        return ctx.get(Pod, containers.pod_name(arg), namespace)
    obj = ctx.get(kind.model, name, namespace)
    return logsources.first_pod(ctx, namespace, logsources.pod_selector(obj, kind), timeout, out, say_which=False)


def run(ctx, parsed, out, stdin) -> int:
    args = parsed.args
    if not args and not parsed["filename"]:
        raise CommandError("pod, type/name or --filename must be specified")
    if not parsed.dash_args:
        if len(args) > 1:
            out.error("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
            out.error("See 'kubectl exec -h' for help and examples")
            out.error(hints.retired_exec(args[0], args[1:]))
            return 1
        raise CommandError("you must specify at least one command for the container")
    namespace = parsed["namespace"] or "default"
    pod = attachable_pod(ctx, args[0], namespace, parse_duration(parsed["pod-running-timeout"], "pod-running-timeout"),
                         out)
    if completed := execute.completed_phase(pod):
        raise CommandError(completed)
    name = containers.choose(pod, parsed["container"], out, quiet=parsed["quiet"])
    try:
        instance = execute.running_instance(ctx.kubelet, pod, name)
    except execute.ContainerNotRunning as e:
        raise CommandError(f"unable to upgrade connection: {e}") from None
    terminal = parsed["stdin"] and parsed["tty"]
    if terminal and not parsed["quiet"] and not isinstance(ctx, interactive.Attached):
        out.error(TTY_WARNING)
    kubelet = ctx.kubelet(pod.spec.node_name)
    argv = parsed.dash_args
    if missing := execute.missing_executable(kubelet, instance, argv):
        raise CommandError(execute.translated(missing).message)
    timeout = parse_duration(parsed["request-timeout"]) if parsed["request-timeout"] not in ("", "0") else 0
    if terminal and isinstance(ctx, interactive.Attached):
        record = kubeletapi.record(ctx.kubelet, pod, name)
        ctx.shell = interactive.Shell(ctx.inner, record, kubelet, argv, timeout or execute.EXEC_CAP)
        return 0

    def pass_time(seconds: float) -> bool:
        ctx.advance(seconds)
        return True

    def write(fd: int, text: str) -> None:
        (out.out if fd == 1 else out.err).append(text)

    session = execute.ExecSession(instance, kubelet, write, pass_time, timeout or execute.EXEC_CAP)
    code = execute.execute(session, argv, (stdin or "") if parsed["stdin"] else "")
    if session.stopped and not timeout:
        out.error(execute.CAP_HINT.format(cap=execute.EXEC_CAP))
        return 0
    if code:
        out.error(f"command terminated with exit code {code}")
    return code


COMMAND = Command(
    "exec",
    run,
    (Flag("container", "c", default=""), Flag("stdin", "i", kind="bool", default=False),
     Flag("tty", "t", kind="bool", default=False), Flag("quiet", "q", kind="bool", default=False),
     Flag("filename", "f", kind="array"), Flag("pod-running-timeout", default="1m0s")),
    short="Execute a command in a container",
)
