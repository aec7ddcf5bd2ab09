"""`kubectl create <generator> NAME ...`: objects built on the client from flags.

Each module builds the object exactly as kubectl's create_<generator>.go does, as a wire dict in
Go's struct field order (so `-o json` matches) with the fields Go always writes
(`creationTimestamp: null`, `resources: {}`, `status: {}`), and hands it to `create()`. Models
staging/src/k8s.io/kubectl/pkg/cmd/create/create.go NameFromCommandArgs and the Run() shared by
the generators: `--dry-run=client` prints the object without sending it; otherwise it is
created and the server's answer is printed.

`SUBCOMMANDS` is what `kubectl create` offers beside `-f`.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api import kinds
from kubecourse.api.errors import StatusError
from kubecourse.kubectl import output
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import namespace_of

FLAGS: tuple[Flag, ...] = (output.DRY_RUN_FLAG, output.OUTPUT_FLAG, Flag("save-config", kind="bool", default=False),
                           Flag("show-managed-fields", kind="bool", default=False), Flag("template"),
                           Flag("validate", default="strict", no_opt="strict"),
                           Flag("field-manager", default="kubectl-create"))


def usage_error(path: str, message: str) -> CommandError:
    """cmdutil.UsageErrorf: the message and a pointer to `-h` (not `--help`, unlike flag errors)."""
    return CommandError(f"{message}\nSee 'kubectl {path} -h' for help and examples")


def one_name(parsed: Parsed, path: str) -> str:
    if len(parsed.args) != 1:
        raise usage_error(path, f"exactly one NAME is required, got {len(parsed.args)}")
    return parsed.args[0]


def require(parsed: Parsed, *names: str) -> None:
    """cobra's MarkFlagRequired, checked before the command runs."""
    missing = [n for n in names if n not in parsed.given]
    if missing:
        raise CommandError(f"required flag(s) {', '.join(chr(34) + n + chr(34) for n in missing)} not set")


def metadata(parsed: Parsed, name: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    """ObjectMeta in Go's field order; the namespace only when -n was given (EnforceNamespace)."""
    meta: dict[str, Any] = {"name": name}
    if "namespace" in parsed.given:
        meta["namespace"] = namespace_of(parsed)
    meta["creationTimestamp"] = None
    if labels:
        meta["labels"] = labels
    return meta


def create(ctx: Context, out: Output, parsed: Parsed, wire: dict[str, Any], failure: str | None) -> int:
    """Print or create the generated object. `failure` prefixes a server error as the generator
    does (`failed to create deployment: `); None lets it through as `Error from server (...)`."""
    strategy = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    printer = output.MutationPrinter(parsed["output"], strategy)
    kind = kinds.by_kind(wire["kind"])
    if strategy == output.CLIENT:
        printer.print(out, kind, wire, "created")
        return 0
    try:
        stored = ctx.create(wire, namespace=namespace_of(parsed), dry_run=strategy == output.SERVER)
    except StatusError as e:
        if failure is None:
            raise
        raise CommandError(f"{failure}{e.message}") from None
    printer.print(out, kind, stored.to_wire(), "created")
    return 0


def _subcommands() -> dict:
    from kubecourse.kubectl.generators import configmap, deployment, namespace, secret, service

    table = {m.COMMAND.name: m.COMMAND for m in (configmap, deployment, namespace, secret, service)}
    aliases = {"cm": "configmap", "deploy": "deployment", "ns": "namespace", "svc": "service"}  # cobra Aliases
    return table | {alias: table[name] for alias, name in aliases.items()}


SUBCOMMANDS = _subcommands()
