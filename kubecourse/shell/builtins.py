"""The shell builtins: what sh, bash and ash run themselves, found before any PATH lookup.

Each program is a function `(call) -> exit status` (kubecourse.shell.machine.Call) that
reads its arguments and stdin and writes to its streams. Texts follow the image's shell:
dash on Debian/Ubuntu images (`sh: 1: cd: can't cd to /x`, src/cd.c), BusyBox ash on busybox
and alpine (`sh: cd: can't cd to /x: No such file or directory`, shell/ash.c cdcmd). `echo`,
`true`, `false`, `test`, `[`, `kill` and `pwd` are also utilities an image ships
(/bin/echo...): the same code runs when one is called by its path or outside a shell.

Models POSIX.1-2017 XCU 2.14 (special built-ins: `exit`, `export`, `unset`, `shift`, `set`,
`trap`, `:`) and the utilities' own pages (echo, printf, test, cd, pwd, kill).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from kubecourse.shell.machine import Call, Program
from kubecourse.shell.process import ExitShell


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


def pwd(c: Call) -> int:
    c.out(c.host.fs.cwd + "\n")
    return 0


def kill(c: Call) -> int:
    return 0  # PID 1 in a container ignores signals it has no handler for


def nothing(c: Call) -> int:
    return 0


def fail(c: Call) -> int:
    return 1


BUILTINS: dict[str, Program] = {
    "echo": echo, "printf": printf, "true": nothing, ":": nothing, "false": fail, "exit": exit_,
    "cd": cd, "pwd": pwd, "export": export, "unset": unset, "shift": shift, "test": test, "[": test,
    "trap": nothing, "set": nothing, "kill": kill,
}
