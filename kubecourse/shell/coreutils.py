"""The programs a container shell can run: shell builtins and the tools on an image's PATH.

Each program is a function `(call) -> exit status` that reads its arguments and stdin and
writes to its streams. Texts follow the userland of the image (DESIGN.md: images say which):
GNU coreutils and dash on Debian/Ubuntu images (`cat: x: No such file or directory`,
`sh: 1: foo: not found`), BusyBox on busybox and alpine (`cat: can't open 'x': No such
file or directory`, `sh: foo: not found`). `curl`, `wget`, `nslookup` and `dig` go through
the cluster network (kubecourse.network) as the pod they run in.

Models the tools' own sources where it matters: curl's error texts (lib/strerror.c,
`curl: (7) Failed to connect to ... port 80 after 0 ms: Couldn't connect to server`),
BusyBox's wget (networking/wget.c) and nslookup (networking/nslookup.c).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kubecourse.shell.machine import IO, ExitShell, Machine, Session, TimeUp
from kubecourse.userland.fs import FSError

SHELLS = ("sh", "bash", "ash")
BUILTINS = ("echo", "true", "false", "exit", "cd", "pwd", "export", "test", "[", ":", "trap", "set", "unset",
            "shift", "kill", "printf")


@dataclass
class Call:
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


def name_of(word: str) -> str:
    return posixpath.basename(word)


def available(word: str, host: Any) -> bool:
    """Whether the image can run this as a program (on its PATH, or a file it ships)."""
    if "/" in word:
        return host.fs.stat(word) is not None or name_of(word) in host.image.tools
    return word in host.image.tools or word in _server_executables(host)


def _server_executables(host: Any) -> tuple[str, ...]:
    server = host.image.server
    return (server[0],) if server else ()


def not_found(machine: Machine, word: str, host: Any) -> str:
    """The shell's own words for an unknown command (exit 127)."""
    if name_of(machine.scope.name) == "bash":
        return f"bash: line 1: {word}: command not found\n"
    if host.image.userland == "busybox":
        return f"{machine.scope.name}: {word}: not found\n"
    return f"{machine.scope.name}: 1: {word}: not found\n"


def syntax_error(userland: str, name: str, error: Exception) -> str:
    """A shell's report of a parse error (exit 2), in its own words. The parser speaks
    BusyBox ash's (`sh: syntax error: unexpected "fi"`, shell/ash.c raise_error_unexpected_
    syntax); dash turns it around (`sh: 1: Syntax error: "fi" unexpected`, src/parser.c
    synexpect); bash names the token (`bash: syntax error near unexpected token `fi'`)."""
    text = str(error)
    if userland == "busybox":
        return f"{name}: syntax error: {text}\n"
    expecting = ""
    if " (expecting " in text:
        text, expecting = text.split(" (expecting ", 1)
        expecting = f" (expecting {expecting}"
    token = text.removeprefix("unexpected ")
    if posixpath.basename(name) == "bash":
        if text.startswith("unterminated") or token.startswith("end of file"):
            return f"{name}: syntax error: unexpected end of file\n"
        return f"{name}: syntax error near unexpected token `{token.strip(chr(34))}'\n"
    if text.startswith("unterminated"):
        return f"{name}: 1: Syntax error: Unterminated quoted string\n"
    return f"{name}: 1: Syntax error: {token} unexpected{expecting}\n"


def run(machine: Machine, words: list[str], io: IO, session: Session, env: dict[str, str]) -> int:
    name = name_of(words[0])
    call = Call(machine, words, io, session, env)
    in_shell = machine.scope.shell
    if in_shell and name in BUILTINS and "/" not in words[0]:
        return PROGRAMS[name](call)
    if not available(words[0], session.host) and not (in_shell and name in BUILTINS):
        call.err(not_found(machine, words[0], session.host))
        return 127
    script = script_of(words, session)
    if script is not None:
        return run_script(call, *script)
    program = PROGRAMS.get(name)
    if program is None:
        return 0  # a daemon or server started from a shell in the foreground: nothing to print
    try:
        return program(call)
    except FSError as e:
        call.err(f"{name}: {e.reason}\n")
        return 1


