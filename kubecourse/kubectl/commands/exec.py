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
"""

from __future__ import annotations

from kubecourse.kubectl import containers
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag
from kubecourse.shell import programs
from kubecourse.shell.machine import Machine

EXEC_CAP = 60.0
TTY_WARNING = "Unable to use a TTY - input is not a terminal or the right kind of file"
CAP_HINT = ("kubecourse hint: the command was still running after {cap:g}s of virtual time and was stopped. "
            "Give it a bound: kubectl exec --request-timeout=5m ..., or `timeout 30 <command>` inside.")


class ExecSession:
    """kubectl exec's streams: output to kubectl's stdout/stderr; sleeps advance the cluster
    up to the deadline."""

    def __init__(self, ctx, instance, kubelet, out, budget: float) -> None:
        self.ctx, self.host, self.net, self.rng, self.output = ctx, instance, kubelet.network, kubelet.rng, out
        self.left = budget
        self.stopped = False

    def write(self, fd: int, text: str) -> None:
        (self.output.out if fd == 1 else self.output.err).append(text)

    def sleep(self, seconds: float) -> bool:
        step = min(seconds, self.left)
        self.ctx.advance(step)
        self.left -= step
        if self.left <= 0 and seconds > step - 1e-9:
            self.stopped = True
            return False
        return True


def run(ctx, parsed, out, stdin) -> int:
    args = parsed.args
    if not args and not parsed["filename"]:
        raise CommandError("pod, type/name or --filename must be specified")
    if not parsed.dash_args:
        if len(args) > 1:
            out.error("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
            out.error("See 'kubectl exec -h' for help and examples")
            return 1
        raise CommandError("you must specify at least one command for the container")
    namespace = parsed["namespace"] or "default"
    pod = ctx.api.get("Pod", containers.pod_name(args[0]), namespace)
    phase = pod.status.phase if pod.status else "Pending"
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    name = containers.choose(pod, parsed["container"], out, quiet=parsed["quiet"])
    record = containers.record(ctx, pod, name)
    if record is None or record.running is None or record.instance is None:
        raise CommandError(f'unable to upgrade connection: container not found ("{name}")')
    if parsed["stdin"] and parsed["tty"] and not parsed["quiet"]:
        out.error(TTY_WARNING)
    kubelet = ctx.kubelet(pod.spec.node_name)
    instance = record.instance
    argv = parsed.dash_args
    if not programs.available(argv[0], instance):
        exec_id = f"{kubelet.rng.randrange(1 << 256):064x}"
        raise CommandError(
            "Internal error occurred: Internal error occurred: error executing command in container: failed to "
            f'exec in container: failed to start exec "{exec_id}": OCI runtime exec failed: exec failed: unable '
            f'to start container process: exec: "{argv[0]}": executable file not found in $PATH: unknown')
    timeout = parse_duration(parsed["request-timeout"]) if parsed["request-timeout"] not in ("", "0") else 0
    session = ExecSession(ctx, instance, kubelet, out, timeout or EXEC_CAP)
    code = execute(session, instance, argv, stdin if parsed["stdin"] else "")
    if session.stopped and not timeout:
        out.error(CAP_HINT.format(cap=EXEC_CAP))
        return 0
    if code:
        out.error(f"command terminated with exit code {code}")
    return code


def execute(session: ExecSession, instance, argv: list[str], stdin: str) -> int:
    """Run the command to its end, letting virtual time pass for its sleeps."""
    machine = Machine.for_argv(argv, env=instance.env)
    machine.stdin = stdin
    while True:
        outcome = machine.run(session)
        if outcome.exit is not None:
            return outcome.exit
        if not session.sleep(outcome.sleep):
            return machine.scope.status


COMMAND = Command(
    "exec",
    run,
    (Flag("container", "c", default=""), Flag("stdin", "i", kind="bool", default=False),
     Flag("tty", "t", kind="bool", default=False), Flag("quiet", "q", kind="bool", default=False),
     Flag("filename", "f", kind="array"), Flag("pod-running-timeout", default="1m0s")),
    short="Execute a command in a container",
)
