"""`kubectl set image|env|resources`: change the pod spec of pods and pod templates.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/set/helper.go (selectContainers,
selectString, CalculatePatches, updateEnv); where each kind keeps its pod spec is
staging/src/k8s.io/kubectl/pkg/polymorphichelpers/updatepodspec.go (updatePodSpecForObject),
the kind's `pod_spec` in kubecourse.kubectl.polymorphichelpers. The messages are set_image.go's,
set_env.go's and set_resources.go's.

What the source says, for all three:
- Each object is changed on the client: a function edits its pod spec (the pod's own, or the
  template's), then the difference is sent as a strategic merge patch. An object whose pod
  spec the function could not edit is `error: <plural>/<name> <reason>` (with a trailing
  newline in the message); one whose edit changes nothing is skipped without a word.
- `--dry-run=client` prints the edited object without sending it; otherwise the server's
  answer is printed (`deployment.apps/kubia image updated`). A refused patch is
  `failed to patch image update to pod template: <server message>` (resources: no colon).
- Errors are collected and printed after every object was handled (NewAggregate).
Here the edit works on the object's wire form; the "patch" is the edited object itself,
written in one update, which is what applying the two-way patch to it yields.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import hints, output, polymorphichelpers
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Parsed
from kubecourse.kubectl.objects import Found

LOCAL_HINT = hints.hint("kubecourse does not simulate --local; run the command against the cluster, with "
                        "--dry-run=client to only see the result.")


class NoPodTemplate(Exception):
    """ResourceNotHavePodTemplate."""


def pod_spec(kind: Kind, wire: dict[str, Any]) -> dict[str, Any]:
    """The pod spec inside `wire` (our own copy, edited in place); a missing template is made."""
    path = polymorphichelpers.for_kind(kind.kind).pod_spec
    if path is None:
        raise NoPodTemplate(f"the object is not a pod or does not have a pod template: *{kind.gvk.version}.{kind.kind}")
    node = wire
    for key in path:
        node = node.setdefault(key, {})
    return node


def as_go_encodes(kind: Kind, wire: dict[str, Any]) -> dict[str, Any]:
    """The edited object as kubectl prints it without the server: decoded into Go types, whose
    zero creationTimestamp in a pod template encodes as `null`."""
    path = polymorphichelpers.for_kind(kind.kind).pod_spec or ()
    if len(path) < 2:
        return wire
    node = wire
    for key in path[:-2]:
        node = node[key]
    template = node[path[-2]]
    template["metadata"] = {"creationTimestamp": None, **(template.get("metadata") or {})}
    return wire


def select_string(s: str, spec: str) -> bool:
    """selectString: `*` matches all, a spec without `*` matches itself, and otherwise each
    `*`-separated part must follow the previous one (the first anchored at the start, the
    last at the end). Upstream's non-greedy search is kept as it is."""
    if spec == "*":
        return True
    if "*" not in spec:
        return s == spec
    pos = 0
    parts = spec.split("*")
    for i, part in enumerate(parts):
        if not part:
            continue
        found = s[pos:].find(part)
        if found < pos or (i == 0 and pos != 0) or (i == len(parts) - 1 and len(s) != len(part) + found):
            return False
        pos = found
    return True


def select_containers(containers: list[dict[str, Any]], spec: str) -> list[dict[str, Any]]:
    return [c for c in containers if select_string(c.get("name", ""), spec)]


def object_name(f: Found) -> str:
    """resource.Info.ObjectName(): `deployments/kubia` (plural, no group)."""
    return f"{f.kind.plural}/{f.obj.metadata.name}"


def apply_edits(ctx: Context, out: Output, found: list[Found], edit: Callable[[Kind, dict[str, Any]], bool],
                *, parsed: Parsed, dry_run: str, refused: str, operation: str,
                failures: Sequence[Exception] = ()) -> int:
    """CalculatePatches and the patch loop, then the errors as one aggregate; returns the exit
    code. `edit` changes a wire copy and says whether it transformed it (False: nothing to
    send); it raises CommandError or NoPodTemplate to fail that object, or notes a failure in
    `failures` (read after the loop, printed first). `refused` prefixes the server's message
    when it refuses the write."""
    printer = output.MutationPrinter(parsed["output"], dry_run)
    errs: list[Exception] = []
    for f in found:
        before = f.obj.to_wire()
        after = copy.deepcopy(before)
        try:
            if not edit(f.kind, after):
                continue
        except (CommandError, NoPodTemplate) as e:
            errs.append(CommandError(f"error: {object_name(f)} {e}\n"))
            continue
        if after == before:
            continue
        if dry_run == output.CLIENT:
            printer.print(out, f.kind, as_go_encodes(f.kind, after), operation)
            continue
        try:
            stored = ctx.update(after, dry_run=dry_run == output.SERVER)
        except StatusError as e:
            errs.append(CommandError(refused + e.message))
            continue
        printer.print(out, f.kind, stored.to_wire(), operation)
    errs = [*failures, *errs]
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0