def run_script(call: Call, text: str, args: list[str], name: str) -> int:
    from kubecourse.shell import syntax
    from kubecourse.shell.machine import Scope

    try:
        tree = syntax.parse(text)
    except syntax.ShellSyntaxError as e:
        call.err(syntax_error(call.host.image.userland, name, e))
        return 2
    machine = call.machine
    machine.scopes.append(Scope(dict(call.env), args, name))
    try:
        return machine.run_now(tree, call.io, call.session)
    except ExitShell as e:
        return e.code
    finally:
        machine.scopes.pop()


def script_of(words: list[str], session: Session) -> tuple[str, list[str], str] | None:
    """(script text, positional args, $0) when the words start a shell: `sh -c TEXT [ARG0
    ARGS...]`, `sh FILE ARGS`, a script file with a `#!` line, or a bare `sh` (which reads
    stdin: with no terminal it ends at once, as busybox's default command does)."""
    host = session.host
    name = name_of(words[0])
    if name in SHELLS and available(words[0], host):
        rest = words[1:]
        if rest[:1] == ["-c"] and len(rest) > 1:
            zero = rest[2] if len(rest) > 2 else name
            return rest[1], rest[3:], zero
        if rest and not rest[0].startswith("-"):
            try:
                return host.fs.read(rest[0]), rest[1:], rest[0]
            except FSError:
                return None
        return "", [], name
    if words[0] in ("/docker-entrypoint.sh", "/entrypoint.sh"):
        return None
    stat = host.fs.stat(words[0]) if "/" in words[0] else None
    if stat is not None and stat.content.startswith("#!"):
        return stat.content, words[1:], words[0]
    return None


def unwrap_entrypoint(words: list[str]) -> list[str]:
    """The images' entrypoint scripts end in `exec "$@"`: what they run is their args (the
    curl image's prefixes `curl` when the first arg is an option)."""
    if words and words[0] == "/docker-entrypoint.sh":
        return words[1:]
    if words and words[0] == "/entrypoint.sh":
        return ["curl", *words[1:]] if len(words) > 1 and words[1].startswith("-") else words[1:]
    return words


def serves(words: list[str], session: Session) -> bool:
    """Whether these words start the image's long-running server (node app.js, nginx, a
    system daemon); the host starts it and the process then runs until it is killed."""
    host = session.host
    server = host.image.server
    if server is not None and name_of(words[0]) == server[0] and "-s" not in words and "-v" not in words:
        return host.serve(server[1])
    if not host.image.tools and host.image.ports:
        return host.serve("daemon")
    return False


def sleep_seconds(args: list[str]) -> float | None:
    if len(args) != 1:
        return None
    if args[0] == "infinity":
        return float("inf")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", args[0])
    if match is None:
        return None
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


# --- builtins ------------------------------------------------------------------------------------


def echo(c: Call) -> int:
    args = c.argv[1:]
    newline = True
    if args[:1] == ["-n"]:
        newline, args = False, args[1:]
    text = " ".join(args)
    if args[:1] == ["-e"] or (not c.busybox and c.machine.scope.name == "sh"):
        text = " ".join(a for a in args if a != "-e").replace("\\n", "\n").replace("\\t", "\t")
    c.out(text + ("\n" if newline else ""))
    return 0


def printf(c: Call) -> int:
    if len(c.argv) < 2:
        return 1
    fmt = c.argv[1].replace("\\n", "\n").replace("\\t", "\t")
    values = iter(c.argv[2:])
    c.out(re.sub(r"%[sd]", lambda m: next(values, ""), fmt))
    return 0


def exit_(c: Call) -> int:
    raise ExitShell(int(c.argv[1]) % 256 if len(c.argv) > 1 and c.argv[1].isdigit() else c.machine.scope.status)


