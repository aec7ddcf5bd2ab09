"""RevisionGraph's picture: a Deployment, its ReplicaSets as revisions, and their pods.

`rollout_state` reads the objects (live or replayed) into plain dataclasses; `revision_picture`
draws them. The revision facts are the Deployment controller's own (kubernetes/kubernetes:
pkg/controller/deployment/util/deployment_util.go Revision, FindNewReplicaSet; sync.go
getNewReplicaSet writes revision-history when an old template comes back, a rollback).
"""

from __future__ import annotations

from dataclasses import dataclass

from kubecourse.api.models import Deployment, Pod, ReplicaSet
from kubecourse.controllers.deployment import util as deploymentutil
from kubecourse.kubectl.record import CHANGE_CAUSE
from kubecourse.widgets import picture, pods
from kubecourse.widgets.reader import Reader

PODS_SHOWN = 6  # a ReplicaSet with more pods than this shows counts instead of one node each


@dataclass(frozen=True)
class Revision:
    name: str
    revision: int
    history: tuple[int, ...]  # the numbers it had before a rollback made it new again
    template_hash: str
    images: tuple[str, ...]
    desired: int
    current: int
    ready: int
    available: int
    change_cause: str
    is_current: bool
    pods: tuple[pods.PodState, ...]


@dataclass(frozen=True)
class RolloutState:
    namespace: str
    name: str
    exists: bool
    desired: int = 0
    updated: int = 0
    total: int = 0
    ready: int = 0
    available: int = 0
    strategy: str = ""
    paused: bool = False
    deadline_exceeded: bool = False
    revisions: tuple[Revision, ...] = ()

    @property
    def surge(self) -> int:
        """Pods above the desired count: a rolling update's surge in progress."""
        return max(0, self.total - self.desired)


def _strategy(d: Deployment) -> str:
    strategy = deploymentutil.spec(d).strategy
    if strategy is None or strategy.type != "RollingUpdate":
        return (strategy.type if strategy else None) or "RollingUpdate"
    ru = strategy.rolling_update
    surge = ru.max_surge if ru and ru.max_surge is not None else "25%"
    unavailable = ru.max_unavailable if ru and ru.max_unavailable is not None else "25%"
    return f"RollingUpdate (maxSurge {surge}, maxUnavailable {unavailable})"


def _revision(rs: ReplicaSet, is_current: bool, owned: list[pods.PodState]) -> Revision:
    annotations = rs.metadata.annotations or {}
    history = tuple(int(v) for v in annotations.get(deploymentutil.REVISION_HISTORY, "").split(",") if v.isdigit())
    spec = deploymentutil.rs_spec(rs)
    template = spec.template
    containers = template.spec.containers if template and template.spec else []
    status = rs.status
    return Revision(
        name=rs.metadata.name or "", revision=deploymentutil.revision(rs) or 0, history=history,
        template_hash=(rs.metadata.labels or {}).get(deploymentutil.POD_TEMPLATE_HASH, ""),
        images=tuple(c.image or "" for c in containers), desired=spec.replicas or 0,
        current=status.replicas if status else 0, ready=(status.ready_replicas if status else None) or 0,
        available=(status.available_replicas if status else None) or 0,
        change_cause=annotations.get(CHANGE_CAUSE, ""), is_current=is_current,
        pods=tuple(owned))


