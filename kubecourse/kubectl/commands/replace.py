"""`kubectl replace -f FILE|-`: PUT each document whole (`replaced`); `--force` deletes and re-creates.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/replace/replace.go (Complete,
Validate, Run, forceReplace). A replace sends the manifest as the new object: fields it does
not name are gone (unlike apply), except what the server keeps (status, uid, creation time).
The current resourceVersion is taken from the server, so a replace never conflicts
(resource.Helper.Replace with overwrite). `--force` deletes every object (printing
`deleted`), waits until they are gone (5 minutes by default), then creates them again.
"""

from __future__ import annotations

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import output, record, resources
from kubecourse.kubectl.apply import modified_configuration
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.commands.create import SAVE_CONFIG_FLAG, report
from kubecourse.kubectl.commands.delete import DeleteOptions, Info, delete_result, parse_cascade
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError, add_source
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import Target

FORCE_TIMEOUT = 300.0  # forceReplace waits 5 minutes for the old objects to go


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    propagation = parse_cascade(parsed["cascade"], out)
    resources.require_filenames(parsed)
    timeout = parse_duration(parsed["timeout"])
    if parsed["grace-period"] >= 0 and not parsed["force"]:
        raise CommandError("--grace-period must have --force specified")
    if timeout and not parsed["force"]:
        raise CommandError("--timeout must have --force specified")
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    cause = record.change_cause("replace", parsed, out)
    printer = output.MutationPrinter(parsed["output"], dry_run)
    visited = resources.visit(parsed, stdin)
    if parsed["force"]:
        return force_replace(ctx, parsed, visited, propagation, timeout, printer, cause, out)
    errs: list[Exception] = []
    for target in visited:
        if not isinstance(target, Target):
            errs.append(target)
            continue
        doc = manifest(parsed, target, cause)
        if dry_run != output.CLIENT:
            try:
                doc = ctx.update(doc, dry_run=dry_run == output.SERVER).to_wire()
            except StatusError as e:
                errs.append(add_source("replacing", target.source, e))
                continue
        printer.print(out, target.kind, doc, "replaced")
    return report(out, errs)


def manifest(parsed: Parsed, target: Target, cause: str | None) -> dict:
    doc = modified_configuration(target.doc) if parsed["save-config"] else target.doc
    return record.annotate(doc, cause)


def force_replace(ctx: Context, parsed: Parsed, visited: list, propagation: str, timeout: float,
                  printer: output.MutationPrinter, cause: str | None, out: Output) -> int:
    """Delete all, wait until they are gone, create all (replace.go forceReplace)."""
    targets = [t for t in visited if isinstance(t, Target)]
    grace = parsed["grace-period"]
    options = DeleteOptions(grace_period=1 if grace == 0 else grace, propagation=propagation,
                            timeout=timeout or FORCE_TIMEOUT)
    infos = [Info(t.kind, t.name, t.namespace, t.source) for t in targets]
    errors = [e for e in visited if not isinstance(e, Target)]
    if delete_result(ctx, infos, errors, options, out):
        return 1
    errs: list[Exception] = []
    for target in targets:
        try:
            obj = ctx.create(manifest(parsed, target, cause)).to_wire()
        except StatusError as e:
            errs.append(e)
            continue
        printer.print(out, target.kind, obj, "replaced")
    return report(out, errs, len(targets), "replace")


COMMAND = Command(
    "replace",
    run,
    (resources.FILENAME_FLAG, resources.RECURSIVE_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG, SAVE_CONFIG_FLAG,
     record.RECORD_FLAG, Flag("force", kind="bool", default=False), Flag("grace-period", kind="int", default=-1),
     Flag("cascade", default="background", no_opt="background"), Flag("timeout", default="0s"),
     Flag("wait", kind="bool", default=False), Flag("validate", default="strict"),
     Flag("field-manager", default="kubectl-replace")),
    short="Replace a resource by file name or stdin",
)