def cd(c: Call) -> int:
    path = c.argv[1] if len(c.argv) > 1 else "/root"
    if not c.host.fs.is_dir(path):
        c.err(f"{c.machine.scope.name}: cd: can't cd to {path}: No such file or directory\n" if c.busybox else
              f"{c.machine.scope.name}: 1: cd: can't cd to {path}\n")
        return 2
    c.host.fs.cwd = posixpath.normpath(posixpath.join(c.host.fs.cwd, path))
    return 0


def export(c: Call) -> int:
    for arg in c.argv[1:]:
        name, eq, value = arg.partition("=")
        if eq:
            c.machine.scope.vars[name] = value
    return 0


def unset(c: Call) -> int:
    for name in c.argv[1:]:
        c.machine.scope.vars.pop(name, None)
    return 0


def shift(c: Call) -> int:
    c.machine.scope.args = c.machine.scope.args[1:]
    return 0


def test(c: Call) -> int:
    args = c.argv[1:]
    if c.argv[0] == "[":
        if args[-1:] != ["]"]:
            c.err("[: missing ]\n" if not c.busybox else "sh: missing ]\n")
            return 2
        args = args[:-1]
    negate = args[:1] == ["!"]
    if negate:
        args = args[1:]
    result = _test(c, args)
    return int(result == negate)


def _test(c: Call, args: list[str]) -> bool:
    if not args:
        return False
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        op, value = args
        fs = c.host.fs
        checks: dict[str, Callable[[], bool]] = {
            "-z": lambda: value == "", "-n": lambda: value != "", "-e": lambda: fs.exists(value),
            "-f": lambda: fs.stat(value) is not None, "-d": lambda: fs.is_dir(value),
            "-s": lambda: bool(fs.stat(value) and fs.stat(value).content)}
        return checks.get(op, lambda: False)()
    left, op, right = args[:3]
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    numbers = {"-eq": int.__eq__, "-ne": int.__ne__, "-lt": int.__lt__, "-le": int.__le__, "-gt": int.__gt__,
               "-ge": int.__ge__}
    if op in numbers:
        try:
            return numbers[op](int(left), int(right))
        except ValueError:
            return False
    return False


def kill(c: Call) -> int:
    return 0  # PID 1 in a container ignores signals it has no handler for


def nothing(c: Call) -> int:
    return 0


def fail(c: Call) -> int:
    return 1


# --- files ------------------------------------------------------------------------------------------


def cat(c: Call) -> int:
    if len(c.argv) == 1:
        c.out(c.io.stdin)
        return 0
    status = 0
    for path in c.argv[1:]:
        if path == "-":
            c.out(c.io.stdin)
            continue
        try:
            c.out(c.host.fs.read(path))
        except FSError as e:
            if not c.busybox:
                c.err(f"cat: {path}: {e.reason}\n")
            elif e.reason == "Is a directory":
                c.err(f"cat: read error: {e.reason}\n")
            else:
                c.err(f"cat: can't open '{path}': {e.reason}\n")
            status = 1
    return status


def _flags(args: list[str]) -> tuple[set[str], list[str]]:
    flags: set[str] = set()
    rest = []
    for arg in args:
        if arg.startswith("-") and len(arg) > 1 and not arg[1:].isdigit():
            flags.update(arg[1:])
        else:
            rest.append(arg)
    return flags, rest


