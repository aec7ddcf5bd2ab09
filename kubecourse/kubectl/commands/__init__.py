"""The table of kubectl commands. Each command lives in its own module and is one entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubecourse.kubectl.grammar import Flag, Parsed

if TYPE_CHECKING:
    from kubecourse.kubectl.context import Context, Output

Run = Callable[["Context", Parsed, "Output", "str | None"], int]  # -> exit code


@dataclass(frozen=True)
class Command:
    name: str
    run: Run | None = None
    flags: tuple[Flag, ...] = ()
    subcommands: dict[str, Command] = field(default_factory=dict)
    short: str = ""  # one line for `kubectl --help`
    help: str = ""  # what cobra prints for `-h`/`--help`, where kubecourse has the text


def _table() -> dict[str, Command]:
    """Every module in this package that defines COMMAND is a top-level command."""
    import importlib
    import pkgutil

    table = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "COMMAND", None)
        if command is not None:
            table[command.name] = command
    return table


COMMANDS: dict[str, Command] = _table()
