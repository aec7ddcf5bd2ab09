"""kubectl's command-line grammar, as cobra and pflag parse it.

Flags may stand before or after positionals (`kubectl get -n kube-system pods` and
`kubectl get pods -n kube-system` are the same); `--` ends the flags (what follows goes to
`exec` and `run`); long flags take `--name=value` or `--name value`, booleans `--all` or
`--all=false`; shorthands take `-n value`, `-nvalue` or `-n=value`, and boolean
shorthands combine (`-it`). Errors are pflag's and cobra's own texts, which kubectl
prints as `error: <text>` followed by `See 'kubectl <cmd> --help' for usage.`
(staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go, spf13/pflag flag.go).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


class UsageError(Exception):
    """A grammar error: kubectl prints it with the `See '... --help'` line, exit 1."""


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    kind: str = "string"  # "bool", "string", "int", "slice" (repeatable, comma-split), "array" (repeatable)
    default: Any = None
    no_opt: str | None = None  # value when given bare (pflag NoOptDefVal), e.g. --cascade -> background


GLOBAL_FLAGS: tuple[Flag, ...] = (
    Flag("namespace", "n"),
    Flag("kubeconfig"),
    Flag("context"),
    Flag("cluster"),
    Flag("user"),
    Flag("server", "s"),
    Flag("token"),
    Flag("request-timeout", default="0"),
    Flag("insecure-skip-tls-verify", kind="bool", default=False),
    Flag("v", "v", kind="int", default=0),
    Flag("warnings-as-errors", kind="bool", default=False),
    Flag("match-server-version", kind="bool", default=False),
)


@dataclass
class Parsed:
    flags: dict[str, Any]
    args: list[str]  # positionals before `--`
    dash_args: list[str] = field(default_factory=list)  # everything after `--`
    given: set[str] = field(default_factory=set)  # flags the user actually set
    sequence: list[tuple[str, str]] = field(default_factory=list)  # (long name, raw value) as given, in order

    def __getitem__(self, name: str) -> Any:
        return self.flags[name]


def _convert(flag: Flag, raw: str, spelled: str) -> Any:
    if flag.kind == "bool":
        lowered = raw.lower()
        if lowered in ("true", "t", "1"):
            return True
        if lowered in ("false", "f", "0"):
            return False
        raise UsageError(f'invalid argument "{raw}" for "{spelled}" flag: strconv.ParseBool: parsing '
                         f'"{raw}": invalid syntax')
    if flag.kind == "int":
        try:
            number = int(raw)
        except ValueError:
            raise UsageError(f'invalid argument "{raw}" for "{spelled}" flag: strconv.ParseInt: parsing '
                             f'"{raw}": invalid syntax') from None
        if not -(2**63) <= number < 2**63:  # a Go int
            raise UsageError(f'invalid argument "{raw}" for "{spelled}" flag: strconv.ParseInt: parsing '
                             f'"{raw}": value out of range')
        return number
    return raw


def parse(argv: Sequence[str], flags: Sequence[Flag]) -> Parsed:
    """Parse argv against `flags` (plus the global flags)."""
    table = [*flags, *GLOBAL_FLAGS]
    by_long = {f.name: f for f in table}
    by_short = {f.short: f for f in table if f.short}
    values: dict[str, Any] = {f.name: ([] if f.kind in ("slice", "array") and f.default is None else f.default)
                              for f in table}
    given: set[str] = set()
    sequence: list[tuple[str, str]] = []
    args: list[str] = []
    i = 0

    def store(flag: Flag, raw: str, spelled: str) -> None:
        if flag.kind in ("slice", "array"):
            current = values[flag.name] if flag.name in given else []
            values[flag.name] = [*current, *(raw.split(",") if flag.kind == "slice" else [raw])]
        else:
            values[flag.name] = _convert(flag, raw, spelled)
        given.add(flag.name)
        sequence.append((flag.name, raw))

    def value(flag: Flag, inline: str | None, missing: str) -> str:
        """A value-taking flag's value: written with it, its bare default, or the next word."""
        nonlocal i
        if inline is not None:
            return inline
        if flag.no_opt is not None:
            return flag.no_opt
        if i >= len(argv):
            raise UsageError(missing)
        i += 1
        return argv[i - 1]

    while i < len(argv):
        tok = argv[i]
        i += 1
        if tok == "--":
            return Parsed(values, args, list(argv[i:]), given, sequence)
        if tok.startswith("--") and len(tok) > 2:
            name, eq, raw = tok[2:].partition("=")
            flag = by_long.get(name)
            if flag is None:
                raise UsageError(f"unknown flag: --{name}")
            spelled = f"--{name}"
            if flag.kind == "bool" and not eq:
                store(flag, "true", spelled)
            else:
                store(flag, value(flag, raw if eq else None, f"flag needs an argument: --{name}"), spelled)
        elif tok.startswith("-") and len(tok) > 1:
            shorts = tok[1:]
            while shorts:
                c, shorts = shorts[0], shorts[1:]
                flag = by_short.get(c)
                if flag is None:
                    raise UsageError(f"unknown shorthand flag: '{c}' in {tok}")
                spelled = f"-{c}"
                if flag.kind == "bool":
                    if shorts.startswith("="):
                        store(flag, shorts[1:], spelled)
                        shorts = ""
                    else:
                        store(flag, "true", spelled)
                    continue
                inline = (shorts[1:] if shorts.startswith("=") else shorts) if shorts else None
                store(flag, value(flag, inline, f"flag needs an argument: '{c}' in -{c}"), spelled)
                shorts = ""
        else:
            args.append(tok)
    return Parsed(values, args, [], given, sequence)