def _glob(c: Call, args: list[str]) -> list[str]:
    """Pathname expansion of unquoted patterns (done by the shell in a real container)."""
    expanded = []
    for arg in args:
        if "*" in arg or "?" in arg:
            directory = posixpath.dirname(arg) or "."
            try:
                names = c.host.fs.listdir(directory)
            except FSError:
                names = []
            matches = [posixpath.join(posixpath.dirname(arg), n) for n in names
                       if fnmatch.fnmatch(n, posixpath.basename(arg)) and not n.startswith(".")]
            expanded.extend(matches or [arg])
        else:
            expanded.append(arg)
    return expanded


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def ls(c: Call) -> int:
    flags, paths = _flags(c.argv[1:])
    paths = _glob(c, paths) or ["."]
    fs = c.host.fs
    status = 0
    files, dirs = [], []
    for path in paths:
        if fs.is_dir(path) and "d" not in flags:
            dirs.append(path)
        elif fs.exists(path) or fs.link_target(path) is not None:
            files.append(path)
        else:
            c.err(f"ls: {path}: No such file or directory\n" if c.busybox else
                  f"ls: cannot access '{path}': No such file or directory\n")
            status = 1 if c.busybox else 2
    long = "l" in flags
    if files:
        _ls_entries(c, [(p, p) for p in files], long, total=False)
    for index, path in enumerate(dirs):
        names = fs.listdir(path)
        if "a" not in flags and "A" not in flags:
            names = [n for n in names if not n.startswith(".")]
        if "a" in flags:
            names = [".", "..", *names]
        if len(dirs) > 1 or files:
            c.out(("\n" if index or files else "") + f"{path}:\n")
        _ls_entries(c, [(n, posixpath.join(path, n)) for n in names], long, total=True)
    return status


def _ls_entries(c: Call, entries: list[tuple[str, str]], long: bool, *, total: bool) -> None:
    if not long:
        for name, _ in entries:
            c.out(name + "\n")
        return
    fs = c.host.fs
    rows = []
    blocks = 0
    for name, path in entries:
        target = fs.link_target(path) if name not in (".", "..") else None
        stat = fs.stat(path) if target is None else None
        if target is not None:
            mode, size, shown = "lrwxrwxrwx", len(target), f"{name} -> {target}"
        elif stat is not None:
            mode, size, shown = _mode(stat.mode), len(stat.content.encode()), name
            blocks += 4 if size else 0
        else:
            mode, size, shown = "drwxr-xr-x" if not _is_tmpfs_dir(c, path) else "drwxrwxrwt", 4096, name
            blocks += 4
        when = (stat.mtime if stat is not None and stat.mtime else c.host.started) or c.host.now
        rows.append((mode, str(size), f"{MONTHS[when.month - 1]} {when.day:>2} {when:%H:%M}", shown))
    if total:
        c.out(f"total {blocks}\n")
    width = max((len(r[1]) for r in rows), default=1)
    for mode, size, when, shown in rows:
        if c.busybox:
            c.out(f"{mode}    1 root     root     {size:>9} {when} {shown}\n")
        else:
            c.out(f"{mode} 1 root root {size:>{width}} {when} {shown}\n")


def _is_tmpfs_dir(c: Call, path: str) -> bool:
    return False


def _mode(mode: int) -> str:
    bits = "".join(ch if mode & (1 << (8 - i)) else "-" for i, ch in enumerate("rwxrwxrwx"))
    return "-" + bits


def touch(c: Call) -> int:
    status = 0
    for path in c.argv[1:]:
        try:
            if c.host.fs.stat(path) is None:
                c.host.fs.write(path, "", now=c.host.now)
        except FSError as e:
            c.err(f"touch: {path}: {e.reason}\n" if c.busybox else f"touch: cannot touch '{path}': {e.reason}\n")
            status = 1
    return status


def rm(c: Call) -> int:
    flags, paths = _flags(c.argv[1:])
    status = 0
    for path in paths:
        try:
            c.host.fs.remove(path, recursive="r" in flags or "R" in flags)
        except FSError as e:
            if "f" in flags and e.reason == "No such file or directory":
                continue
            c.err(f"rm: can't remove '{path}': {e.reason}\n" if c.busybox else
                  f"rm: cannot remove '{path}': {e.reason}\n")
            status = 1
    return status


def mkdir(c: Call) -> int:
    flags, paths = _flags(c.argv[1:])
    status = 0
    for path in paths:
        try:
            c.host.fs.mkdir(path, parents="p" in flags)
        except FSError as e:
            c.err(f"mkdir: can't create directory '{path}': {e.reason}\n" if c.busybox else
                  f"mkdir: cannot create directory '{path}': {e.reason}\n")
            status = 1
    return status


