"""`kubectl set resources (-f FILE | TYPE NAME) [--limits=cpu=200m,memory=512Mi] [--requests=...] [-c C]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/set/set_resources.go (Complete,
Validate, Run) and staging/src/k8s.io/kubectl/pkg/generate/versioned/generator.go
(HandleResourceRequirementsV1, populateResourceListV1), with resource.ParseQuantity.

What the source says:
- The objects are fetched first; then `you must specify an update to requests or limits (in
  the form of --requests/--limits)`, and each `name=quantity` is parsed (`Invalid argument
  syntax cpu, expected <resource>=<value>`, or the quantity's regular expression).
- Each selected container gets the given limits and requests merged into its own; a
  quantity is written as the client encodes it (`0.5` -> `500m`). No container matching `-c`:
  `error: unable to find container named x` (no quotes), and that object is skipped.
- The message is `resource requirements updated`; `--record` works as for set image.
"""

from __future__ import annotations

import re
from typing import Any

from kubecourse.api.kinds import Kind
from kubecourse.kubectl import objects, output, record
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.describe.quantity import canonical
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.set import LOCAL_HINT, apply_edits, pod_spec, select_containers

FLAGS = (Flag("all", kind="bool", default=False), Flag("containers", "c", default="*"), Flag("limits", default=""),
         Flag("requests", default=""), Flag("local", kind="bool", default=False), FILENAME_FLAG, RECURSIVE_FLAG,
         SELECTOR_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG, record.RECORD_FLAG,
         Flag("field-manager", default="kubectl-set"), Flag("show-managed-fields", kind="bool", default=False))

QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
SUFFIXES = ("", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


def parse_quantity(text: str) -> str:
    """ParseQuantity, then the canonical form the client sends. Exponents (`1e3`) are beyond
    what the course needs and are refused with the unknown-suffix text."""
    m = QUANTITY.match(text)
    if not m:
        raise CommandError(QUANTITY_ERROR)
    if m[2] not in SUFFIXES:
        raise CommandError("unable to parse quantity's suffix")
    return canonical(text)


def resource_list(spec: str) -> dict[str, str]:
    """populateResourceListV1: `cpu=100m,memory=256Mi`."""
    result: dict[str, str] = {}
    for statement in spec.split(",") if spec else ():
        parts = statement.split("=")
        if len(parts) != 2:
            raise CommandError(f"Invalid argument syntax {statement}, expected <resource>=<value>")
        result[parts[0]] = parse_quantity(parts[1])
    return result


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    cause = record.change_cause("set resources", parsed, out)
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    if parsed["local"]:
        raise CommandError(LOCAL_HINT)
    found, errs, _ = objects.find(ctx, parsed, parsed.args, stdin, all_=parsed["all"])
    if errs:
        out.error(format_errors(errs))
        return 1
    if parsed["all"] and parsed["selector"]:
        raise CommandError("cannot set --all and --selector at the same time")
    if not parsed["limits"] and not parsed["requests"]:
        raise CommandError("you must specify an update to requests or limits (in the form of --requests/--limits)")
    limits, requests = resource_list(parsed["limits"]), resource_list(parsed["requests"])
    selector = parsed["containers"]
    missing: list[Exception] = []

    def edit(kind: Kind, wire: dict[str, Any]) -> bool:
        containers = select_containers(pod_spec(kind, wire).get("containers") or [], selector)
        if not containers:
            missing.append(CommandError(f"error: unable to find container named {selector}"))
            return False
        for c in containers:
            current = c.setdefault("resources", {})
            for field, values in (("limits", limits), ("requests", requests)):
                if values:
                    current[field] = dict(sorted({**(current.get(field) or {}), **values}.items()))
        wire["metadata"] = record.annotate(wire, cause)["metadata"]
        return True

    return apply_edits(ctx, out, found, edit, parsed=parsed, dry_run=dry_run,
                       refused="failed to patch resources update to pod template ", operation="resource requirements updated", failures=missing)


COMMAND = Command("resources", run, FLAGS, short="Update resource requests/limits on objects with pod templates")
