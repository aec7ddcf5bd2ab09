"""Running a command in a container, as the kubelet's exec handler and containerd do.

Models kubernetes/kubernetes: pkg/kubelet/server/server.go getExec, the CRI streaming
server's ServeExec (staging/src/k8s.io/kubelet/pkg/cri/streaming/remotecommand/exec.go) and
containerd's exec: the command runs in the container's shell (kubecourse.shell) with the
container's files, environment and network, in virtual time. What the source and a kind
cluster say:
- A container that is not running: `container not found ("kubia")`, a plain-text error the
  client prints as `unable to upgrade connection: ...`.
- A command that is not in the image: containerd's `failed to exec in container: failed to
  start exec "<id>": OCI runtime exec failed: exec failed: unable to start container process:
  exec: "foo": executable file not found in $PATH: unknown`, which ServeExec wraps as
  `Internal error occurred: error executing command in container: ...` and the API server's
  WebSocket-to-SPDY translator (pkg/util/proxy/streamtranslator.go) wraps once more with
  NewInternalError: kubectl prints both `Internal error occurred:` prefixes.
- A non-zero exit: a Status with reason NonZeroExitCode and an `ExitCode` cause.

Time: the command's sleeps ask the session to let time pass (`pass_time`): kubectl and a
frozen served cluster advance the clock, the wall-clock server waits for its ticker. A
session has a budget of virtual seconds (`inf`: none), after which the command is stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubecourse.api.errors import Cause, StatusError
from kubecourse.kubeletapi import KubeletOf, record
from kubecourse.shell.command import available
from kubecourse.shell.machine import Machine
from kubecourse.shell.programs import PROGRAMS

EXEC_CAP = 60.0  # virtual seconds an unbounded exec may run where time only moves for it
CAP_HINT = ("kubecourse hint: the command was still running after {cap:g}s of virtual time and was stopped. "
            "Give it a bound: kubectl exec --request-timeout=5m ..., or `timeout 30 <command>` inside.")


class ContainerNotRunning(Exception):
    """The kubelet's plain-text answer: `container not found ("kubia")`."""


def running_instance(kubelet_of: KubeletOf, pod: Any, name: str) -> Any:
    rec = record(kubelet_of, pod, name)
    if rec is None or rec.running is None or rec.instance is None:
        raise ContainerNotRunning(f'container not found ("{name}")')
    return rec.instance


def completed_phase(pod: Any) -> str | None:
    """`cannot exec into a container in a completed pod; current phase is Succeeded`."""
    phase = pod.status.phase if pod.status else None
    if phase in ("Succeeded", "Failed"):
        return f"cannot exec into a container in a completed pod; current phase is {phase}"
    return None


def missing_executable(kubelet: Any, instance: Any, argv: list[str]) -> str | None:
    """The error containerd gives (as ServeExec wraps it) when argv[0] is not in the image."""
    if available(argv[0], instance):
        return None
    exec_id = f"{kubelet.rng.randrange(1 << 256):064x}"
    return ("Internal error occurred: error executing command in container: failed to exec in container: "
            f'failed to start exec "{exec_id}": OCI runtime exec failed: exec failed: unable to start container '
            f'process: exec: "{argv[0]}": executable file not found in $PATH: unknown')


def translated(error: str) -> StatusError:
    """The translator's NewInternalError around the kubelet's error text."""
    return StatusError(500, "InternalError", f"Internal error occurred: {error}", causes=[Cause("", error, "")])


class ExecSession:
    """One exec's streams and time (kubecourse.shell.process.Session)."""

    def __init__(self, instance: Any, kubelet: Any, write: Callable[[int, str], None],
                 pass_time: Callable[[float], bool], budget: float) -> None:
        self.host, self.net, self.rng = instance, kubelet.network, kubelet.rng
        self._write, self._pass_time = write, pass_time
        self.left = budget
        self.stopped = False  # the budget ran out (or the client went away) before the command ended

    def write(self, fd: int, text: str) -> None:
        self._write(fd, text)

    def sleep(self, seconds: float) -> bool:
        step = min(seconds, self.left)
        if not self._pass_time(step):
            self.stopped = True
            return False
        self.left -= step
        if self.left <= 0 and seconds > step - 1e-9:
            self.stopped = True
            return False
        return True

    def deferred(self) -> float:
        """Nothing is owed: an exec's sleeps pass while they run (shell.process.Session)."""
        return 0.0


def execute(session: ExecSession, argv: list[str], stdin: str) -> int:
    """Run the command to its end (or its session's), letting time pass for its sleeps."""
    machine = Machine.for_argv(argv, env=session.host.env, programs=PROGRAMS)
    machine.stdin = stdin
    fs = session.host.fs
    cwd = fs.cwd
    try:
        return run(session, machine)
    finally:
        fs.cwd = cwd  # the exec'd process's `cd` moved only itself


def run(session: ExecSession, machine: Machine) -> int:
    """Run a process until it has nothing left to do (a one-shot command ends; an interactive
    shell has run the line it was given, kubecourse.kubectl.interactive), or its session's
    time runs out."""
    while True:
        outcome = machine.run(session)
        if outcome.exit is not None:
            return outcome.exit
        if not session.sleep(outcome.sleep):
            return machine.scope.status


def exit_status(code: int) -> dict[str, Any]:
    """The error channel's last message (streamtranslator.go codeExitToStatusError)."""
    if code == 0:
        return {"metadata": {}, "status": "Success"}
    return {"metadata": {}, "status": "Failure",
            "message": f"command terminated with non-zero exit code: command terminated with exit code {code}",
            "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]}}