# --- text -------------------------------------------------------------------------------------------


def _inputs(c: Call, paths: list[str]) -> list[tuple[str, str]] | None:
    if not paths:
        return [("", c.io.stdin)]
    found = []
    for path in paths:
        try:
            found.append((path, c.host.fs.read(path)))
        except FSError as e:
            c.err(f"{name_of(c.argv[0])}: {path}: {e.reason}\n")
            return None
    return found


def grep(c: Call) -> int:
    flags, rest = _flags(c.argv[1:])
    if not rest:
        c.err("Usage: grep [OPTIONS] PATTERN [FILE]...\n" if c.busybox else
              "Usage: grep [OPTION]... PATTERNS [FILE]...\n")
        return 2
    pattern, paths = rest[0], rest[1:]
    inputs = _inputs(c, paths)
    if inputs is None:
        return 2
    try:
        regex = re.compile(pattern if "E" in flags else pattern.replace("\\|", "|"), re.I if "i" in flags else 0)
    except re.error:
        regex = re.compile(re.escape(pattern))
    count = 0
    for path, text in inputs:
        for line in text.splitlines():
            if bool(regex.search(line)) != ("v" in flags):
                count += 1
                if "q" not in flags and "c" not in flags:
                    c.out((f"{path}:" if len(inputs) > 1 else "") + line + "\n")
    if "c" in flags:
        c.out(f"{count}\n")
    return 0 if count else 1


def _count_arg(args: list[str]) -> tuple[int, list[str]]:
    count, rest = 10, []
    i = 0
    while i < len(args):
        if args[i] == "-n" and i + 1 < len(args):
            count = int(args[i + 1].lstrip("+-") or 0)
            i += 2
            continue
        if re.fullmatch(r"-\d+", args[i]):
            count = int(args[i][1:])
        elif args[i].startswith("-n"):
            count = int(args[i][2:])
        else:
            rest.append(args[i])
        i += 1
    return count, rest


def head(c: Call) -> int:
    count, paths = _count_arg(c.argv[1:])
    inputs = _inputs(c, paths)
    if inputs is None:
        return 1
    for _, text in inputs:
        c.out("".join(text.splitlines(keepends=True)[:count]))
    return 0


def tail(c: Call) -> int:
    count, paths = _count_arg(c.argv[1:])
    inputs = _inputs(c, [p for p in paths if p != "-f"])
    if inputs is None:
        return 1
    for _, text in inputs:
        lines = text.splitlines(keepends=True)
        c.out("".join(lines[-count:] if count else []))
    return 0


def wc(c: Call) -> int:
    flags, paths = _flags(c.argv[1:])
    inputs = _inputs(c, paths)
    if inputs is None:
        return 1
    for path, text in inputs:
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
        chosen = [k for k in "lwc" if k in flags] or ["l", "w", "c"]
        numbers = [counts[k] for k in chosen]
        if c.busybox:
            shown = " ".join(f"{n:>9}" for n in numbers) if len(numbers) > 1 else str(numbers[0])
        else:
            width = max(len(str(n)) for n in numbers) if paths or len(numbers) == 1 else 7
            shown = " ".join(f"{n:>{width}}" for n in numbers)
        c.out(shown + (f" {path}" if path else "") + "\n")
    return 0


def seq(c: Call) -> int:
    numbers = [int(a) for a in c.argv[1:] if re.fullmatch(r"-?\d+", a)]
    first, last = (1, numbers[0]) if len(numbers) == 1 else (numbers[0], numbers[-1])
    for n in range(first, last + 1):
        c.out(f"{n}\n")
    return 0


def expr(c: Call) -> int:
    value = c.machine.arithmetic(" ".join(c.argv[1:]), c.session)
    c.out(f"{value}\n")
    return int(value == 0)


# --- the system -------------------------------------------------------------------------------------


