"""`kubectl apply --server-side`: send the manifest as an apply patch; the server merges it.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (Validate,
applyOneObject's ServerSideApply branch, GetApplyFieldManagerFlag) with the merge and the
field ownership in kubecourse/api/fieldmanager.py.

What the source says:
- The field manager is `kubectl` unless --field-manager names one (the flag's default,
  kubectl-client-side-apply, is for client-side apply only).
- Every object prints `serverside-applied`, created or not, changed or not.
- A conflict (409) is wrapped with three paragraphs of advice and printed as `error: ...`;
  --force-conflicts takes the fields over instead.
- `--force-conflicts` without --server-side and --server-side with --dry-run=client are errors.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import output
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import Target

SERVER_SIDE_FLAG = Flag("server-side", kind="bool", default=False)
FORCE_CONFLICTS_FLAG = Flag("force-conflicts", kind="bool", default=False)
MANAGER = "kubectl"

CONFLICT_ADVICE = """Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts"""


def check(parsed: Parsed, dry_run: str) -> None:
    """apply.go Validate's server-side rules."""
    if parsed["force-conflicts"] and not parsed["server-side"]:
        raise CommandError("--force-conflicts only works with --server-side")
    if parsed["server-side"] and dry_run == output.CLIENT:
        raise CommandError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")


def field_manager(parsed: Parsed) -> str:
    """GetApplyFieldManagerFlag: an explicit --field-manager, else `kubectl`."""
    return parsed["field-manager"] if "field-manager" in parsed.given else MANAGER


def apply_one(ctx: Context, target: Target, doc: dict[str, Any], parsed: Parsed, dry_run: str) -> dict[str, Any]:
    """The object as the server left it after the apply patch."""
    try:
        obj = ctx.apply(doc, field_manager=field_manager(parsed), force=parsed["force-conflicts"],
                        dry_run=dry_run == output.SERVER)
    except StatusError as e:
        if e.reason == "Conflict" and e.causes:
            raise CommandError(f"{e.message}\n{CONFLICT_ADVICE}") from None
        raise
    return obj.to_wire()
