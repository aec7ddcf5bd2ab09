"""`kubectl diff -f FILE [--server-side]`: what `apply` would change, as a unified diff.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/diff/diff.go (RunDiff,
InfoObject.Live, InfoObject.Merged, InfoObject.Name, DiffProgram, Masker) as 1.32 behaves
(checked against the binary): each object is written twice as YAML, live into a LIVE-*
directory and merged into a MERGED-* one, under the name `[GROUP.]VERSION.KIND.NAMESPACE.NAME`;
the merged object is the server's answer to the apply request made with dryRun=All (the
three-way patch of the manifest without a last-applied-configuration of its own, a create for
an object that does not exist yet, or with --server-side the apply patch), so admission,
defaulting and validation all show; an error exits 2 (CheckDiffErr). Then kubectl runs
`diff -u -N LIVE-* MERGED-*` and exits with diff's code: 0 when nothing would change, 1 when
something would, with nothing more printed. managedFields are left out unless
--show-managed-fields; a Secret's data values are masked (`***`, or `*** (before)` and
`*** (after)` where they differ).

GNU diff's output is made here: one `diff -u -N` line per file that differs, in name order,
its `---`/`+++` lines with the file's modification time (the virtual clock; an absent file is
the epoch), and its hunks with three lines of context. Not modelled: --prune, -k
(kustomize), KUBECTL_EXTERNAL_DIFF.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from typing import Any

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import output, printers, resources, serverside
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.commands.apply import apply_one, without_managed_fields
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import Target

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def file_name(target: Target) -> str:
    """InfoObject.Name."""
    group = f"{target.kind.group}." if target.kind.group else ""
    return f"{group}{target.kind.gvk.version}.{target.kind.kind}.{target.namespace}.{target.name}"


def mask_secrets(live: dict[str, Any] | None, merged: dict[str, Any]) -> None:
    """Masker.run: a Secret's data values hidden, saying only whether each changed."""
    if merged.get("kind") != "Secret":
        return
    before, after = (live or {}).get("data") or {}, merged.get("data") or {}
    for key in set(before) | set(after):
        changed = key in before and key in after and before[key] != after[key]
        if key in before:
            before[key] = "*** (before)" if changed else "***"
        if key in after:
            after[key] = "*** (after)" if changed else "***"


def stamp(when: datetime) -> str:
    """A file's time as GNU diff -u prints it."""
    return when.strftime("%Y-%m-%d %H:%M:%S.%f") + "000 +0000"


def unified(path_a: str, path_b: str, a: str, b: str, when_a: datetime, when_b: datetime) -> str:
    lines = list(difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                      path_a, path_b, stamp(when_a), stamp(when_b)))
    if not lines:
        return ""
    return f"diff -u -N {path_a} {path_b}\n" + "".join(lines)


def merged_object(ctx: Context, parsed: Parsed, target: Target) -> dict[str, Any]:
    """InfoObject.Merged: the apply, made with dryRun=All (the patcher's warnings unprinted)."""
    if parsed["server-side"]:
        return serverside.apply_one(ctx, target, target.doc, parsed, output.SERVER)
    merged = apply_one(ctx, target, target.doc, output.SERVER, Output(), annotate=False)[0]
    meta = merged.get("metadata") or {}
    if meta.get("annotations") == {}:  # the patch's empty map: ObjectMeta's omitempty drops it on a real server
        merged = {**merged, "metadata": {k: v for k, v in meta.items() if k != "annotations"}}
    return merged


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    resources.require_filenames(parsed)
    visited = resources.visit(parsed, stdin)
    errs: list[Exception] = [e for e in visited if not isinstance(e, Target)]
    files: dict[str, tuple[str, str]] = {}
    for target in (t for t in visited if isinstance(t, Target)):
        try:
            live_obj = ctx.try_get(target.kind.model, target.name, target.namespace)
            merged = merged_object(ctx, parsed, target)
        except (StatusError, CommandError) as e:
            errs.append(e)
            continue
        live = None if live_obj is None else live_obj.to_wire()
        if not parsed["show-managed-fields"]:
            live = None if live is None else without_managed_fields(live)
            merged = without_managed_fields(merged)
        mask_secrets(live, merged)
        files[file_name(target)] = ("" if live is None else printers.to_yaml(live), printers.to_yaml(merged))
    if errs:
        out.error(format_errors(errs))
        return 2  # CheckDiffErr: an error exits one above diff's own codes
    suffix = int(ctx.now.timestamp()) % 1_000_000_000  # os.MkdirTemp's random digits, made up
    live_dir, merged_dir = f"/tmp/LIVE-{suffix}", f"/tmp/MERGED-{suffix + 1}"
    changed = False
    for name in sorted(files):
        live_text, merged_text = files[name]
        text = unified(f"{live_dir}/{name}", f"{merged_dir}/{name}", live_text, merged_text,
                       ctx.now if live_text else EPOCH, ctx.now)
        changed |= bool(text)
        out.out.append(text)
    return 1 if changed else 0


COMMAND = Command(
    "diff",
    run,
    (resources.FILENAME_FLAG, resources.RECURSIVE_FLAG, Flag("server-side", kind="bool", default=False),
     Flag("force-conflicts", kind="bool", default=False), Flag("field-manager", default="kubectl-client-side-apply"),
     Flag("show-managed-fields", kind="bool", default=False), Flag("concurrency", kind="int", default=1),
     Flag("prune", kind="bool", default=False), Flag("selector", "l", default=""),
     Flag("kustomize", "k", default="")),
    short="Diff the live version against a would-be applied version",
)