def env(c: Call) -> int:
    if len(c.argv) > 1:
        return run(c.machine, c.argv[1:], c.io, c.session, c.env)
    for name, value in c.env.items():
        c.out(f"{name}={value}\n")
    return 0


def printenv(c: Call) -> int:
    environ = c.env
    if len(c.argv) == 1:
        return env(c)
    status = 0
    for name in c.argv[1:]:
        if name in environ:
            c.out(environ[name] + "\n")
        else:
            status = 1
    return status


def hostname(c: Call) -> int:
    c.out(c.host.hostname + "\n")
    return 0


def pwd(c: Call) -> int:
    c.out(c.host.fs.cwd + "\n")
    return 0


def date(c: Call) -> int:
    now = c.host.now
    c.out(f"{now:%a %b} {now.day:>2} {now:%H:%M:%S} UTC {now:%Y}\n")
    return 0


def uname(c: Call) -> int:
    c.out("Linux\n" if len(c.argv) == 1 else
          f"Linux {c.host.hostname} 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 x86_64 GNU/Linux\n")
    return 0


def sleep(c: Call) -> int:
    seconds = sleep_seconds(c.argv[1:])
    if seconds is None:
        c.err("sleep: missing operand\n" if len(c.argv) == 1 else f"sleep: invalid number '{c.argv[1]}'\n")
        return 1
    if not c.session.sleep(seconds):
        raise TimeUp
    return 0


def timeout(c: Call) -> int:
    """`timeout N CMD`: the command runs at most N seconds of virtual time."""
    seconds = sleep_seconds(c.argv[1:2]) if len(c.argv) > 2 else None
    if seconds is None:
        c.err("Usage: timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS\n")
        return 1
    bounded = Bounded(c.session, seconds)
    try:
        return run(c.machine, c.argv[2:], IO(c.io.stdin, c.io.out, c.io.err, bounded if c.io.session else None),
                   bounded, c.env)
    except TimeUp:
        if bounded.expired:
            return 124 if not c.busybox else 143
        raise


