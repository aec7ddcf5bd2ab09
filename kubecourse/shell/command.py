"""What a command's words name, decided before it runs: a builtin or a program the image
ships, a shell script, the image's server, a `sleep` the process can wait out.

Models POSIX.1-2017 XCU 2.9.1.1 (command search and execution: a word with a slash is a
path, any other is looked up among the builtins and on PATH, and an unknown one is reported
by the shell and exits 127) as the images' shells word it: dash (`sh: 1: foo: not found`,
src/exec.c), BusyBox ash (`sh: foo: not found`, shell/ash.c) and bash (`bash: line 1: foo:
command not found`). What is on PATH is the image's list of tools (kubecourse.userland.
images); the tools themselves are the program table the shell is handed (programs.py).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from kubecourse.shell.process import Session
from kubecourse.userland.fs import FSError

SHELLS = ("sh", "bash", "ash")


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


def not_found(shell: str, word: str, host: Any) -> str:
    """The shell's own words (`shell` is its $0) for an unknown command (exit 127)."""
    if name_of(shell) == "bash":
        return f"bash: line 1: {word}: command not found\n"
    if host.image.userland == "busybox":
        return f"{shell}: {word}: not found\n"
    return f"{shell}: 1: {word}: not found\n"


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
    if words[0] in ("/docker-entrypoint.sh", "docker-entrypoint.sh", "/entrypoint.sh"):
        return None
    stat = host.fs.stat(words[0]) if "/" in words[0] else None
    if stat is not None and stat.content.startswith("#!"):
        return stat.content, words[1:], words[0]
    return None


def unwrap_entrypoint(words: list[str]) -> list[str]:
    """The images' entrypoint scripts end in `exec "$@"`: what they run is their args (the
    curl image's prefixes `curl` when the first arg is an option)."""
    if words and words[0] == "docker-entrypoint.sh":  # redis's: an option first means redis-server's
        return ["redis-server", *words[1:]] if len(words) > 1 and words[1].startswith("-") else words[1:]
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
