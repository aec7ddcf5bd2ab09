"""`kubectl create -f FILE|DIR|-`: POST each document; generators are subcommands.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/create/create.go (RunCreate).
Each document is created on its own: the builder continues on errors, so a document that
fails (already exists, invalid, an unknown apiVersion) is reported and the others are still
created; any failure makes the exit code 1. Server errors are prefixed by
`error when creating "<file>": ` (`"STDIN"` for `-f -`). Arguments are checked before -f, so
`kubectl create foo` says `Unexpected args`, not that -f is missing.

The generator subcommands (`create deployment`, `create namespace`, ...) live one module each
in kubecourse/kubectl/generators/; `generators.SUBCOMMANDS` lists them.
"""

from __future__ import annotations

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import output, record, resources
from kubecourse.kubectl.apply import modified_configuration
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, add_source, format_errors
from kubecourse.kubectl.generators import SUBCOMMANDS
from kubecourse.kubectl.grammar import Flag, Parsed

SAVE_CONFIG_FLAG = Flag("save-config", kind="bool", default=False)


def no_args(path: str, parsed: Parsed) -> None:
    """`error: Unexpected args: [foo bar]` (cmdutil.UsageErrorf)."""
    if parsed.args:
        raise CommandError(f"Unexpected args: [{' '.join(parsed.args)}]\n"
                           f"See 'kubectl {path} -h' for help and examples")


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    no_args("create", parsed)
    resources.require_filenames(parsed)
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    cause = record.change_cause("create", parsed, out)
    printer = output.MutationPrinter(parsed["output"], dry_run)
    errs: list[Exception] = []
    created = 0
    for target in resources.visit(parsed, stdin):
        if isinstance(target, Exception):
            errs.append(target)
            continue
        doc = modified_configuration(target.doc) if parsed["save-config"] else target.doc
        doc = record.annotate(doc, cause)
        if dry_run != output.CLIENT:
            try:
                doc = ctx.create(doc, dry_run=dry_run == output.SERVER).to_wire()
            except StatusError as e:
                errs.append(add_source("creating", target.source, e))
                continue
        created += 1
        printer.print(out, target.kind, doc, "created")
    return report(out, errs, created, "create")


def report(out: Output, errs: list[Exception], done: int = 0, verb: str = "") -> int:
    """Every error at the end, exit 1 (checkErr); with `verb`, no object at all is an error too."""
    if errs:
        out.error(format_errors(errs))
        return 1
    if verb and not done:
        raise CommandError(f"no objects passed to {verb}")
    return 0


COMMAND = Command(
    "create",
    run,
    (resources.FILENAME_FLAG, resources.RECURSIVE_FLAG, resources.SELECTOR_FLAG, output.DRY_RUN_FLAG,
     output.OUTPUT_FLAG, SAVE_CONFIG_FLAG, record.RECORD_FLAG, Flag("validate", default="strict"),
     Flag("field-manager", default="kubectl-create"), Flag("show-managed-fields", kind="bool", default=False)),
    SUBCOMMANDS,
    short="Create a resource from a file or from stdin",
)
