"""Dispatch: find the command, parse its flags, run it, turn failures into kubectl's text."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import grammar, hints, unsimulated, watch
from kubecourse.kubectl.commands import COMMANDS, Command
from kubecourse.kubectl.context import Context, Output, Result
from kubecourse.kubectl.errors import CommandError, format_status_error


def split(line: str | Sequence[str]) -> list[str]:
    """A command line as the shell would split it; a leading `kubectl` or `k` is dropped."""
    argv = shlex.split(line) if isinstance(line, str) else list(line)
    if argv and argv[0] in ("kubectl", "k"):
        argv = argv[1:]
    return argv


def find(argv: list[str]) -> tuple[Command | None, list[str], str]:
    """The command named by the positionals (`create deployment`, `rollout status`), wherever
    flags stand between them, as cobra's Find does (it strips flags, skipping the values of
    flags that take one); returns the command, the remaining argv, and the command's path."""
    table, path, rest = COMMANDS, [], list(argv)
    command: Command | None = None
    i = 0
    while i < len(rest):
        tok = rest[i]
        if tok == "--":
            break
        if tok.startswith("-") and len(tok) > 1:
            i += 2 if _takes_value(tok, command) else 1
            continue
        sub = table.get(tok)
        if sub is None:
            break
        command, table = sub, sub.subcommands
        path.append(rest.pop(i))
    return command, rest, " ".join(path)


@dataclass(frozen=True)
class Invocation:
    """A command line read once: split, its command found, its flags parsed. What every step
    after reading looks at (the notebook's dispatch to an editor or a terminal, then `run`),
    so none of them splits or searches the line again."""

    command: Command | None
    rest: list[str]  # argv without the command's path
    path: str  # the command's path, `rollout status`
    parsed: grammar.Parsed | grammar.UsageError | None  # None: no command to parse flags for

    def flags(self) -> grammar.Parsed:
        """The parsed flags; raises the grammar's error when they did not parse."""
        if isinstance(self.parsed, grammar.UsageError):
            raise self.parsed
        assert self.parsed is not None, "a command that runs has parsed flags"
        return self.parsed


def read(line: str | Sequence[str] | Invocation) -> Invocation:
    """The Invocation of a command line (one already read is returned as it is); ValueError
    when the line does not split (an unclosed quote)."""
    if isinstance(line, Invocation):
        return line
    command, rest, path = find(split(line))
    parsed: grammar.Parsed | grammar.UsageError | None = None
    if command is not None and command.run is not None:
        try:
            parsed = grammar.parse(rest, command.flags)
        except grammar.UsageError as e:
            parsed = e
    return Invocation(command, rest, path, parsed)


def positionals(rest: list[str], command: Command | None) -> list[str]:
    """The words of argv that are not flags or their values, up to `--`."""
    words, i = [], 0
    while i < len(rest) and rest[i] != "--":
        tok = rest[i]
        if tok.startswith("-") and len(tok) > 1:
            i += 2 if _takes_value(tok, command) else 1
            continue
        words.append(tok)
        i += 1
    return words


def unreadable(error: ValueError) -> Result:
    """What kubectl prints for a line that does not split."""
    return Result("", f"error: {error}\n", 1)


def _takes_value(tok: str, command: Command | None) -> bool:
    """Whether a flag token is followed by its value as a separate word."""
    flags = (*(command.flags if command else ()), *grammar.GLOBAL_FLAGS)
    if tok.startswith("--"):
        if "=" in tok:
            return False
        flag = next((f for f in flags if f.name == tok[2:]), None)
    else:
        if len(tok) > 2:
            return False
        flag = next((f for f in flags if f.short == tok[1:]), None)
    return flag is not None and flag.kind != "bool" and flag.no_opt is None


# kubectl 1.32's top-level commands in the order it registers them (its --help order), which is
# the order cobra suggests them in.
KUBECTL_COMMANDS = (
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
    "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach",
    "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch", "replace", "wait",
    "kustomize", "label", "annotate", "completion", "api-resources", "api-versions", "config", "plugin", "version",
    "options", "help",
)


def unknown_command(word: str) -> str:
    """cobra's `unknown command "x" for "kubectl"` with its suggestions (command.go findSuggestions,
    SuggestionsFor: a Levenshtein distance of at most 2, ignoring case, or a name the word
    begins); kubectl prints it through CheckErr, so no `Run 'kubectl --help'` line follows."""
    text = f'error: unknown command "{word}" for "kubectl"'
    typed = word.lower()
    close = [name for name in KUBECTL_COMMANDS if _distance(typed, name) <= 2 or name.startswith(typed)]
    if close:
        text += "\n\nDid you mean this?\n" + "".join(f"\t{name}\n" for name in close)
    return text


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def asks_help(rest: list[str]) -> bool:
    """cobra's help flag, `-h` or `--help`, among the flags (before `--`)."""
    flags = rest[:rest.index("--")] if "--" in rest else rest
    return any(tok in ("-h", "--help", "--help=true") for tok in flags)


def run(ctx: Context, line: str | Sequence[str] | Invocation, stdin: str | None = None) -> Result:
    try:
        invocation = read(line)
    except ValueError as e:
        return unreadable(e)
    command, rest, path = invocation.command, invocation.rest, invocation.path
    out = Output()
    lacking = unsimulated.missing(path.split(), positionals(rest, command), COMMANDS)
    if lacking is not None:
        out.error(unsimulated.answer(lacking))
        return out.result(unsimulated.EXIT_CODE)
    if command is not None and command.help and asks_help(rest):
        out.print(command.help)
        return out.result(0)
    if command is None or command.run is None:
        word = next((a for a in rest if not a.startswith("-")), "")
        if command is None and word:
            out.error(unknown_command(word))
            if hint := hints.retired_command(word):
                out.error(hint)
            return out.result(1)
        out.print("kubectl controls the Kubernetes cluster manager.\n")
        table = command.subcommands if command else COMMANDS
        for name in sorted(table):
            out.print(f"  {name:<14}{table[name].short}")
        return out.result(0)
    try:
        parsed = invocation.flags()
        if "request-timeout" in parsed.given:
            watch.request_timeout(parsed["request-timeout"])  # the client config refuses a bad one first
        if parsed.flags.get("field-manager"):
            ctx.field_manager = parsed["field-manager"]  # whose the command's writes are (managedFields)
        code = command.run(ctx, parsed, out, stdin)
    except grammar.UsageError as e:
        out.error(f"error: {e}")
        out.error(f"See 'kubectl {path} --help' for usage.")
        if hint := hints.retired_flag(path, str(e)):
            out.error(hint)
        return out.result(1)
    except CommandError as e:
        out.error(f"error: {e}")
        return out.result(1)
    except StatusError as e:
        out.error(format_status_error(e))
        return out.result(1)
    return out.result(code)
