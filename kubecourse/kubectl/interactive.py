"""`kubectl exec -it POD -- sh` with a terminal attached: a shell session typed into line by line.

kubectl knows nothing of Jupyter (docs/architecture.md, Layers); a caller that can show a
terminal (the
notebook's widget, kubecourse.jupyter.terminal) runs the command line through kubectl with an
`Attached` context. `kubectl exec` then resolves and checks everything as always (the pod,
the container, the executable) and, instead of running the command without a TTY, hands
over a `Shell`: one process in the container, run by the kubelet's exec path
(kubecourse.kubeletapi.execute). Each line typed runs in it, so its variables, `$?` and its
directory last for the session; its sleeps move the cluster's clock as a one-shot exec's do;
`exit` ends it, and so does the container's end (`command terminated with exit code 137`,
as the shell is killed with it). A command that is not an interactive shell (`-- ls /`) runs
once when the session starts.

What the shells show (their own defaults, no profile of ours): dash's prompt is `# `,
BusyBox ash's `/ # ` (`\\w \\$ `), bash's `root@kubia:/# ` (Debian's /etc/bash.bashrc PS1);
an unfinished command (`for i in 1 2; do`) continues after a `> ` prompt.

The process has its own working directory: while the session waits or its sleeps let the
cluster run, the container's other processes see theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubecourse.kubectl.context import Output, Result
from kubecourse.kubectl.grammar import Parsed
from kubecourse.kubeletapi import execute
from kubecourse.shell import syntax
from kubecourse.shell.command import SHELLS, name_of, syntax_error
from kubecourse.shell.machine import Frame, Machine
from kubecourse.shell.process import Scope
from kubecourse.shell.programs import PROGRAMS

if TYPE_CHECKING:
    from kubecourse.kubectl.main import Invocation

PROMPTS = {"bash": "root@{host}:{cwd}# ", "ash": "{cwd} # ", "sh": "# "}
INCOMPLETE = ("unexpected end of file", "unterminated")  # the parser wants more lines


class Attached:
    """A kubectl context with a terminal attached: `exec -it` hands its Shell here."""

    def __init__(self, ctx: Any) -> None:
        self.inner = ctx
        self.shell: Shell | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Shell:
    """One shell process in a container, fed a line at a time."""

    def __init__(self, ctx: Any, record: Any, kubelet: Any, argv: list[str], budget: float) -> None:
        self.ctx, self.record, self.kubelet, self.argv, self.budget = ctx, record, kubelet, argv, budget
        self.instance = record.instance
        self.cwd = self.instance.fs.cwd
        self.interactive = name_of(argv[0]) in SHELLS and len(argv) == 1
        self.machine = Machine([Scope(dict(self.instance.env), [], name_of(argv[0]))], PROGRAMS)
        self.pending = ""  # the start of a command that goes on on the next line
        self.closed = False
        self.code = 0

    @property
    def prompt(self) -> str:
        if self.pending:
            return "> "
        home = self.machine.scope.vars.get("HOME", "/root")
        cwd = "~" if self.cwd == home else self.cwd
        shell = "ash" if self.instance.image.userland == "busybox" else self.machine.scope.name
        return PROMPTS.get(shell, "# ").format(host=self.instance.hostname, cwd=cwd)

    def start(self) -> Result:
        """A command that is not an interactive shell runs now, and the session ends."""
        if self.interactive:
            return Result()
        self.machine = Machine.for_argv(self.argv, env=self.instance.env, programs=PROGRAMS)
        return self._run()

    def send(self, line: str) -> Result:
        """One line typed into the terminal."""
        if self.closed:
            return Result()
        if self.record.instance is not self.instance or self.record.running is None:
            self.closed, self.code = True, 137
            return Result("", "command terminated with exit code 137\n", 137)
        text = self.pending + line + "\n"
        try:
            tree = syntax.parse(text)
        except syntax.ShellSyntaxError as e:
            if str(e).startswith(INCOMPLETE):
                self.pending = text
                return Result()
            self.pending = ""
            self.machine.scope.status = 2
            return Result("", syntax_error(self.instance.image.userland, self.machine.scope.name, e), 2)
        self.pending = ""
        self.machine.frames.append(Frame(tree))
        return self._run()

    def _run(self) -> Result:
        out = Output()
        fs = self.instance.fs
        others = fs.cwd

        def pass_time(seconds: float) -> bool:
            nonlocal others
            self.cwd, fs.cwd = fs.cwd, others
            self.ctx.advance(seconds)
            others, fs.cwd = fs.cwd, self.cwd
            return True

        def write(fd: int, text: str) -> None:
            (out.out if fd == 1 else out.err).append(text)

        session = execute.ExecSession(self.instance, self.kubelet, write, pass_time, self.budget)
        fs.cwd = self.cwd
        try:
            code = execute.run(session, self.machine)
        finally:
            self.cwd, fs.cwd = fs.cwd, others
        if session.stopped:
            self.machine.frames.clear()  # the line's command is stopped; the shell goes on
            if self.budget == execute.EXEC_CAP:
                out.error(execute.CAP_HINT.format(cap=execute.EXEC_CAP))
        if self.machine.exited or not self.interactive:
            self.closed, self.code = True, code
            if code:
                out.error(f"command terminated with exit code {code}")
        return out.result(code)


def asks_for_terminal(invocation: Invocation) -> bool:
    """Whether a command line is `exec` with both -i and -t."""
    parsed = invocation.parsed
    return invocation.path == "exec" and isinstance(parsed, Parsed) and bool(parsed["stdin"] and parsed["tty"])


def open_shell(ctx: Any, line: str | Invocation) -> tuple[Shell | None, Result]:
    """The Shell of an `exec -it` line, and what kubectl printed on the way (`Defaulted
    container ...`), or kubectl's error when it could not open one."""
    from kubecourse.kubectl import main

    attached = Attached(ctx)
    result = main.run(attached, line)
    return attached.shell, result
