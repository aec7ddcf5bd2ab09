"""Which pods and containers `kubectl logs` reads: a pod, a workload or Service (one pod of
it), or a label selector (every pod it matches), and with --all-containers every container.

Models kubernetes/kubectl: pkg/polymorphichelpers/logsforobject.go logsForObjectWithClient,
helpers.go GetFirstPod (which pods a kind stands for, SelectorsForObject, is the kind's
`pod_selector` in kubecourse.kubectl.polymorphichelpers), pkg/util/podutils ByLogging, and
pkg/cmd/logs/logs.go (Complete, addPrefixIfNeeded). What the source says:
- `logs deploy/kubia` (rs, rc, sts, ds, job, svc) lists the pods its selector matches and
  takes the first by ByLogging: scheduled before unscheduled; Running, then Unknown, then
  Pending; ready before not ready; ready for longer first; more restarts first; older
  first. With more than one it says `Found 3 pods, using pod/kubia-...` on stderr.
  Go's sort.Sort is not stable; a stable sort over the API's name order keeps ours
  deterministic where upstream's tie-break is arbitrary.
- No pod yet: GetPodList watches for one for --pod-running-timeout (20 s) of virtual time,
  then `timed out waiting for the condition`.
- A kind with no selector: `cannot get the logs from *v1.ConfigMap: selector for
  *v1.ConfigMap not implemented`; a Service without a selector: `invalid service 'x':
  Service is defined without a selector`.
- `-l app=kubia`: every matching pod (in the API's order; upstream iterates a Go map, so
  its order varies run to run), each defaulting its container as a single pod does, 10
  lines each unless --tail is given; none: `No resources found in default namespace.` on
  stderr. A selector and a name together: `only a selector (-l) or a POD name is allowed`.
- --all-containers reads the init containers, then the containers, in spec order; with a
  container name: `--all-containers=true should not be specified with container name x`.
- --prefix puts `[pod/NAME/CONTAINER] ` before every line, including a last one cut short
  by --limit-bytes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kubecourse.api import kinds, selectors
from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.api.models import Pod
from kubecourse.kubectl import containers, polymorphichelpers, resources
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError

SELECTOR_TAIL = 10  # logs.go selectorTail


@dataclass(frozen=True)
class Source:
    """One log stream: a container of a pod."""

    pod: Any
    container: str

    @property
    def prefix(self) -> str:
        return f"[pod/{self.pod.metadata.name}/{self.container}] "


def pod_selector(obj: Any, kind: Kind) -> selectors.Selector:
    """SelectorsForObject (the kind's `pod_selector` in kubecourse.kubectl.polymorphichelpers):
    the pods a workload or Service stands for, its errors as logsForObject wraps them."""
    go_type = f"*{kind.gvk.version}.{kind.kind}"
    select = polymorphichelpers.for_kind(kind.kind).pod_selector
    try:
        if select is None:
            raise CommandError(f"selector for {go_type} not implemented")
        return select(obj)
    except CommandError as e:
        raise CommandError(f"cannot get the logs from {go_type}: {e}") from None


def _ready_since(pod: Any) -> datetime | None:
    for condition in (pod.status.conditions if pod.status else None) or ():
        if condition.type == "Ready" and condition.status == "True":
            return condition.last_transition_time
    return None


def _restarts(pod: Any) -> int:
    return max((s.restart_count or 0 for s in (pod.status.container_statuses if pod.status else None) or ()),
               default=0)


def _after_or_zero(t1: datetime | None, t2: datetime | None) -> bool:
    """podutils afterOrZero: an empty time counts as after any other."""
    if t1 is None or t2 is None:
        return t1 is None
    return t1 > t2


PHASE_ORDER = {"Running": 0, "Unknown": 1, "Pending": 2}


def by_logging(a: Any, b: Any) -> int:
    """podutils.ByLogging's Less as a comparison: the better pod to read logs from first."""
    def less(i: Any, j: Any) -> bool:
        if i.spec.node_name != j.spec.node_name and (not i.spec.node_name or not j.spec.node_name):
            return bool(i.spec.node_name)
        phase_i = PHASE_ORDER.get(i.status.phase if i.status else "", 0)
        phase_j = PHASE_ORDER.get(j.status.phase if j.status else "", 0)
        if phase_i != phase_j:
            return phase_i < phase_j
        ready_i, ready_j = _ready_since(i), _ready_since(j)
        if (ready_i is None) != (ready_j is None):
            return ready_i is not None
        if ready_i is not None and ready_j is not None and ready_i != ready_j:
            return _after_or_zero(ready_j, ready_i)
        if _restarts(i) != _restarts(j):
            return _restarts(i) > _restarts(j)
        created_i, created_j = i.metadata.creation_timestamp, j.metadata.creation_timestamp
        if created_i != created_j:
            return _after_or_zero(created_j, created_i)
        return False

    return -1 if less(a, b) else (1 if less(b, a) else 0)


def first_pod(ctx: Context, namespace: str, selector: selectors.Selector, timeout: float, out: Output,
              *, say_which: bool = True) -> Any:
    """GetFirstPod: the best of the matching pods, waiting up to `timeout` for one. logs says
    which it took (logsforobject.go); exec does not (attachablepodforobject.go sorts by
    Reverse(ActivePods), the same order as ByLogging)."""
    def matching() -> list[Any]:
        return ctx.list(Pod, namespace, label_selector=selector)

    if not matching():
        deadline = ctx.now + timedelta(seconds=timeout)
        if not ctx.wait(lambda: bool(matching()), timeout):
            ctx.advance(max(0.0, (deadline - ctx.now).total_seconds()))  # the watch waits its timeout out
            raise CommandError("timed out waiting for the condition")
    pods = sorted(matching(), key=functools.cmp_to_key(by_logging))
    if len(pods) > 1 and say_which:
        out.error(f"Found {len(pods)} pods, using pod/{pods[0].metadata.name}")
    return pods[0]


def lookup(ctx: Context, arg: str, selector_text: str, namespace: str, out: Output) -> Any:
    """The builder in Complete: the pod or object named (`POD`, `TYPE/NAME`), or the list of
    pods a selector matches. Its NotFound comes back wrapped, as Complete returns it."""
    if selector_text:
        pods = ctx.list(Pod, namespace, label_selector=selector_text)
        if not pods:
            out.error(f"No resources found in {namespace} namespace.")
        return pods
    word, slash, name = arg.partition("/")
    kind = resources.resolve(word) if slash else None
    try:
        return ctx.get(kind.model if kind else Pod, name if slash else arg, namespace)
    except StatusError as e:
        if e.reason != "NotFound":
            raise
        raise CommandError(f'error from server (NotFound): {e.message} in namespace "{namespace}"') from None


def pods_of(ctx: Context, found: Any, timeout: float, out: Output) -> list[Any]:
    """The pods whose logs are read: the list, the pod, or the first pod of a workload."""
    if isinstance(found, list) or found.kind == "Pod":
        return found if isinstance(found, list) else [found]
    kind = kinds.by_kind(found.kind)
    return [first_pod(ctx, found.metadata.namespace, pod_selector(found, kind), timeout, out)]


def sources_for(pod: Any, container: str, *, all_containers: bool, out: Output) -> list[Source]:
    """The containers read in one pod: the one named or defaulted, or all of them."""
    if all_containers:
        names = [c.name for c in (*(pod.spec.init_containers or ()), *pod.spec.containers)]
        return [Source(pod, name) for name in names]
    return [Source(pod, containers.choose(pod, container, out))]