def rollout_state(reader: Reader, namespace: str, name: str,
                  pod_state: pods.PodStateOf = pods.pod_state) -> RolloutState:
    d = reader.try_get(Deployment, name, namespace)
    if d is None:
        return RolloutState(namespace, name, exists=False)
    uid = d.metadata.uid
    owned = [rs for rs in reader.list(ReplicaSet, namespace) if (ref := rs.metadata.controller_ref()) and ref.uid == uid]
    by_owner: dict[str | None, list[pods.PodState]] = {rs.metadata.uid: [] for rs in owned}
    for pod in reader.list(Pod, namespace):
        ref = pod.metadata.controller_ref()
        if ref is not None and ref.uid in by_owner:
            by_owner[ref.uid].append(pod_state(pod))
    new_rs = deploymentutil.find_new_replica_set(d, owned)
    revisions = tuple(_revision(rs, rs is new_rs, by_owner[rs.metadata.uid])
                      for rs in sorted(owned, key=deploymentutil.by_revision))
    status = d.status
    progressing = deploymentutil.get_deployment_condition(status, deploymentutil.PROGRESSING)
    return RolloutState(
        namespace, name, exists=True, desired=deploymentutil.spec(d).replicas or 0,
        updated=(status.updated_replicas if status else None) or 0,
        total=sum(len(r.pods) - sum(p.terminating for p in r.pods) for r in revisions),
        ready=(status.ready_replicas if status else None) or 0,
        available=(status.available_replicas if status else None) or 0,
        strategy=_strategy(d), paused=bool(deploymentutil.spec(d).paused),
        deadline_exceeded=progressing is not None and progressing.reason == deploymentutil.TIMED_OUT,
        revisions=revisions)


def _deployment_label(s: RolloutState) -> str:
    lines = [f"deployment/{s.name}",
             f"desired {s.desired} · updated {s.updated} · ready {s.ready} · available {s.available}", s.strategy]
    if s.paused:
        lines.append("PAUSED: template changes wait for `rollout resume`")
    if s.deadline_exceeded:
        lines.append("PROGRESS DEADLINE EXCEEDED: the rollout is stuck")
    if s.surge:
        lines.append(f"surge in progress: {s.total} pods for {s.desired} desired (+{s.surge})")
    return "\n".join(lines)


def _revision_label(r: Revision) -> str:
    lines = [f"revision {r.revision}" + (" (current)" if r.is_current else ""),
             f"{r.name} · hash {r.template_hash}", *(f"image {image}" for image in r.images),
             f"desired {r.desired} · current {r.current} · ready {r.ready} · available {r.available}"]
    if r.history:
        lines.append("was revision " + ", ".join(str(n) for n in r.history) + " (rolled back to)")
    if r.change_cause:
        lines.append(f"change-cause: {r.change_cause}")
    if not r.desired and not r.current:
        lines.append("scaled to 0, kept for rollback")
    return "\n".join(lines)


def _revision_node(r: Revision) -> picture.Node:
    if r.is_current:
        style, fill = "filled,bold", picture.NEUTRAL
    elif not r.desired and not r.current:
        style, fill = "filled,dashed", picture.DIMMED
    else:
        style, fill = "filled", picture.NEUTRAL
    return picture.Node(f"rs/{r.name}", _revision_label(r), fill=fill, style=style)


def revision_picture(s: RolloutState) -> picture.Picture:
    title = f"RevisionGraph deploy/{s.name} (namespace {s.namespace})"
    if not s.exists:
        return picture.Picture.missing(title, f'deployment "{s.name}"', s.namespace)
    pic = picture.Picture(title)
    attention = s.paused or s.deadline_exceeded
    deploy = pic.add(picture.Node("deploy", _deployment_label(s), fill=picture.ATTENTION if attention else picture.NEUTRAL,
                                  style="filled,bold" if attention else "filled"))
    pic.rows.append([f"rs/{r.name}" for r in s.revisions])
    for r in s.revisions:
        rs = pic.add(_revision_node(r))
        pic.link(deploy, rs, "owns")
        if len(r.pods) > PODS_SHOWN:
            group = pic.add(picture.Node(f"pods/{r.name}", pods.counts_label(list(r.pods)),
                                         fill=picture.READY if all(p.ready for p in r.pods) else picture.NOT_READY,
                                         shape="box3d", style="filled"))
            pic.link(rs, group)
            continue
        for p in r.pods:
            pic.link(rs, pic.add(pods.pod_node(p)))
    pic.legend = [("current revision (bold)", picture.NEUTRAL, "filled"),
                  ("old revision at 0 (dashed)", picture.DIMMED, "dashed"), *pods.LEGEND]
    return pic
