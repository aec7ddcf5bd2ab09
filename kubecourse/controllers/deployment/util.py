"""Pure helpers of the Deployment controller, named as upstream names them.

Models kubernetes/kubernetes: pkg/controller/deployment/util/deployment_util.go, plus
ComputeHash (pkg/controller/controller_utils.go), the ReplicaSet orderings
(controller_utils.go ReplicaSetsByCreationTimestamp / BySizeOlder / BySizeNewer,
util/replicaset_util.go ReplicaSetsByRevision) and intstr's percent rounding
(staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go), and sync.go's
isScalingEvent. Nothing here reads the API or the clock: `now` is passed in.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from kubecourse.api.models.apps import (
    Deployment,
    DeploymentSpec,
    DeploymentStatus,
    ReplicaSet,
    ReplicaSetSpec,
)
from kubecourse.api.models.core import PodTemplateSpec
from kubecourse.api.models.meta import Condition, LabelSelector, Object
from kubecourse.controllers.controllerutil import replicas, template
from kubecourse.rand import NAME_ALPHABET

POD_TEMPLATE_HASH = "pod-template-hash"  # apps.DefaultDeploymentUniqueLabelKey
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
ROLLBACK_TO = "deprecated.deployment.rollback.to"
ANNOTATIONS_TO_SKIP = frozenset({LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
                                 ROLLBACK_TO})
MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000  # sync.go maxRevHistoryLengthInChars
MAX_INT32 = 2**31 - 1  # progressDeadlineSeconds / revisionHistoryLimit meaning "none"

AVAILABLE, PROGRESSING, REPLICA_FAILURE = "Available", "Progressing", "ReplicaFailure"
REPLICA_SET_UPDATED = "ReplicaSetUpdated"
FAILED_RS_CREATE = "ReplicaSetCreateError"
NEW_REPLICA_SET = "NewReplicaSetCreated"
FOUND_NEW_RS = "FoundNewReplicaSet"
NEW_RS_AVAILABLE = "NewReplicaSetAvailable"
TIMED_OUT = "ProgressDeadlineExceeded"
PAUSED = "DeploymentPaused"
RESUMED = "DeploymentResumed"
MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable"
MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable"


# --- what every stored Deployment has (see controllerutil) -------------------------------------


def spec(d: Deployment) -> DeploymentSpec:
    """d.Spec, which validation requires."""
    if d.spec is None:
        raise ValueError(f"deployment {d.metadata.name} has no spec")
    return d.spec


def rs_spec(rs: ReplicaSet) -> ReplicaSetSpec:
    """rs.Spec, which validation requires."""
    if rs.spec is None:
        raise ValueError(f"replica set {rs.metadata.name} has no spec")
    return rs.spec


def selector(d: Deployment) -> LabelSelector:
    """d.Spec.Selector, which validation requires."""
    s = spec(d).selector
    if s is None:
        raise ValueError(f"deployment {d.metadata.name} has no selector")
    return s


def status(d: Deployment) -> DeploymentStatus:
    """d.Status; empty until the controller first writes it."""
    return d.status or DeploymentStatus()


def strategy_type(d: Deployment) -> str | None:
    """d.Spec.Strategy.Type, which defaulting sets (RollingUpdate)."""
    strategy = spec(d).strategy
    return strategy.type if strategy is not None else None


# --- pod-template-hash ------------------------------------------------------------------------


def fnv32a(data: bytes) -> int:
    """FNV-1a, 32 bits (Go's hash/fnv New32a)."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def safe_encode_string(s: str) -> str:
    """rand.SafeEncodeString: each byte through the vowel-free alphabet, so no words appear.
    A decimal string only ever uses 10 of its letters: '0'..'9' -> 4 5 6 7 8 9 b c d f."""
    return "".join(NAME_ALPHABET[b % len(NAME_ALPHABET)] for b in s.encode())


def compute_hash(template: PodTemplateSpec, collision_count: int | None) -> str:
    """controller.ComputeHash: FNV-32a over a deep print of the template, then collisionCount
    as 8 little-endian bytes when set, printed in decimal and safe-encoded.

    Upstream deep-prints the Go struct with go-spew (pkg/util/hash DeepHashObject); we print
    the template's wire JSON with sorted keys. Same template, same hash, in any process; the
    value differs from a real cluster's, which the course does not depend on."""
    text = json.dumps(template.to_wire(), sort_keys=True, separators=(",", ":"))
    data = text.encode()
    if collision_count is not None:
        data += (collision_count & 0xFFFFFFFF).to_bytes(4, "little") + bytes(4)
    return safe_encode_string(str(fnv32a(data)))


def _without_hash(t: PodTemplateSpec) -> PodTemplateSpec:
    meta = t.metadata
    if meta is None or not meta.labels or POD_TEMPLATE_HASH not in meta.labels:
        return t
    labels = {k: v for k, v in meta.labels.items() if k != POD_TEMPLATE_HASH}
    return t.with_(metadata=meta.with_(labels=labels or None))


def _pruned(value: Any) -> Any:
    """Drop empty maps and lists: apimachinery's semantic equality treats them as unset."""
    if isinstance(value, dict):
        out = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _semantic(t: PodTemplateSpec) -> Any:
    return _pruned(t.to_wire())


def equal_ignore_hash(t1: PodTemplateSpec | None, t2: PodTemplateSpec | None) -> bool:
    """EqualIgnoreHash: semantic deep equality of two templates, ignoring pod-template-hash.
    Equal models are the common case and cheap to compare; only a difference is checked
    again on the pruned wire form."""
    if t1 is None or t2 is None:
        return t1 is t2
    a, b = _without_hash(t1), _without_hash(t2)
    return a == b or _semantic(a) == _semantic(b)


# --- numbers ----------------------------------------------------------------------------------


def value_from_int_or_percent(value: int | str | None, total: int, *, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent: 3 -> 3; "25%" of 10 -> 3 rounded up, 2 down."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    if not value.endswith("%"):
        raise ValueError(f"invalid value for IntOrString: invalid type: string is not a percentage: {value}")
    scaled = int(value[:-1]) * total
    return -(-scaled // 100) if round_up else scaled // 100


def resolve_fenceposts(max_surge: int | str | None, max_unavailable: int | str | None,
                       desired: int) -> tuple[int, int]:
    """ResolveFenceposts: surge rounds up, unavailable rounds down, and both 0 becomes
    unavailable 1, or a rollout could never move (1 replica, 0 and 25% -> 0 and 1)."""
    surge = value_from_int_or_percent(max_surge, desired, round_up=True)
    unavailable = value_from_int_or_percent(max_unavailable, desired, round_up=False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def is_rolling_update(d: Deployment) -> bool:
    return strategy_type(d) == "RollingUpdate"


def _fenceposts(d: Deployment) -> tuple[int, int]:
    strategy = spec(d).strategy
    ru = strategy.rolling_update if strategy is not None else None
    try:
        return resolve_fenceposts(ru.max_surge if ru else None, ru.max_unavailable if ru else None,
                                  replicas(d))
    except ValueError:
        return 0, 0  # upstream ignores the error and uses zeros; validation keeps it from happening


def max_surge(d: Deployment) -> int:
    """MaxSurge: 0 for Recreate."""
    return _fenceposts(d)[0] if is_rolling_update(d) else 0


def max_unavailable(d: Deployment) -> int:
    """MaxUnavailable: 0 for Recreate or 0 replicas, never more than spec.replicas."""
    if not is_rolling_update(d) or replicas(d) == 0:
        return 0
    return min(_fenceposts(d)[1], replicas(d))


def round_to_int(x: float) -> int:
    """integer.RoundToInt32: Go's math.Round, halves away from zero (Python rounds to even)."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


# --- counting ReplicaSets ---------------------------------------------------------------------


def get_replica_count_for_replica_sets(rss: Iterable[ReplicaSet | None]) -> int:
    """Sum of spec.replicas: the pods asked for."""
    return sum(replicas(rs) for rs in rss if rs is not None)


def get_actual_replica_count_for_replica_sets(rss: Iterable[ReplicaSet | None]) -> int:
    """Sum of status.replicas: the pods that exist (and are not terminating)."""
    return sum(rs.status.replicas or 0 for rs in rss if rs is not None and rs.status)


def get_ready_replica_count_for_replica_sets(rss: Iterable[ReplicaSet | None]) -> int:
    return sum(rs.status.ready_replicas or 0 for rs in rss if rs is not None and rs.status)


def get_available_replica_count_for_replica_sets(rss: Iterable[ReplicaSet | None]) -> int:
    return sum(available(rs) for rs in rss if rs is not None)


def available(rs: ReplicaSet) -> int:
    return (rs.status.available_replicas or 0) if rs.status else 0


def filter_active_replica_sets(rss: Iterable[ReplicaSet | None]) -> list[ReplicaSet]:
    """controller.FilterActiveReplicaSets: those asking for at least one pod."""
    return [rs for rs in rss if rs is not None and replicas(rs) > 0]


# --- orderings (sort keys; Go's comparators are total, so the order is deterministic) ---------


def by_creation_timestamp(rs: ReplicaSet) -> tuple:
    """ReplicaSetsByCreationTimestamp: oldest first, then by name."""
    return (rs.metadata.creation_timestamp, rs.metadata.name)


def by_size_older(rs: ReplicaSet) -> tuple:
    """ReplicaSetsBySizeOlder: largest first; on a tie the older first."""
    return (-replicas(rs), *by_creation_timestamp(rs))


def by_size_newer(rss: Sequence[ReplicaSet]) -> list[ReplicaSet]:
    """ReplicaSetsBySizeNewer: largest first; on a tie the newer first."""
    newest_first = sorted(rss, key=by_creation_timestamp, reverse=True)
    return sorted(newest_first, key=lambda rs: -replicas(rs))  # stable: keeps newer first


def by_revision(rs: ReplicaSet) -> tuple:
    """ReplicaSetsByRevision: lowest revision first, then oldest."""
    return (revision(rs) or 0, *by_creation_timestamp(rs))


# --- new and old ReplicaSets ------------------------------------------------------------------


def find_new_replica_set(d: Deployment, rs_list: Iterable[ReplicaSet]) -> ReplicaSet | None:
    """FindNewReplicaSet: the oldest RS whose template equals the Deployment's. Two can match
    (an adopted copy, say); the oldest wins so the choice is stable."""
    target = _without_hash(template(d))
    semantic_target = None  # computed once, and only if some template differs as a model
    for rs in sorted(rs_list, key=by_creation_timestamp):
        candidate = _without_hash(template(rs))
        if candidate == target:
            return rs
        semantic_target = semantic_target if semantic_target is not None else _semantic(target)
        if _semantic(candidate) == semantic_target:
            return rs
    return None


def find_old_replica_sets(d: Deployment, rs_list: Iterable[ReplicaSet]) -> tuple[list[ReplicaSet], list[ReplicaSet]]:
    """FindOldReplicaSets: (old RSes with pods asked for, all old RSes), oldest first."""
    rs_list = sorted(rs_list, key=by_creation_timestamp)
    new_rs = find_new_replica_set(d, rs_list)
    all_old = [rs for rs in rs_list if new_rs is None or rs.metadata.uid != new_rs.metadata.uid]
    return filter_active_replica_sets(all_old), all_old


def find_active_or_latest(new_rs: ReplicaSet | None, old_rss: Sequence[ReplicaSet]) -> ReplicaSet | None:
    """FindActiveOrLatest: the one active RS; with none active, the new RS or else the newest
    old one; None when several are active (a rollout is under way)."""
    if new_rs is None and not old_rss:
        return None
    newest_first = sorted(old_rss, key=by_creation_timestamp, reverse=True)
    active = filter_active_replica_sets([*newest_first, new_rs])
    if not active:
        return new_rs if new_rs is not None else newest_first[0]
    return active[0] if len(active) == 1 else None


def new_rs_new_replicas(d: Deployment, all_rss: Iterable[ReplicaSet | None], new_rs: ReplicaSet) -> int:
    """NewRSNewReplicas: how big the new RS may be now.

    RollingUpdate: the total may reach replicas + maxSurge. replicas=10, maxSurge=3: with
    old 10 and new 0 the new RS gets min(13 - 10, 10 - 0) = 3; with old 8 and new 3, 3 + 2 = 5.
    Recreate: all of spec.replicas at once (the old pods are gone by then)."""
    if not is_rolling_update(d):
        return replicas(d)
    current = get_replica_count_for_replica_sets(all_rss)
    max_total = replicas(d) + max_surge(d)
    if current >= max_total:
        return replicas(new_rs)  # no room to surge
    return replicas(new_rs) + min(max_total - current, replicas(d) - replicas(new_rs))


def is_saturated(d: Deployment, rs: ReplicaSet | None) -> bool:
    """IsSaturated: the RS is the whole Deployment, asked for, annotated and available."""
    if rs is None:
        return False
    desired = int_annotation(rs, DESIRED_REPLICAS)
    return (replicas(rs) == replicas(d) and desired == replicas(d)
            and available(rs) == replicas(d))


def is_scaling_event(d: Deployment, rs_list: Sequence[ReplicaSet]) -> bool:
    """sync.go isScalingEvent: an active RS was sized for another spec.replicas."""
    for rs in filter_active_replica_sets(rs_list):  # the new RS and the old ones
        desired = int_annotation(rs, DESIRED_REPLICAS)
        if desired is not None and desired != replicas(d):
            return True
    return False


# --- proportional scaling ---------------------------------------------------------------------


def get_replica_set_fraction(rs: ReplicaSet, d: Deployment) -> int:
    """getReplicaSetFraction: how much `rs` should grow or shrink so that it keeps its share.
    An RS of 8 out of max-replicas 13, when the Deployment may now have 18: round(8*18/13) - 8 = 3."""
    if replicas(d) == 0:
        return -replicas(rs)
    deployment_max = replicas(d) + max_surge(d)
    annotated = int_annotation(rs, MAX_REPLICAS)
    if annotated is None:
        annotated = (d.status.replicas or 0) if d.status else 0
    if annotated <= 0:
        return 0  # an adopted RS without annotation, from a Deployment with no pods: no share to keep
    return round_to_int(replicas(rs) * deployment_max / annotated) - replicas(rs)


def get_proportion(rs: ReplicaSet | None, d: Deployment, to_add: int, added: int) -> int:
    """GetProportion: rs's share of `to_add`, never more than what is still left to hand out."""
    if rs is None or replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = get_replica_set_fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


# --- annotations ------------------------------------------------------------------------------


def int_annotation(obj: Object, key: str) -> int | None:
    value = (obj.metadata.annotations or {}).get(key)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def revision(obj: Object) -> int | None:
    """Revision: 0 without the annotation, None when it does not parse."""
    value = (obj.metadata.annotations or {}).get(REVISION)
    if value is None:
        return 0
    try:
        return int(value)
    except ValueError:
        return None


def max_revision(rss: Iterable[ReplicaSet]) -> int:
    """MaxRevision: RSes whose revision does not parse are skipped."""
    return max((v for v in (revision(rs) for rs in rss) if v is not None), default=0)


def replicas_annotations(d: Deployment) -> dict[str, str]:
    """desired-replicas and max-replicas for d's current size: 10 and 13 with maxSurge 3."""
    return {DESIRED_REPLICAS: str(replicas(d)), MAX_REPLICAS: str(replicas(d) + max_surge(d))}


def with_replicas_annotations(annotations: dict[str, str] | None, d: Deployment) -> dict[str, str]:
    """SetReplicasAnnotations, returning the new map."""
    return {**(annotations or {}), **replicas_annotations(d)}


def replicas_annotations_need_update(rs: ReplicaSet, d: Deployment) -> bool:
    have = rs.metadata.annotations or {}
    return any(have.get(k) != v for k, v in replicas_annotations(d).items())


def new_replica_set_annotations(d: Deployment, rs: ReplicaSet, new_revision: int, *, exists: bool) -> dict[str, str]:
    """SetNewReplicaSetAnnotations, returning the RS's new annotations:

    1. Copy every Deployment annotation except ANNOTATIONS_TO_SKIP (kubernetes.io/change-cause
       travels this way, so `rollout history` can show it).
    2. Raise the revision to new_revision; it is never lowered. An RS that had a revision and is
       raised became the new RS again (a rollback): its old number goes to revision-history, e.g.
       "1,3", keeping at most 2000 characters by dropping the oldest.
    3. A new RS also gets desired-replicas and max-replicas."""
    out = dict(rs.metadata.annotations or {})
    for k, v in (d.metadata.annotations or {}).items():
        if k not in ANNOTATIONS_TO_SKIP:
            out[k] = v
    old_text = out.get(REVISION)
    try:
        old = int(old_text) if old_text is not None else 0
    except ValueError:
        return dict(rs.metadata.annotations or {})  # upstream logs and leaves the RS alone
    if old < new_revision:
        out[REVISION] = str(new_revision)
        if old_text is not None:
            out[REVISION_HISTORY] = _appended_history(out.get(REVISION_HISTORY, ""), old_text)
    if not exists:
        out.update(replicas_annotations(d))
    return out


def _appended_history(history: str, old_revision: str) -> str:
    if not history:
        return old_revision
    revisions = history.split(",")
    total = len(history) + len(old_revision) + 1
    start = 0
    while total > MAX_REV_HISTORY_LENGTH_IN_CHARS and start < len(revisions):
        total -= len(revisions[start]) + 1
        start += 1
    if total > MAX_REV_HISTORY_LENGTH_IN_CHARS:
        return history  # upstream logs "Not appending revision due to revision history length limit reached"
    return ",".join([*revisions[start:], old_revision])


# --- conditions -------------------------------------------------------------------------------


def new_deployment_condition(type_: str, status: str, reason: str, message: str, now: datetime) -> Condition:
    """NewDeploymentCondition. Times are whole seconds, as metav1.Time stores them."""
    now = now.replace(microsecond=0)
    return Condition(type=type_, status=status, last_update_time=now, last_transition_time=now,
                     reason=reason, message=message)


def get_deployment_condition(status: DeploymentStatus | None, type_: str) -> Condition | None:
    for c in (status.conditions or ()) if status else ():
        if c.type == type_:
            return c
    return None


def set_deployment_condition(conditions: list[Condition] | None, condition: Condition) -> list[Condition]:
    """SetDeploymentCondition: same status and reason -> unchanged (times and message kept);
    same status -> the transition time is kept; the condition moves to the end."""
    current = next((c for c in conditions or () if c.type == condition.type), None)
    if current is not None and current.status == condition.status and current.reason == condition.reason:
        return list(conditions or ())
    if current is not None and current.status == condition.status:
        condition = condition.with_(last_transition_time=current.last_transition_time)
    return [*remove_deployment_condition(conditions, condition.type), condition]


def remove_deployment_condition(conditions: list[Condition] | None, type_: str) -> list[Condition]:
    return [c for c in conditions or () if c.type != type_]


def replica_set_to_deployment_condition(c: Condition) -> Condition:
    """ReplicaSetToDeploymentCondition: lastUpdateTime is the RS condition's transition time."""
    return Condition(type=c.type, status=c.status, last_transition_time=c.last_transition_time,
                     last_update_time=c.last_transition_time, reason=c.reason, message=c.message)


def has_progress_deadline(d: Deployment) -> bool:
    return spec(d).progress_deadline_seconds is not None and spec(d).progress_deadline_seconds != MAX_INT32


def has_revision_history_limit(d: Deployment) -> bool:
    return spec(d).revision_history_limit is not None and spec(d).revision_history_limit != MAX_INT32


def deployment_complete(d: Deployment, status: DeploymentStatus | None) -> bool:
    """DeploymentComplete: every replica updated, no old ones left, all available, spec observed."""
    s = status or DeploymentStatus()
    want = replicas(d)
    return ((s.updated_replicas or 0) == want and (s.replicas or 0) == want
            and (s.available_replicas or 0) == want
            and (s.observed_generation or 0) >= (d.metadata.generation or 0))


def deployment_progressing(d: Deployment, new: DeploymentStatus) -> bool:
    """DeploymentProgressing: more updated, fewer old, more ready or more available than before."""
    old = status(d)
    old_old = (old.replicas or 0) - (old.updated_replicas or 0)
    new_old = (new.replicas or 0) - (new.updated_replicas or 0)
    return ((new.updated_replicas or 0) > (old.updated_replicas or 0) or new_old < old_old
            or (new.ready_replicas or 0) > (old.ready_replicas or 0)
            or (new.available_replicas or 0) > (old.available_replicas or 0))


def deployment_timed_out(d: Deployment, new: DeploymentStatus, now: datetime) -> bool:
    """DeploymentTimedOut: the Progressing condition was last updated more than
    progressDeadlineSeconds ago (strictly), and the rollout is not complete."""
    if not has_progress_deadline(d):
        return False
    cond = get_deployment_condition(new, PROGRESSING)
    if cond is None or cond.reason == NEW_RS_AVAILABLE:
        return False
    if cond.reason == TIMED_OUT:
        return True
    return seconds_until_deadline(d, cond, now) < 0


def seconds_until_deadline(d: Deployment, cond: Condition, now: datetime) -> float:
    """lastUpdateTime + progressDeadlineSeconds - now, in seconds (negative once past). Asked
    only of a Deployment with a deadline, about its Progressing condition, which has a time."""
    deadline = spec(d).progress_deadline_seconds
    assert deadline is not None and cond.last_update_time is not None
    return (cond.last_update_time - now).total_seconds() + deadline
