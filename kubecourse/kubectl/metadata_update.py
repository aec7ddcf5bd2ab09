"""`kubectl label` and `kubectl annotate`: set (`key=value`) or remove (`key-`) entries of an
object's metadata.labels or metadata.annotations.

Models staging/src/k8s.io/kubectl/pkg/cmd/label/label.go and annotate/annotate.go, and
pkg/cmd/util/helpers.go GetResourcesAndPairs / ParsePairs. What the source says:
- Arguments are resources until the first `k=v` or `k-`; a resource after that is an error.
- Without --overwrite, setting a key that exists fails for that object (label: one error per
  key, `'app' already has a value (kubia), and --overwrite is false`; annotate: one error
  listing all, `--overwrite is false but found the following declared annotation(s): 'a'
  already has a value (b); ...`); change-cause may always be overwritten. Other objects go on.
- label reports `labeled`, `not labeled` when nothing changed, or `unlabeled` when without
  --overwrite the object's JSON got shorter (a quirk we keep: removing with --overwrite says
  `labeled`); removing a missing label prints `label "x" not found.` first. annotate always
  says `annotated`.
- --list prints `key=value` lines (indented under `Listing labels for Kind.group/name:` when
  more than one object could match). Go prints a map in random order; we sort the keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kubecourse.kubectl import objects, output
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG

CHANGE_CAUSE = "kubernetes.io/change-cause"
LABEL_VALUE_MESSAGE = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
                       "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',"
                       "  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


def flags(field_manager: str) -> tuple[Flag, ...]:
    return (Flag("overwrite", kind="bool", default=False), Flag("list", kind="bool", default=False),
            Flag("local", kind="bool", default=False), Flag("all", kind="bool", default=False),
            Flag("all-namespaces", "A", kind="bool", default=False), Flag("resource-version", default=""),
            Flag("field-selector", default=""), Flag("field-manager", default=field_manager),
            FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG,
            Flag("record", kind="bool", default=False))


@dataclass(frozen=True)
class Edit:
    """What the command line asks for."""

    new: dict[str, str]
    remove: list[str]


def split_args(args: list[str], pair_type: str) -> tuple[list[str], list[str]]:
    """GetResourcesAndPairs: resources first, then the changes."""
    resources, pairs = [], []
    for a in args:
        is_pair = ("=" in a and not a.startswith("=")) or (a.endswith("-") and a != "-")
        if is_pair:
            pairs.append(a)
        elif pairs:
            raise CommandError(f"all resources must be specified before {pair_type} changes: {a}")
        else:
            resources.append(a)
    return resources, pairs


def parse_label_pairs(pairs: list[str]) -> Edit:
    """label.go parseLabels: exactly one `=`, a valid value; removals must not also be set."""
    new: dict[str, str] = {}
    remove = []
    for spec in pairs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise CommandError(f"invalid label spec: {spec}")
            if not _valid_label_value(parts[1]):
                raise CommandError(f'invalid label value: "{spec}": {LABEL_VALUE_MESSAGE}')
            new[parts[0]] = parts[1]
        else:
            remove.append(spec[:-1])
    if any(key in new for key in remove):
        raise CommandError("can not both modify and remove a label in the same command")
    return Edit(new, remove)


def parse_annotation_pairs(pairs: list[str]) -> Edit:
    """ParsePairs: split at the first `=`; then validateAnnotations."""
    new: dict[str, str] = {}
    remove = []
    for spec in pairs:
        if "=" in spec:
            key, _, value = spec.partition("=")
            new[key] = value
        else:
            remove.append(spec[:-1])
    clash = [key for key in remove if key in new]
    if clash:
        raise CommandError("can not both modify and remove the following annotation(s) in the same command: "
                           + ", ".join(clash))
    return Edit(new, remove)


def _valid_label_value(v: str) -> bool:
    if not v:
        return True
    ok = all(c.isascii() and (c.isalnum() or c in "-_.") for c in v)
    return ok and len(v) <= 63 and v[0].isalnum() and v[-1].isalnum()


@dataclass(frozen=True)
class Spec:
    """The differences between label and annotate."""

    field: str  # "labels" or "annotations"
    singular: str  # "label" or "annotation"
    title: str  # "labels" / "annotations" in `Listing labels for ...`

    def overwrite_errors(self, current: dict[str, str], new: dict[str, str]) -> list[Exception]:
        clashes = [k for k in sorted(new) if k in current and not (self.field == "annotations" and k == CHANGE_CAUSE)]
        if not clashes:
            return []
        if self.field == "labels":
            return [CommandError(f"'{k}' already has a value ({current[k]}), and --overwrite is false")
                    for k in clashes]
        found = "; ".join(f"'{k}' already has a value ({current[k]})" for k in clashes)
        return [CommandError(f"--overwrite is false but found the following declared annotation(s): {found}")]

    def message(self, before: dict[str, str] | None, after: dict[str, str], overwrite: bool) -> str:
        if self.field == "annotations":
            return "annotated"
        old, new = _json_size(before), _json_size(after)
        if before == after and (before is not None or not after):
            return "not labeled"
        return "unlabeled" if not overwrite and new < old else "labeled"


def _json_size(m: dict[str, str] | None) -> int:
    """The length the map adds to the object's JSON (absent: nothing)."""
    return -1 if m is None else len(json.dumps(m, separators=(",", ":")))