class Bounded:
    """A session whose time ends `seconds` from now (for `timeout`)."""

    def __init__(self, inner: Session, seconds: float) -> None:
        self.inner, self.left, self.expired = inner, seconds, False
        self.host, self.net = inner.host, inner.net

    def write(self, fd: int, text: str) -> None:
        self.inner.write(fd, text)

    def sleep(self, seconds: float) -> bool:
        if seconds >= self.left:
            self.inner.sleep(self.left)
            self.expired = True
            return False
        self.left -= seconds
        return self.inner.sleep(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def ps(c: Call) -> int:
    processes = [*c.host.processes(), " ".join(c.argv)]
    if c.busybox:
        c.out("PID   USER     TIME  COMMAND\n")
        for pid, command in _pids(processes):
            c.out(f"{pid:>5} root      0:00 {command}\n")
        return 0
    if len(c.argv) > 1 and c.argv[1] in ("aux", "-aux", "-ef"):
        if c.argv[1] == "-ef":
            c.out("UID          PID    PPID  C STIME TTY          TIME CMD\n")
            for pid, command in _pids(processes):
                c.out(f"root     {pid:>7}       {0 if pid == 1 else 1:>1}  0 {c.host.started:%H:%M} ?        "
                      f"00:00:00 {command}\n")
            return 0
        c.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for pid, command in _pids(processes):
            c.out(f"root     {pid:>7}  0.0  0.1  {4336 if pid > 1 else 614052:>5}  {1620 if pid > 1 else 29540:>5} ?"
                  f"        {'Rs' if pid > 1 else 'Ssl'}  {c.host.started:%H:%M}   0:00 {command}\n")
        return 0
    c.out("    PID TTY          TIME CMD\n")
    for pid, command in _pids(processes):
        c.out(f"{pid:>7} ?        00:00:00 {name_of(command.split()[0])}\n")
    return 0


def _pids(processes: list[str]) -> list[tuple[int, str]]:
    return [(1 if i == 0 else 6 + i, command) for i, command in enumerate(processes)]


def mount(c: Call) -> int:
    for device, point, fstype, options in c.host.mount_table():
        c.out(f"{device} on {point} type {fstype} ({options})\n")
    return 0


def df(c: Call) -> int:
    human = "-h" in c.argv
    c.out("Filesystem           Size      Used Available Use% Mounted on\n" if c.busybox and human else
          "Filesystem                1K-blocks      Used Available Use% Mounted on\n" if c.busybox else
          "Filesystem      Size  Used Avail Use% Mounted on\n" if human else
          "Filesystem     1K-blocks     Used Available Use% Mounted on\n")
    for device, point, size_k, used_k in c.host.disk_usage():
        avail = size_k - used_k
        use = f"{(used_k * 100 + size_k - 1) // size_k if size_k else 0}%"
        if human:
            c.out(f"{device:<15} {_human(size_k):>4} {_human(used_k):>5} {_human(avail):>5} {use:>4} {point}\n")
        else:
            c.out(f"{device:<14} {size_k:>9} {used_k:>8} {avail:>9} {use:>4} {point}\n")
    return 0


def _human(kib: int) -> str:
    for unit, size in (("T", 1 << 30), ("G", 1 << 20), ("M", 1 << 10)):
        if kib >= size:
            value = kib / size
            return f"{value:.1f}{unit}" if value < 10 else f"{round(value)}{unit}"
    return f"{kib}K" if kib else "0"


def fortune(c: Call) -> int:
    c.out(FORTUNES[c.session.rng.randrange(len(FORTUNES))] + "\n")
    return 0


FORTUNES = (
    "You will be awarded some great honor.",
    "Your lucky number has been disconnected.",
    "Don't let your mind wander -- it's too little to be let out alone.",
    "You have an unusual understanding of the problems of human relationships.",
    "Today is the first day of the rest of your life.",
    "Beware of a tall blond man with one black shoe.",
    "You will be successful in love.",
    "A day without sunshine is like night.",
)


def nginx(c: Call) -> int:
    """`nginx -s reload` re-reads the configuration in the running master; `nginx -t` checks it."""
    args = c.argv[1:]
    stamp = f"{c.host.now:%Y/%m/%d %H:%M:%S}"
    if args[:2] == ["-s", "reload"]:
        if not c.host.reload_server():
            c.err(f'{stamp} [error] 42#42: open() "/run/nginx.pid" failed (2: No such file or directory)\n'
                  f'nginx: [error] open() "/run/nginx.pid" failed (2: No such file or directory)\n')
            return 1
        c.err(f"{stamp} [notice] 42#42: signal process started\n")
        return 0
    if args[:1] == ["-t"]:
        c.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
              "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
        return 0
    if args[:1] == ["-v"]:
        c.err("nginx version: nginx/1.27.3\n")
        return 0
    return 0


def network_program(name: str) -> Callable[[Call], int]:
    def program(c: Call) -> int:
        from kubecourse.shell import clients

        if c.session.net is None:
            c.err(f"{name}: network is unreachable\n")
            return 1
        return getattr(clients, name)(c)

    program.__name__ = name
    return program


PROGRAMS: dict[str, Callable[[Call], int]] = {
    "echo": echo, "printf": printf, "true": nothing, ":": nothing, "false": fail, "exit": exit_,
    "cd": cd, "pwd": pwd, "export": export, "unset": unset, "shift": shift, "test": test, "[": test,
    "trap": nothing, "set": nothing, "kill": kill,
    "cat": cat, "ls": ls, "touch": touch, "rm": rm, "mkdir": mkdir, "grep": grep, "head": head, "tail": tail,
    "wc": wc, "seq": seq, "expr": expr, "env": env, "printenv": printenv, "hostname": hostname, "date": date,
    "uname": uname, "sleep": sleep, "timeout": timeout, "ps": ps, "mount": mount, "df": df, "fortune": fortune,
    "nginx": nginx,
    **{name: network_program(name) for name in ("curl", "wget", "nslookup", "dig", "host")},
}
