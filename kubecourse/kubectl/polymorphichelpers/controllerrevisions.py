"""The ControllerRevisions a StatefulSet or DaemonSet keeps, as kubectl's rollout helpers read them.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/history.go
(controlledHistories, statefulSetHistory, daemonSetHistory, applyStatefulSetHistory,
applyDaemonSetHistory, findHistory, printHistory) and rollback.go (StatefulSetRollbacker,
DaemonSetRollbacker, statefulsetMatch, daemonSetMatch):
- a workload's history is the ControllerRevisions in its namespace that its selector selects
  and that it controls;
- `rollout history` lists them by revision with each one's change-cause (revisions copy the
  workload's annotations when made), or prints one revision's template;
- `rollout undo` finds the revision (0: the one before the newest; `no last revision to roll
  back to` with fewer than two), and patches the workload with the revision's data (a
  strategic merge patch replacing the template), unless the template already matches.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api import selectors
from kubecourse.api.errors import StatusError
from kubecourse.api.models import ControllerRevision
from kubecourse.controllers import history as revisions
from kubecourse.kubectl import output, record
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.describe.writer import tabulate
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.polymorphichelpers.history import template_text
from kubecourse.kubectl.polymorphichelpers.rollback import revision_not_found


def controlled_histories(ctx: Context, obj: Any) -> list[ControllerRevision]:
    """controlledHistories: selected by the workload's selector and controlled by it."""
    selector = selectors.from_label_selector(obj.spec.selector)
    return [r for r in ctx.list(ControllerRevision, obj.metadata.namespace)
            if selectors.matches(selector, r.metadata.labels)
            and (ref := r.metadata.controller_ref()) is not None and ref.uid == obj.metadata.uid]


def view_history(ctx: Context, obj: Any, revision: int) -> str:
    """printHistory."""
    by_revision = {r.revision: r for r in controlled_histories(ctx, obj)}
    if not by_revision:
        return "No rollout history found."
    if revision > 0:
        if revision not in by_revision:
            raise CommandError("unable to find the specified revision")
        return template_text(revisions.revision_template(by_revision[revision].data))
    rows = ["REVISION\tCHANGE-CAUSE\n"]
    for r in sorted(by_revision):
        cause = (by_revision[r].metadata.annotations or {}).get(record.CHANGE_CAUSE)
        rows.append(f"{r}\t{cause or '<none>'}\n")
    return tabulate("".join(rows))


def find_history(to_revision: int, history: list[ControllerRevision]) -> ControllerRevision | None:
    """findHistory: the named revision, or with 0 the one before the newest."""
    if to_revision == 0 and len(history) <= 1:
        return None
    ordered = sorted(history, key=lambda r: r.revision)
    if to_revision == 0:
        return ordered[-2]
    return next((r for r in ordered if r.revision == to_revision), None)


def rollback(ctx: Context, obj: Any, to_revision: int, dry_run: str) -> str:
    """StatefulSetRollbacker.Rollback and DaemonSetRollbacker.Rollback."""
    if to_revision < 0:
        raise revision_not_found(to_revision)
    history = controlled_histories(ctx, obj)
    if to_revision == 0 and len(history) <= 1:
        raise CommandError("no last revision to roll back to")
    target = find_history(to_revision, history)
    if target is None:
        raise revision_not_found(to_revision)
    template = revisions.revision_template(target.data)
    if dry_run == output.CLIENT:
        return template_text(template)
    if revisions.raw(revisions.template_patch(obj.spec.template)) == revisions.raw(target.data or {}):
        return f"skipped rollback (current template already matches revision {to_revision})"
    try:
        ctx.update(obj.with_(spec=obj.spec.with_(template=template)), dry_run=dry_run == output.SERVER)
    except StatusError as e:
        raise CommandError(f"failed restoring revision {to_revision}: {e.message}") from None
    return "rolled back"
