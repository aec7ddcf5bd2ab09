"""`kubectl rollout status|history|undo|pause|resume|restart`, one module per subcommand.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/*.go and the
polymorphic helpers they call (staging/src/k8s.io/kubectl/pkg/polymorphichelpers).
The helpers shared by the subcommands are here.

What the source says, for all of them:
- Targets come from the resource builder with an empty selector allowed: `deploy/kubia`,
  `deploy kubia`, `deploy` (every Deployment in the namespace), `-l`, `-f`. No argument at all
  is `required resource not specified`.
- Output lines are the name printer's: `deployment.apps/kubia paused`.
- Nothing matched: status, pause, resume and restart say `No resources found in default
  namespace.` on stderr and succeed; history and undo print nothing.
- Which kinds a subcommand supports is decided per kind by a "visitor": an unsupported kind
  gets that subcommand's own error text (`no history viewer has been implemented for "Pod"`).
"""

from __future__ import annotations

from kubecourse.api.kinds import Kind
from kubecourse.kubectl import objects
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Parsed
from kubecourse.kubectl.resources import namespace_of


def require_resource(parsed: Parsed) -> None:
    """Validate(): an argument or -f is needed."""
    if not parsed.args and not parsed.flags.get("filename"):
        raise CommandError("required resource not specified")


def targets(ctx: Context, parsed: Parsed, stdin: str | None) -> tuple[list[objects.Found], list[Exception]]:
    """The objects named, as ResourceTypeOrNameArgs(allowEmptySelector=true) finds them."""
    require_resource(parsed)
    found, errs, _ = objects.find(ctx, parsed, parsed.args, stdin, all_=True)
    return found, errs


def no_resources(out: Output, parsed: Parsed) -> int:
    out.error(f"No resources found in {namespace_of(parsed)} namespace.")
    return 0


def group_kind(kind: Kind) -> str:
    """schema.GroupKind.String(): `Pod`, `ReplicaSet.apps`."""
    return f"{kind.kind}.{kind.group}" if kind.group else kind.kind
