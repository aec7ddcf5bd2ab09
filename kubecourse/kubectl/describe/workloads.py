"""describe for Deployments, ReplicaSets, ReplicationControllers, StatefulSets and DaemonSets.

Models kubernetes/kubectl: pkg/describe/describe.go describeDaemonSet, describeStatefulSet (with
describeVolumeClaimTemplates), describeDeployment,
printReplicaSetsByLabels, describeReplicaSet, describeReplicationController,
getPodStatusForController; pkg/util/deployment/deployment.go GetAllReplicaSets,
FindNewReplicaSet, FindOldReplicaSets, EqualIgnoreHash.

What we learned from the source:
- A Deployment's ReplicaSets are those in its namespace whose controller reference is the
  Deployment. The new one is the oldest whose template equals the Deployment's once the
  pod-template-hash label is ignored; every other one is old, including those scaled to 0,
  listed by creation time (then name). The two lines appear only if there is any RS.
- `Pods Status` counts the pods that match the selector and that this object controls, by
  phase: Running, Pending ("Waiting"), Succeeded, Failed.
- Condition rows are `Type \\tStatus\\tReason` (a space before the first tab).
"""

from __future__ import annotations

from typing import Any

from kubecourse.api import columns, quantity, selectors
from kubecourse.api.models import DaemonSet, Deployment, Pod, ReplicaSet, ReplicationController, StatefulSet
from kubecourse.controllers.deployment import util as deploymentutil
from kubecourse.kubectl.describe import events
from kubecourse.kubectl.describe.pods import describe_pod_template
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import (
    LEVEL_0,
    LEVEL_1,
    PrefixWriter,
    annotations_multiline,
    controlled_by,
    labels_multiline,
    rfc1123z,
)


def describe_deployment(d: Deployment, view: View) -> str:
    w = PrefixWriter()
    spec, status, meta = d.spec, d.status, d.metadata
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(meta.creation_timestamp)}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"Selector:\t{selectors.format_label_selector(spec.selector)}\n")
    w.write(LEVEL_0, f"Replicas:\t{spec.replicas} desired | {status.updated_replicas or 0} updated | "
                     f"{status.replicas or 0} total | {status.available_replicas or 0} available | "
                     f"{status.unavailable_replicas or 0} unavailable\n")
    strategy = spec.strategy
    w.write(LEVEL_0, f"StrategyType:\t{strategy.type}\n")
    w.write(LEVEL_0, f"MinReadySeconds:\t{spec.min_ready_seconds or 0}\n")
    if strategy.rolling_update is not None:
        ru = strategy.rolling_update
        w.write(LEVEL_0, f"RollingUpdateStrategy:\t{ru.max_unavailable} max unavailable, {ru.max_surge} max surge\n")
    describe_pod_template(w, spec.template)
    _conditions(w, status.conditions)
    new_rs, old_rss = new_and_old_replicasets(view, d)
    if new_rs is not None or old_rss:
        w.write(LEVEL_0, f"OldReplicaSets:\t{_replicasets_text(old_rss)}\n")
        w.write(LEVEL_0, f"NewReplicaSet:\t{_replicasets_text([new_rs] if new_rs else [])}\n")
    events.section(w, view, d)
    return w.text()


def new_and_old_replicasets(view: View, d: Deployment) -> tuple[ReplicaSet | None, list[ReplicaSet]]:
    """GetAllReplicaSets: the ReplicaSets the Deployment controls, split as its controller
    splits them (the same upstream helpers, kubectl keeps a copy of them)."""
    owned = [rs for rs in view.api.list(ReplicaSet, d.metadata.namespace)
             if (ref := rs.metadata.controller_ref()) is not None and ref.uid == d.metadata.uid]
    _, all_old = deploymentutil.find_old_replica_sets(d, owned)
    return deploymentutil.find_new_replica_set(d, owned), all_old


def _replicasets_text(rss: list[ReplicaSet]) -> str:
    return ", ".join(f"{rs.metadata.name} ({rs.status.replicas if rs.status else 0}/{rs.spec.replicas} "
                     "replicas created)" for rs in rss) or "<none>"


def describe_replica_set(rs: ReplicaSet, view: View) -> str:
    selector = selectors.from_label_selector(rs.spec.selector)
    return _replicated(rs, view, selectors.format_label_selector(rs.spec.selector), selector, owned_line=True)


def describe_replication_controller(rc: ReplicationController, view: View) -> str:
    selector = selectors.from_map(rc.spec.selector)
    return _replicated(rc, view, selectors.format_labels(rc.spec.selector), selector, owned_line=False)