def run(spec: Spec, edit_parser, ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    resources, pairs = split_args(parsed.args, spec.singular)
    edit = edit_parser(pairs)
    if parsed["list"] and parsed["output"]:
        raise CommandError("--list and --output may not be specified together")
    if parsed["all"] and parsed["selector"]:
        raise CommandError("cannot set --all and --selector at the same time")
    if not resources and not parsed["filename"]:
        raise CommandError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not edit.new and not edit.remove and not parsed["list"]:
        raise CommandError(f"at least one {spec.singular} update is required")
    output.check_format(parsed["output"])
    found, errs, single = objects.find(ctx, parsed, resources, stdin, all_=parsed["all"])
    if not single and parsed["resource-version"]:
        raise CommandError("--resource-version may only be used with a single resource")
    printer = output.MutationPrinter(parsed["output"], dry_run)
    for f in found:
        meta = f.obj.metadata
        before: dict[str, str] | None = getattr(meta, spec.field)
        current = dict(before or {})
        if not parsed["overwrite"]:
            clashes = spec.overwrite_errors(current, edit.new)
            if clashes:
                errs += clashes
                continue
        after = {**current, **edit.new}
        for key in edit.remove:
            after.pop(key, None)
        obj = f.obj
        if dry_run == output.NONE and not parsed["list"] and spec.field == "labels":
            for key in edit.remove:
                if key not in current:
                    out.print(f'label "{key}" not found.')
        if dry_run != output.CLIENT and not parsed["list"]:
            changed = meta.with_(**{spec.field: after or None})
            if parsed["resource-version"]:
                changed = changed.with_(resource_version=parsed["resource-version"])
            obj = ctx.update(obj.with_(metadata=changed), dry_run=dry_run == output.SERVER)
        if parsed["list"]:
            _list(out, spec, f, after, single)
            continue
        printer.print(out, f.kind, _shown(obj, spec, after, dry_run), spec.message(before, after, parsed["overwrite"]))
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0


def _shown(obj: Any, spec: Spec, after: dict[str, str], dry_run: str) -> dict[str, Any]:
    wire = obj.to_wire()
    if dry_run == output.CLIENT:
        meta = {k: v for k, v in wire["metadata"].items() if k != spec.field}
        wire = {**wire, "metadata": {**meta, spec.field: after} if after else meta}
    return wire


def _list(out: Output, spec: Spec, f: objects.Found, values: dict[str, str], single: bool) -> None:
    indent = ""
    if not single:
        indent = " "
        out.print(f"Listing {spec.title} for {f.kind.kind}.{f.kind.group}/{f.obj.metadata.name}:")
    for key in sorted(values):
        out.print(f"{indent}{key}={values[key]}")
