"""Running a shell program: expansion, redirections, pipelines, and a resumable run loop.

A container's main process and `kubectl exec` both run here. The run loop is a stack of
frames (a sequence, a loop, an `if`, a script with its own positional parameters) rather
than Python recursion, so a process can stop at a `sleep` and resume when the virtual clock
gets there, and a waiting process pickles with the cluster (`Cluster.save`). An `&&`/`||`
chain is a frame too, one pipeline at a time, so `echo a && sleep 5 && echo b` prints b five
seconds after a; a compound command with output redirections (`while ...; done > log`) runs
in frames too, its statements writing where the redirections say as they go (`Redirected`).
What cannot stop half-way (a pipeline, a command substitution, a compound command reading a
file with `<`) runs to its end at once; a `sleep` inside one asks the session to let time
pass (`Session.sleep`). `kubectl exec` does that by advancing the cluster; a background
process cannot advance the clock from inside a timer, so its session keeps the time owed
(`Session.deferred`) and the process waits it out right after the statement: `echo x |
sleep 5` takes its five seconds, its output appearing at the start of them.

A loop whose iterations never sleep is a busy loop: after BUSY_ITERATIONS of them the
process is made to wait a second of virtual time, so that `while true; do curl ...; done`
advances the clock instead of spinning forever.

Models POSIX.1-2017 XCU 2.6 (word expansions: parameters, command substitution, arithmetic,
field splitting, quote removal), 2.7 (redirection) and 2.9 (commands).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kubecourse.shell import syntax
from kubecourse.shell.command import (
    available,
    name_of,
    not_found,
    script_of,
    serves,
    sleep_seconds,
    syntax_error,
)
from kubecourse.shell.process import FOREVER, IO, ExitShell, Outcome, Scope, Session, TimeUp
from kubecourse.shell.syntax import AndOr, For, Group, If, Pipeline, Seq, Simple, While
from kubecourse.userland.fs import FSError

BUSY_ITERATIONS = 100

Program = Callable[["Call"], int]


@dataclass
class Call:
    """One run of a program: the process running it, its words, streams, session and
    environment (the scope's variables with the command's own assignments)."""

    machine: Machine
    argv: list[str]
    io: IO
    session: Session
    env: dict[str, str]

    @property
    def host(self) -> Any:
        return self.session.host

    @property
    def busybox(self) -> bool:
        return self.host.image.userland == "busybox"

    def out(self, text: str) -> None:
        self.io.write(1, text)

    def err(self, text: str) -> None:
        self.io.write(2, text)


@dataclass(frozen=True)
class Programs:
    """The program table a process is handed by whoever starts it (kubecourse.shell.programs
    is the container shell's): the builtins its shell runs itself, and the utilities an
    image may ship, which run when the image has them. `echo`, `test`, `kill`... are both
    and behave the same either way."""

    builtins: Mapping[str, Program]
    utilities: Mapping[str, Program]

    def utility(self, name: str) -> Program | None:
        return self.utilities.get(name) or self.builtins.get(name)


@dataclass
class Frame:
    node: Any
    pc: int = 0
    items: list[str] | None = None
    busy: int = 0
    scope: Scope | None = None  # a script frame: the scope it introduced
    redirected: dict[int, tuple[str, str]] | None = None  # fd -> ("fd", "1") | ("file", path), while it runs


class Redirected:
    """The session as a redirected compound command's statements see it: what they write
    goes where the command's redirections say, as they write it (a `while` loop's `> file`
    grows while the loop runs), the rest is the session's."""

    def __init__(self, inner: Session, dest: dict[int, tuple[str, str]]) -> None:
        self.inner, self.dest = inner, dest

    def write(self, fd: int, text: str) -> None:
        kind, where = self.dest.get(fd, ("fd", str(fd)))
        if kind == "fd" or where in ("/dev/stdout", "/dev/stderr"):
            self.inner.write(int(where) if kind == "fd" else (2 if where.endswith("err") else 1), text)
        elif where != "/dev/null":
            host = self.inner.host
            try:
                host.fs.write(where, text, append=True, now=host.now)
            except Exception as e:
                self.inner.write(2, f"sh: can't create {where}: {getattr(e, 'reason', e)}\n")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@dataclass