def _replicated(obj: Any, view: View, selector_text: str, selector: selectors.Selector, *, owned_line: bool) -> str:
    """describeReplicaSet and describeReplicationController: the same layout, except that
    only a ReplicaSet says what controls it."""
    w = PrefixWriter()
    meta, spec = obj.metadata, obj.spec
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    w.write(LEVEL_0, f"Selector:\t{selector_text}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    if owned_line and (owner := controlled_by(obj)):
        w.write(LEVEL_0, f"Controlled By:\t{owner}\n")
    w.write(LEVEL_0, f"Replicas:\t{obj.status.replicas if obj.status else 0} current / {spec.replicas} desired\n")
    running, waiting, succeeded, failed = pod_status_counts(view, obj, selector)
    w.write(LEVEL_0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / "
                     f"{failed} Failed\n")
    describe_pod_template(w, spec.template)
    _conditions(w, obj.status.conditions if obj.status else None)
    events.section(w, view, obj)
    return w.text()


def pod_status_counts(view: View, owner: Any, selector: selectors.Selector) -> tuple[int, int, int, int]:
    """getPodStatusForController: the owner's pods among those its selector matches, by phase."""
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in view.api.list(Pod, owner.metadata.namespace, label_selector=selector or ()):
        ref = pod.metadata.controller_ref()
        if selector is None or ref is None or ref.uid != owner.metadata.uid:
            continue
        phase = pod.status.phase if pod.status else None
        if phase in counts:
            counts[phase] += 1
    return counts["Running"], counts["Pending"], counts["Succeeded"], counts["Failed"]


def _conditions(w: PrefixWriter, conditions: list | None) -> None:
    if conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(LEVEL_1, "----\t------\t------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.type} \t{c.status}\t{c.reason or ''}\n")


def describe_stateful_set(sts: StatefulSet, view: View) -> str:
    """describeStatefulSet and describeVolumeClaimTemplates."""
    w = PrefixWriter()
    meta, spec = sts.metadata, sts.spec
    selector = selectors.from_label_selector(spec.selector)
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(meta.creation_timestamp)}\n")
    w.write(LEVEL_0, f"Selector:\t{selectors.format_label_selector(spec.selector)}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"Replicas:\t{spec.replicas} desired | {sts.status.replicas if sts.status else 0} total\n")
    strategy = spec.update_strategy
    w.write(LEVEL_0, f"Update Strategy:\t{strategy.type}\n")
    if strategy.rolling_update is not None and strategy.rolling_update.partition is not None:
        w.write(LEVEL_1, f"Partition:\t{strategy.rolling_update.partition}\n")
        if strategy.rolling_update.max_unavailable is not None:
            w.write(LEVEL_1, f"MaxUnavailable:\t{strategy.rolling_update.max_unavailable}\n")
    running, waiting, succeeded, failed = pod_status_counts(view, sts, selector)
    w.write(LEVEL_0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    describe_pod_template(w, spec.template)
    templates = spec.volume_claim_templates or []
    if not templates:
        w.write(LEVEL_0, "Volume Claims:\t<none>\n")
    else:
        w.write(LEVEL_0, "Volume Claims:\n")
    for pvc in templates:
        w.write(LEVEL_1, f"Name:\t{pvc.metadata.name}\n")
        w.write(LEVEL_1, f"StorageClass:\t{columns.storage_class_of(pvc)}\n")
        labels_multiline(w, "Labels", pvc.metadata.labels, initial_indent="  ")
        labels_multiline(w, "Annotations", pvc.metadata.annotations, initial_indent="  ")
        requests = (pvc.spec.resources.requests if pvc.spec and pvc.spec.resources else None) or {}
        capacity = quantity.canonical(requests["storage"]) if "storage" in requests else "<default>"
        w.write(LEVEL_1, f"Capacity:\t{capacity}\n")
        w.write(LEVEL_1, f"Access Modes:\t[{' '.join(pvc.spec.access_modes or ()) if pvc.spec else ''}]\n")
    events.section(w, view, sts)
    return w.text()


def describe_daemon_set(ds: DaemonSet, view: View) -> str:
    """describeDaemonSet."""
    w = PrefixWriter()
    meta, spec, status = ds.metadata, ds.spec, ds.status
    assert spec is not None and status is not None
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Selector:\t{selectors.format_label_selector(spec.selector)}\n")
    node_selector = spec.template.spec.node_selector if spec.template and spec.template.spec else None
    w.write(LEVEL_0, f"Node-Selector:\t{selectors.format_labels(node_selector)}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"Desired Number of Nodes Scheduled: {status.desired_number_scheduled}\n")
    w.write(LEVEL_0, f"Current Number of Nodes Scheduled: {status.current_number_scheduled}\n")
    w.write(LEVEL_0, f"Number of Nodes Scheduled with Up-to-date Pods: {status.updated_number_scheduled or 0}\n")
    w.write(LEVEL_0, f"Number of Nodes Scheduled with Available Pods: {status.number_available or 0}\n")
    w.write(LEVEL_0, f"Number of Nodes Misscheduled: {status.number_misscheduled}\n")
    running, waiting, succeeded, failed = pod_status_counts(view, ds, selectors.from_label_selector(spec.selector))
    w.write(LEVEL_0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    describe_pod_template(w, spec.template)
    events.section(w, view, ds)
    return w.text()
