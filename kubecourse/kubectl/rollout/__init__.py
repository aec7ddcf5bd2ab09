"""`kubectl rollout status|history|undo|pause|resume|restart`, one module per subcommand.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/*.go and the
polymorphic helpers they call (staging/src/k8s.io/kubectl/pkg/polymorphichelpers). Facts:
kubernetes-behavior.md §3.12-3.14 and §4. The helpers shared by the subcommands are here.

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

from datetime import datetime

from kubecourse.api.kinds import Kind
from kubecourse.api.models import Deployment, ReplicaSet
from kubecourse.kubectl import objects
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.workloads import new_and_old_replicasets
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


def replica_sets(ctx: Context, d: Deployment) -> list[ReplicaSet]:
    """GetAllReplicaSets (kubectl/pkg/util/deployment): the old ones, then the new one."""
    new_rs, old_rss = new_and_old_replicasets(View(ctx, ctx.now), d)
    return [*old_rss, *([new_rs] if new_rs is not None else [])]


def rfc3339(t: datetime) -> str:
    """Go's time.RFC3339 (`2025-01-01T00:04:00Z`, or with the zone's offset)."""
    offset = t.utcoffset()
    if not offset:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return t.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