class Machine:
    """A shell process run step by step; `run` goes until it sleeps or ends. It runs what
    the table it was handed holds (`programs`): the run loop knows no program by name but
    `sleep`, which it waits out itself between statements."""

    scopes: list[Scope]
    programs: Programs
    frames: list[Frame] = field(default_factory=list)
    stdin: str = ""  # what the process reads (kubectl exec -i)
    exited: bool = False  # the outermost script ran `exit` (an interactive shell closes)

    @classmethod
    def for_argv(cls, argv: list[str], *, env: dict[str, str], programs: Programs) -> Machine:
        """A process started with an argv (a container's command, an exec): one simple command."""
        quoted = [_quote(a) for a in argv]
        machine = cls([Scope(dict(env), [], argv[0] if argv else "sh", shell=False)], programs)
        machine.frames.append(Frame(Seq([AndOr(Pipeline([Simple(words=quoted)]))]), scope=machine.scopes[0]))
        return machine

    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    # --- the run loop ----------------------------------------------------------------------

    def run(self, session: Session) -> Outcome:
        while self.frames:
            try:
                outcome = self.step(session)
            except ExitShell as e:
                outcome = self.exit_script(e.code)
            except TimeUp:
                return Outcome(exit=self.scope.status)
            owed = session.deferred()
            if owed and (outcome is None or outcome.exit is None):
                return Outcome(sleep=owed + (outcome.sleep if outcome is not None else 0.0))
            if outcome is not None:
                return outcome
        return Outcome(exit=self.scopes[0].status)

    def exit_script(self, code: int) -> Outcome | None:
        """`exit` ends the innermost script; the process ends with the outermost."""
        while self.frames:
            frame = self.frames.pop()
            if frame.scope is not None:
                break
        if len(self.scopes) > 1:
            self.scopes.pop()
            self.scope.status = code
            return None
        self.scopes[0].status = code
        self.frames.clear()
        self.exited = True
        return Outcome(exit=code)

    def step(self, session: Session) -> Outcome | None:
        for outer in self.frames:
            if outer.redirected is not None:
                session = Redirected(session, outer.redirected)
        frame = self.frames[-1]
        node = frame.node
        if isinstance(node, Seq):
            if frame.pc >= len(node.items):
                self.pop(frame)
                return None
            item = node.items[frame.pc]
            frame.pc += 1
            return self.statement(item, session)
        if isinstance(node, While):
            if frame.pc == 1:  # back from the body
                frame.busy += 1
                if frame.busy >= BUSY_ITERATIONS:
                    frame.busy = 0
                    frame.pc = 0
                    return Outcome(sleep=1.0)
            status = self.run_now(node.cond, IO(self.stdin, session=session), session)
            if (status == 0) != node.until:
                frame.pc = 1
                self.frames.append(Frame(node.body))
            else:
                self.scope.status = 0
                self.frames.pop()
            return None
        if isinstance(node, For):
            if frame.items is None:
                frame.items = self.expand_all(node.words, session) if node.words is not None else list(
                    self.scope.args)
            if frame.pc >= len(frame.items):
                self.frames.pop()
                return None
            self.scope.vars[node.var] = frame.items[frame.pc]
            frame.pc += 1
            self.frames.append(Frame(node.body))
            return None
        if isinstance(node, If):
            self.frames.pop()
            for cond, body in node.branches:
                if self.run_now(cond, IO(self.stdin, session=session), session) == 0:
                    self.frames.append(Frame(body))
                    return None
            if node.otherwise is not None:
                self.frames.append(Frame(node.otherwise))
            else:
                self.scope.status = 0
            return None
        if isinstance(node, Group):
            self.frames.pop()
            self.frames.append(Frame(node.body))
            return None
        if isinstance(node, AndOr):
            return self.and_or_step(frame, node, session)
        raise TypeError(node)

    def and_or_step(self, frame: Frame, node: AndOr, session: Session) -> Outcome | None:
        """The next pipeline of an `&&`/`||` chain that is due: `&&` runs after a success,
        `||` after a failure; a skipped pipeline leaves `$?` as it was (XCU 2.9.3)."""
        while frame.pc <= len(node.rest):
            index = frame.pc
            frame.pc += 1
            if index == 0:
                return self.pipeline(node.first, session)
            op, pipeline = node.rest[index - 1]
            if (op == "&&") == (self.scope.status == 0):
                return self.pipeline(pipeline, session)
        self.frames.pop()
        return None

    def pop(self, frame: Frame) -> None:
        self.frames.pop()
        if frame.scope is not None and len(self.scopes) > 1:
            status = self.scopes.pop().status
            self.scope.status = status

    def statement(self, item: AndOr, session: Session) -> Outcome | None:
        """One statement at the top of a frame: a chain becomes a frame of its own."""
        if item.rest:
            self.frames.append(Frame(item))
            return None
        return self.pipeline(item.first, session)

    def pipeline(self, pipeline: Pipeline, session: Session) -> Outcome | None:
        """A pipeline at the top of a frame: a lone command may sleep, serve or start a
        script; anything else runs to its end now."""
        command = pipeline.commands[0]
        if pipeline.negate or len(pipeline.commands) > 1:
            self.run_now(pipeline, IO(self.stdin, session=session), session)
            return None
        if not isinstance(command, Simple):
            redirs = getattr(command, "redirs", None)
            if redirs and any(r.op == "<" for r in redirs):
                self.run_now(pipeline, IO(self.stdin, session=session), session)
            elif redirs:
                # a frame of its own that holds the redirections while the command runs in
                # frames above it (a redirected `while true` loop must be able to sleep)
                bare = Pipeline([dataclasses.replace(command, redirs=[])])
                self.frames.append(Frame(Seq([AndOr(bare)]), redirected=self.open_redirections(redirs, session)))
            else:
                self.frames.append(Frame(command))
            return None
        if command.redirs:
            self.run_now(pipeline, IO(self.stdin, session=session), session)
            return None
        words = self.expand_all(command.words, session)
        for name, value in command.assigns:
            if not words:
                self.scope.vars[name] = self.expand_one(value, session)
        if not words:
            self.scope.status = 0
            return None
        if words[0] == "sleep":
            seconds = sleep_seconds(words[1:])
            if seconds is None:  # the program itself prints why (`sleep: invalid number 'abc'`)
                self.run_words(words, IO(self.stdin, session=session), session)
                return None
            self.scope.status = 0
            return Outcome(sleep=seconds)
        script = script_of(words, session)
        if script is not None:
            text, args, name = script
            try:
                tree = syntax.parse(text)
            except syntax.ShellSyntaxError as e:
                session.write(2, syntax_error(session.host.image.userland, name, e))
                self.scope.status = 2
                return None
            env = {**self.scope.vars, **{n: self.expand_one(v, session) for n, v in command.assigns}}
            scope = Scope(env, args, name)
            self.scopes.append(scope)
            self.frames.append(Frame(tree, scope=scope))
            return None
        if serves(words, session):
            return Outcome(sleep=FOREVER)
        self.run_words(words, IO(self.stdin, session=session), session, command.assigns)
        return None

    # --- running to the end now ------------------------------------------------------------

    def run_now(self, node: Any, io: IO, session: Session) -> int:
        """Run a node to its end; returns its exit status (also kept as `$?`)."""
        if isinstance(node, Seq):
            status = 0
            for item in node.items:
                status = self.run_now(item, io, session)
            return status
        if isinstance(node, AndOr):
            status = self.run_now(node.first, io, session)
            for op, pipeline in node.rest:
                if (op == "&&") == (status == 0):
                    status = self.run_now(pipeline, io, session)
            self.scope.status = status
            return status
        if isinstance(node, Pipeline):
            stdin, status = io.stdin, 0
            for index, command in enumerate(node.commands):
                last = index == len(node.commands) - 1
                sub = IO(stdin, io.out, io.err, io.session) if last else IO(stdin)
                status = self.run_now(command, sub, session)
                if not last:
                    for text in sub.err:
                        io.write(2, text)
                    stdin = "".join(sub.out)
            if node.negate:
                status = int(status == 0)
            self.scope.status = status
            return status
        redirs = getattr(node, "redirs", [])
        target = self.redirect(redirs, io, session) if redirs else io
        if target is None:
            self.scope.status = 1
            return 1
        status = self.run_compound(node, target, session)
        if redirs:
            self.flush(redirs, target, io, session)
        self.scope.status = status
        return status

    def run_compound(self, node: Any, io: IO, session: Session) -> int:
        if isinstance(node, Simple):
            words = self.expand_all(node.words, session)
            if not words:
                for name, value in node.assigns:
                    self.scope.vars[name] = self.expand_one(value, session)
                return 0
            return self.run_words(words, io, session, node.assigns)
        if isinstance(node, Group):
            return self.run_now(node.body, io, session)
        if isinstance(node, If):
            for cond, body in node.branches:
                if self.run_now(cond, io, session) == 0:
                    return self.run_now(body, io, session)
            return self.run_now(node.otherwise, io, session) if node.otherwise else 0
        if isinstance(node, While):
            status, turns = 0, 0
            while (self.run_now(node.cond, io, session) == 0) != node.until:
                status = self.run_now(node.body, io, session)
                turns += 1
                if turns % BUSY_ITERATIONS == 0 and not session.sleep(1.0):
                    raise TimeUp
            return status
        if isinstance(node, For):
            status = 0
            items = self.expand_all(node.words, session) if node.words is not None else list(self.scope.args)
            for item in items:
                self.scope.vars[node.var] = item
                status = self.run_now(node.body, io, session)
            return status
        raise TypeError(node)

    def run_words(self, words: list[str], io: IO, session: Session,
                  assigns: list[tuple[str, str]] | None = None) -> int:
        env = {**self.scope.vars, **{n: self.expand_one(v, session) for n, v in assigns or ()}}
        status = self.execute(words, io, session, env)
        self.scope.status = status
        return status

    def execute(self, words: list[str], io: IO, session: Session, env: dict[str, str]) -> int:
        """Command search and execution (XCU 2.9.1.1): a builtin when a shell runs the words,
        else what the image ships (a script runs in this process, in a scope of its own)."""
        name = name_of(words[0])
        call = Call(self, words, io, session, env)
        in_shell = self.scope.shell
        if in_shell and name in self.programs.builtins and "/" not in words[0]:
            return self.programs.builtins[name](call)
        if not available(words[0], session.host) and not (in_shell and name in self.programs.builtins):
            call.err(not_found(self.scope.name, words[0], session.host))
            return 127
        script = script_of(words, session)
        if script is not None:
            return self.run_script(call, *script)
        program = self.programs.utility(name)
        if program is None:
            return 0  # a daemon or server started from a shell in the foreground: nothing to print
        try:
            return program(call)
        except FSError as e:
            call.err(f"{name}: {e.reason}\n")
            return 1

    def run_script(self, call: Call, text: str, args: list[str], name: str) -> int:
        """A script run to its end now, with its own positional parameters."""
        try:
            tree = syntax.parse(text)
        except syntax.ShellSyntaxError as e:
            call.err(syntax_error(call.host.image.userland, name, e))
            return 2
        self.scopes.append(Scope(dict(call.env), args, name))
        try:
            return self.run_now(tree, call.io, call.session)
        except ExitShell as e:
            return e.code
        finally:
            self.scopes.pop()

    # --- redirections ----------------------------------------------------------------------

    def redirect(self, redirs: list[syntax.Redir], io: IO, session: Session) -> IO | None:
        """A capturing IO for a command with redirections; stdin read from a file here."""
        captured = IO(stdin=io.stdin)
        for redir in redirs:
            if redir.op == "<":
                path = self.expand_one(redir.target, session)
                try:
                    captured.stdin = session.host.fs.read(path)
                except Exception as e:
                    io.write(2, f"{self.scope.name}: can't open {path}: {getattr(e, 'reason', e)}\n")
                    return None
        return captured

    def open_redirections(self, redirs: list[syntax.Redir], session: Session) -> dict[int, tuple[str, str]]:
        """Where fds 1 and 2 go while a redirected compound command runs; `>` files are
        truncated now, as the shell opens them before the command starts."""
        dest: dict[int, tuple[str, str]] = {1: ("fd", "1"), 2: ("fd", "2")}
        for redir in redirs:
            if redir.op == ">&":
                dest[redir.fd] = dest[int(redir.target)]
                continue
            path = self.expand_one(redir.target, session)
            if redir.op == ">" and path not in ("/dev/null", "/dev/stdout", "/dev/stderr"):
                try:
                    session.host.fs.write(path, "", now=session.host.now)
                except Exception as e:
                    session.write(2, f"{self.scope.name}: can't create {path}: {getattr(e, 'reason', e)}\n")
            dest[redir.fd] = ("file", path)
        return dest

    def flush(self, redirs: list[syntax.Redir], captured: IO, io: IO, session: Session) -> None:
        """Send what a redirected command wrote where its redirections say."""
        streams = {1: "".join(captured.out), 2: "".join(captured.err)}
        dest: dict[int, tuple[str, str]] = {1: ("fd", "1"), 2: ("fd", "2")}
        for redir in redirs:
            if redir.op == ">&":
                dest[redir.fd] = dest[int(redir.target)]
            elif redir.op in (">", ">>"):
                dest[redir.fd] = (redir.op, self.expand_one(redir.target, session))
        truncated: set[str] = set()
        for fd in (1, 2):
            kind, where = dest[fd]
            if kind == "fd":
                if streams[fd]:
                    io.write(int(where), streams[fd])
                continue
            if where == "/dev/null":
                continue
            if where == "/dev/stderr" or where == "/dev/stdout":
                io.write(2 if where.endswith("err") else 1, streams[fd])
                continue
            append = kind == ">>" or where in truncated
            try:
                session.host.fs.write(where, streams[fd], append=append, now=session.host.now)
            except Exception as e:
                io.write(2, f"{self.scope.name}: can't create {where}: {getattr(e, 'reason', e)}\n")
            truncated.add(where)

    # --- expansion -------------------------------------------------------------------------

    def expand_all(self, words: list[str], session: Session) -> list[str]:
        fields: list[str] = []
        for word in words:
            fields.extend(self.expand(word, session))
        return fields

    def expand_one(self, word: str, session: Session) -> str:
        return " ".join(self.expand(word, session, split=False))

    def expand(self, word: str, session: Session, *, split: bool = True) -> list[str]:
        """Parameter, command and arithmetic expansion, field splitting of unquoted results,
        quote removal. `"$@"` gives one field per positional parameter."""
        fields: list[str] = []
        current: list[str] = []
        started = False
        i, n = 0, len(word)
        quoted = False
        while i < n:
            c = word[i]
            if c == "'" and not quoted:
                end = word.index("'", i + 1)
                current.append(word[i + 1:end])
                started = True
                i = end + 1
            elif c == '"':
                quoted = not quoted
                started = True
                i += 1
            elif c == "\\":
                nxt = word[i + 1:i + 2]
                if quoted and nxt not in ('"', "\\", "$", "`"):
                    current.append("\\")
                current.append(nxt)
                started = True
                i += 2
            elif c == "$" or c == "`":
                value, i = self.dollar(word, i, session)
                if value is None:  # "$@"
                    args = self.scope.args
                    if args:
                        current.append(args[0])
                        for arg in args[1:]:
                            fields.append("".join(current))
                            current = [arg]
                        started = True
                    continue
                if quoted or not split:
                    current.append(value)
                    started = True
                else:
                    parts = value.split()
                    if parts:
                        if value[:1].isspace() and (current or started):
                            fields.append("".join(current))
                            current = []
                        current.append(parts[0])
                        for part in parts[1:]:
                            fields.append("".join(current))
                            current = [part]
                        started = True
                        if value[-1:].isspace():
                            fields.append("".join(current))
                            current, started = [], False
            else:
                current.append(c)
                started = True
                i += 1
        if current or started:
            fields.append("".join(current))
        return fields

    def dollar(self, word: str, i: int, session: Session) -> tuple[str | None, int]:
        """The expansion starting at word[i] ($, `), and where the word continues."""
        if word[i] == "`":
            end = word.index("`", i + 1)
            return self.substitute(word[i + 1:end], session), end + 1
        rest = word[i + 1:]
        if rest.startswith("(("):
            end = word.index("))", i + 3)
            return str(self.arithmetic(word[i + 3:end], session)), end + 2
        if rest.startswith("("):
            end = syntax._paren_end(word, i + 2)
            return self.substitute(word[i + 2:end - 1], session), end
        if rest.startswith("{"):
            end = word.index("}", i)
            inner = word[i + 2:end]
            name, op, default = re.match(r"([A-Za-z_0-9?#@]*)(:?-)?(.*)", inner).groups()
            value = self.lookup(name)
            if op and not value:
                value = default
            return value, end + 1
        match = re.match(r"[A-Za-z_][A-Za-z_0-9]*|[0-9?#@$]", rest)
        if match is None:
            return "$", i + 1
        name = match.group(0)
        if name == "@" and word[max(0, i - 1):i] == '"':
            return None, i + 2
        return self.lookup(name), i + 1 + len(name)

    def lookup(self, name: str) -> str:
        scope = self.scope
        if name == "?":
            return str(scope.status)
        if name == "#":
            return str(len(scope.args))
        if name in ("@", "*"):
            return " ".join(scope.args)
        if name == "$":
            return "1"
        if name.isdigit():
            index = int(name)
            return scope.name if index == 0 else (scope.args[index - 1] if index <= len(scope.args) else "")
        return scope.vars.get(name, "")

    def substitute(self, text: str, session: Session) -> str:
        """$(...): the output of a command, trailing newlines removed."""
        captured = IO()
        try:
            tree = syntax.parse(text)
        except syntax.ShellSyntaxError:
            return ""
        self.run_now(tree, captured, session)
        for line in captured.err:
            session.write(2, line)
        return "".join(captured.out).rstrip("\n")

    def arithmetic(self, text: str, session: Session) -> int:
        """$((...)): integers, variables, + - * / % and comparisons."""
        expr = re.sub(r"\$?([A-Za-z_][A-Za-z_0-9]*)", lambda m: self.lookup(m.group(1)) or "0", text)
        if not re.fullmatch(r"[0-9+\-*/%<>=!() \t]*", expr):
            return 0
        expr = expr.replace("/", "//")
        try:
            return int(eval(expr, {"__builtins__": {}}))
        except (SyntaxError, ZeroDivisionError):
            return 0


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"
