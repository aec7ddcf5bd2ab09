"""The utilities on an image's PATH for files, text, disk space, the environment and time.

GNU coreutils and grep on Debian/Ubuntu images (`cat: x: No such file or directory`,
`ls: cannot access 'x': No such file or directory`), BusyBox's applets on busybox and
alpine (`cat: can't open 'x': No such file or directory`, `ls: x: No such file or
directory`); `Call.busybox` says which. Each program is a function `(call) -> exit status`
(kubecourse.shell.machine.Call) over the container's files (kubecourse.userland.fs).

`sleep` and `timeout` spend virtual time through the session (`Session.sleep`); a `sleep`
alone in a statement is waited out by the run loop instead (kubecourse.shell.machine), so
a process can stop there and resume.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Any

from kubecourse.shell.command import name_of, sleep_seconds
from kubecourse.shell.machine import Call, Program
from kubecourse.shell.process import IO, Session, TimeUp
from kubecourse.userland.fs import FSError

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


# --- the environment and time ------------------------------------------------------------------


def env(c: Call) -> int:
    if len(c.argv) > 1:
        return c.machine.execute(c.argv[1:], c.io, c.session, c.env)
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
        if c.busybox:
            c.err("sleep: missing operand\n" if len(c.argv) == 1 else f"sleep: invalid number '{c.argv[1]}'\n")
        else:  # GNU coreutils src/sleep.c
            c.err("sleep: missing operand\n" if len(c.argv) == 1 else
                  f"sleep: invalid time interval '{c.argv[1]}'\n")
            c.err("Try 'sleep --help' for more information.\n")
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
        return c.machine.execute(c.argv[2:], IO(c.io.stdin, c.io.out, c.io.err, bounded if c.io.session else None),
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


COREUTILS: dict[str, Program] = {
    "cat": cat, "ls": ls, "touch": touch, "rm": rm, "mkdir": mkdir, "grep": grep, "head": head, "tail": tail,
    "wc": wc, "seq": seq, "expr": expr, "env": env, "printenv": printenv, "hostname": hostname, "date": date,
    "uname": uname, "sleep": sleep, "timeout": timeout, "df": df,
}
