"""`kubectl patch (TYPE NAME | TYPE/NAME | -f FILE) -p PATCH [--type=strategic|merge|json]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go (Complete,
Validate, RunPatch) and the apiserver's PATCH handler
(staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go: apply the patch to the stored
object's JSON, then decode and update as a PUT would, without a resourceVersion to conflict on).

What the source says:
- The patch is YAML or JSON (`-p` or `--patch-file`, not both); `--type` defaults to
  strategic. A strategic patch merges lists by their schema merge keys
  (kubecourse/schema/merge.py); merge is RFC 7386 and json RFC 6902; all three as the server
  applies them (kubecourse/api/patches.py, shared with the served API).
- Each object prints `deployment.apps/kubia patched`, or `patched (no change)` when the server
  returned it unchanged; `--dry-run=client` patches locally and prints `patched (dry run)`.
- A strategic patch the merge cannot apply is a plain server error, printed without a reason:
  `Error from server: map: map[image:nginx] does not contain declared merge key: name`.
- What is neither JSON nor YAML is sent as it is, and refused by the server's JSON decoder.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from kubecourse.api import patches
from kubecourse.api.errors import StatusError
from kubecourse.kubectl import objects, output, resources
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed

TYPES = ("json", "merge", "strategic")


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    patch = _patch(parsed)
    kind_of_patch = parsed["type"]
    if kind_of_patch not in TYPES:
        raise CommandError(f'--type must be one of [{" ".join(TYPES)}], not "{kind_of_patch}"')
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    found, errs, _ = objects.find(ctx, parsed, parsed.args, stdin)
    # A client dry run patches locally and says `patched`, with no dry-run suffix (patch.go).
    printer = output.MutationPrinter(parsed["output"], output.NONE if dry_run == output.CLIENT else dry_run)
    for item in found:
        try:
            result, changed = patch_one(ctx, item.obj, patch, kind_of_patch, dry_run)
        except StatusError as e:
            errs.append(e)
            continue
        printer.print(out, item.kind, result, "patched" if changed or dry_run == output.CLIENT
                      else "patched (no change)")
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0


def _patch(parsed: Parsed) -> Any:
    text, path = parsed["patch"], parsed["patch-file"]
    if text and path:
        raise CommandError("cannot specify --patch and --patch-file together")
    if path:
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            raise CommandError(f"unable to read patch file: open {path}: no such file or directory") from None
    if not text:
        raise CommandError("must specify --patch or --patch-file containing the contents of the patch")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        json_error = e
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        # kubectl sends what it could not convert as it is; the server's JSON decoder refuses it.
        return Unparsable(go_json_error(json_error, text))


class Unparsable(str):
    """A patch that is not JSON or YAML: the server's decode error."""


def go_json_error(e: json.JSONDecodeError, text: str) -> str:
    """encoding/json's SyntaxError text for the common cases."""
    if e.pos >= len(text):
        return "unexpected end of JSON input"
    char = text[e.pos]
    if e.msg.startswith("Expecting property name"):
        return f"invalid character '{char}' looking for beginning of object key string"
    return f"invalid character '{char}' looking for beginning of value"


def patch_one(ctx: Context, obj: Any, patch: Any, kind_of_patch: str, dry_run: str) -> tuple[dict[str, Any], bool]:
    """The object after the patch as the server returns it, and whether it changed."""
    current = obj.to_wire()
    if isinstance(patch, Unparsable):
        raise StatusError(400, "BadRequest", str(patch))
    if kind_of_patch == "json":
        patched = patches.json_patch(current, patch)
    elif kind_of_patch == "merge":
        patched = patches.merge_patch(current, patch)
    else:
        patched = patches.strategic_merge(current, patch, obj.kind)
    if dry_run == output.CLIENT:
        return patched, patched != current
    meta = {k: v for k, v in (patched.get("metadata") or {}).items() if k != "resourceVersion"}
    result = ctx.update({**patched, "metadata": meta}, dry_run=dry_run == output.SERVER)
    return result.to_wire(), result.metadata.resource_version != obj.metadata.resource_version or (
        dry_run == output.SERVER and result != obj)


COMMAND = Command(
    "patch",
    run,
    (Flag("patch", "p", default=""), Flag("patch-file", default=""), Flag("type", default="strategic"),
     resources.FILENAME_FLAG, resources.RECURSIVE_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG,
     Flag("local", kind="bool", default=False), Flag("subresource", default=""),
     Flag("field-manager", default="kubectl-patch"), Flag("allow-missing-template-keys", kind="bool", default=True),
     Flag("show-managed-fields", kind="bool", default=False)),
    short="Update fields of a resource",
)
