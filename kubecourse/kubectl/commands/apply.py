"""`kubectl apply -f FILE|DIR|-`: create what is missing, patch what changed (client-side apply).

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (Run,
applyOneObject) with the merge in kubecourse/kubectl/apply.py.

What we learned from the source:
- All documents are read first; documents that cannot be mapped are reported before the
  errors of the others, which are still applied one by one (Run collects each object's
  error and goes on: multi-document applies succeed or fail per object).
- `--record` is recorded before the last-applied configuration is computed, so the
  change-cause annotation is part of it.
- A live object without the annotation gets a warning on stderr, then the patch (which adds
  the annotation, so it is never `unchanged`).
- A client dry run of an existing object never computes the patch: it always prints
  `configured (dry run)`.
- `-o yaml|json` prints after all objects were applied: one object alone, several as a `List`.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import apply, output, printers, record, resources, serverside
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.commands.create import no_args, report
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, add_source
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import Target
from kubecourse.schema import merge

WARNING_NO_LAST_APPLIED = (
    "Warning: resource {name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which "
    "is required by kubectl apply. kubectl apply should only be used on resources created declaratively by "
    "either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.")
WARNING_DELETING = "Warning: Detected changes to resource {name} which is currently being deleted."


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    no_args("apply", parsed)
    resources.require_filenames(parsed)
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    serverside.check(parsed, dry_run)
    fmt = parsed["output"]
    output.check_format(fmt)
    cause = record.change_cause("apply", parsed, out)
    visited = resources.visit(parsed, stdin)
    targets = [t for t in visited if isinstance(t, Target)]
    errs: list[Exception] = [e for e in visited if not isinstance(e, Target)]
    if not targets and not errs:
        raise CommandError("no objects passed to apply")
    # -o name prints as it goes; -o yaml|json prints everything at the end (printObjects).
    printer = output.MutationPrinter("name" if fmt == "name" else "", dry_run)
    applied: list[tuple[Kind, dict[str, Any]]] = []
    for target in targets:
        try:
            doc = record.annotate(target.doc, cause)
            if parsed["server-side"]:
                obj, operation = serverside.apply_one(ctx, target, doc, parsed, dry_run), "serverside-applied"
            else:
                obj, operation = apply_one(ctx, target, doc, dry_run, out)
        except (StatusError, CommandError) as e:
            errs.append(e)
            continue
        applied.append((target.kind, obj))
        if fmt in ("", "name"):
            printer.print(out, target.kind, obj, operation)
    if errs:
        return report(out, errs)
    if fmt in ("yaml", "json") and applied:
        print_objects(out, fmt, [obj if parsed["show-managed-fields"] else without_managed_fields(obj)
                                 for _, obj in applied])
    return 0


def apply_one(ctx: Context, target: Target, doc: dict[str, Any], dry_run: str, out: Output, *,
              annotate: bool = True) -> tuple[dict, str]:
    """Apply one manifest; returns the object as the server left it and the operation word.
    `annotate` False leaves the last-applied-configuration out (kubectl diff's patch)."""
    if not target.name and doc["metadata"].get("generateName"):
        raise CommandError(f"from {doc['metadata']['generateName']}: cannot use generate name with apply")
    modified = apply.modified_configuration(doc, annotate=annotate)
    live = ctx.try_get(target.kind.model, target.name, target.namespace)
    if live is None:
        if dry_run == output.CLIENT:
            return modified, "created"
        try:
            created = modified if annotate else doc  # diff creates the manifest as it is
            return ctx.create(created, dry_run=dry_run == output.SERVER).to_wire(), "created"
        except StatusError as e:
            raise add_source("creating", target.source, e) from None
    current = live.to_wire()
    if dry_run == output.CLIENT:
        return current, "configured"
    if apply.original_configuration(current) is None:
        out.error(WARNING_NO_LAST_APPLIED.format(name=f"{target.kind.plural}/{target.name}"))
    merged = apply.three_way_merge(apply.original_configuration(current), modified, current,
                                   merge.patch_meta(target.kind.kind))
    if merged == current:
        warn_if_deleting(current, out)
        return current, "unchanged"
    try:
        result = ctx.update(without_resource_version(merged), dry_run=dry_run == output.SERVER).to_wire()
    except StatusError as e:
        # patcher.go Patch adds `error when patching`, apply.go then the `applying patch` context
        patching = add_source("patching", target.source, e)
        raise add_source(patch_verb(target, apply.merge_patch(current, merged)), target.source, patching) from None
    warn_if_deleting(result, out)
    return result, "configured"


def without_resource_version(obj: dict[str, Any]) -> dict[str, Any]:
    """The patch carries no resourceVersion, so it never conflicts (patcher.go patchSimple)."""
    return {**obj, "metadata": {k: v for k, v in obj["metadata"].items() if k != "resourceVersion"}}


def patch_verb(target: Target, patch: dict[str, Any]) -> str:
    """The `applying patch:` context of a failed patch, as apply.go writes it with Info.String()."""
    kind = target.kind
    group_version = kind.api_version if kind.group else f"/{kind.api_version}"
    info = (f'Resource: "{group_version}, Resource={kind.plural}", GroupVersionKind: "{group_version}, '
            f'Kind={kind.kind}"\nName: "{target.name}", Namespace: "{target.namespace}"')
    return f"applying patch:\n{apply.encode(patch).rstrip()}\nto:\n{info}\nfor:"


def without_managed_fields(obj: dict[str, Any]) -> dict[str, Any]:
    return {**obj, "metadata": {k: v for k, v in obj["metadata"].items() if k != "managedFields"}}


def warn_if_deleting(obj: dict[str, Any], out: Output) -> None:
    if obj["metadata"].get("deletionTimestamp"):
        out.error(WARNING_DELETING.format(name=obj["metadata"]["name"]))


def print_objects(out: Output, fmt: str, objs: list[dict[str, Any]]) -> None:
    """One object as itself, several as a v1 List (apply.go printObjects)."""
    obj = objs[0] if len(objs) == 1 else {"apiVersion": "v1", "items": objs, "kind": "List", "metadata": {}}
    out.print(printers.to_yaml(obj) if fmt == "yaml" else printers.to_json(obj))


COMMAND = Command(
    "apply",
    run,
    (resources.FILENAME_FLAG, resources.RECURSIVE_FLAG, resources.SELECTOR_FLAG, output.DRY_RUN_FLAG,
     output.OUTPUT_FLAG, record.RECORD_FLAG, Flag("validate", default="strict"),
     Flag("field-manager", default="kubectl-client-side-apply"), Flag("overwrite", kind="bool", default=True),
     Flag("show-managed-fields", kind="bool", default=False), serverside.SERVER_SIDE_FLAG,
     serverside.FORCE_CONFLICTS_FLAG),
    short="Apply a configuration to a resource by file name or stdin",
)
