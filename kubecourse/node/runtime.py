"""What the container runtime of one node holds, as the kubelet sees it through the CRI.

Per pod a sandbox (its network namespace: the pod IP, handed out by kindnet's host-local
IPAM from the node's podCIDR) and per spec container its current instance (running or
exited), how often it was restarted, its last termination, and the kubelet's memory about
it: the reason its last start failed (the kubelet's reasonCache) and its back-off entries.
The node also holds its images and the serialized image puller.

The kubelet (kubelet.py) drives this state; `ContainerRecord.api_status` turns a record into
the ContainerStatus the API shows (pkg/kubelet/kubelet_pods.go convertToAPIContainerStatuses).
Nothing here reads the API or the clock: times are passed in.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kubecourse.api.models.core import (
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStateWaiting,
    ContainerStatus,
)
from kubecourse.clock import Timer
from kubecourse.node import messages

INITIAL_BACKOFF = 10.0  # pkg/kubelet/kubelet.go backOffPeriod
MAX_BACKOFF = 300.0  # MaxContainerBackOff, and the image pull back-off's maximum

Key = tuple[str, str]


@dataclass
class Backoff:
    """One entry of client-go's flowcontrol.Backoff (util/flowcontrol/backoff.go).

    `next` doubles the delay from 10 s up to 300 s; an entry untouched for more than twice
    the maximum (10 minutes) starts over at 10 s."""

    seconds: float = 0.0
    last_update: datetime | None = None

    def _expired(self, at: datetime) -> bool:
        return self.last_update is None or (at - self.last_update).total_seconds() > 2 * MAX_BACKOFF

    def next(self, at: datetime) -> None:
        self.seconds = INITIAL_BACKOFF if self._expired(at) else min(self.seconds * 2, MAX_BACKOFF)
        self.last_update = at

    def in_backoff_since(self, event_time: datetime, now: datetime) -> bool:
        """IsInBackOffSince: less than the delay has passed since `event_time` (a container's
        finishedAt), for the crash back-off."""
        return not self._expired(event_time) and (now - event_time).total_seconds() < self.seconds

    def in_backoff_since_update(self, now: datetime) -> bool:
        """IsInBackOffSinceUpdate: less than the delay has passed since the last failure,
        for the image pull back-off."""
        return not self._expired(now) and (now - self.last_update).total_seconds() < self.seconds


@dataclass
class ProbeState:
    """A probe worker's memory (pkg/kubelet/prober/worker.go): consecutive results and the
    result it reports."""

    result: bool
    successes: int = 0
    failures: int = 0


@dataclass
class ContainerRecord:
    """One spec container of a pod: its current instance and the kubelet's memory of it."""

    name: str
    spec_image: str
    container_id: str | None = None  # the current (latest) instance; None before the first start
    image: str = ""  # resolved by containerd, e.g. docker.io/library/nginx:latest
    image_id: str = ""
    running: ContainerStateRunning | None = None
    terminated: ContainerStateTerminated | None = None  # the current instance, once it exited
    last_terminated: ContainerStateTerminated | None = None  # the instance before it
    restart_count: int = 0
    ready: bool = False
    reason: tuple[str, str] | None = None  # reasonCache: why the last start failed
    crash: Backoff = field(default_factory=Backoff)
    pull: Backoff = field(default_factory=Backoff)
    pull_error: str = ""  # the last pull error, for the ImagePullBackOff message
    timers: list[Timer] = field(default_factory=list)  # the process's wake-ups, probe ticks, kill
    instance: Any = None  # the current run (kubecourse.node.container.Instance): files, process, log
    last_instance: Any = None  # the run before it, for `kubectl logs --previous`
    probes: dict[str, ProbeState] = field(default_factory=dict)  # "startup"/"liveness"/"readiness"
    killing: bool = False  # a failed liveness/startup probe is stopping it

    def cancel_timers(self) -> None:
        for timer in self.timers:
            timer.cancel()
        self.timers = []

    def start(self, *, container_id: str, image: str, image_id: str, now: datetime, ready: bool) -> None:
        """A new instance runs: the previous one becomes lastState."""
        if self.container_id is not None:
            self.restart_count += 1
            self.last_terminated = self.terminated
            self.last_instance = self.instance
        self.instance = None
        self.probes = {}
        self.killing = False
        self.container_id, self.image, self.image_id = container_id, image, image_id
        self.running = ContainerStateRunning(started_at=now)
        self.terminated = None
        self.ready = ready
        self.reason = None

    def exit(self, *, exit_code: int, now: datetime, reason: str | None = None, message: str | None = None) -> None:
        self.cancel_timers()
        started_at = self.running.started_at if self.running else now
        self.terminated = ContainerStateTerminated(
            exit_code=exit_code, reason=reason or ("Completed" if exit_code == 0 else "Error"), message=message,
            started_at=started_at, finished_at=now, container_id=self.container_id)
        self.running = None
        self.ready = False

    def should_restart(self, restart_policy: str) -> bool:
        """ShouldContainerBeRestarted for an exited instance (pkg/kubelet/container/helpers.go)."""
        if self.terminated is None:
            return False
        return restart_policy == "Always" or (restart_policy == "OnFailure" and self.terminated.exit_code != 0)

    def api_status(self, restart_policy: str) -> ContainerStatus:
        """convertToAPIContainerStatuses for this container.

        Never started: waiting, ContainerCreating unless a start failed (ErrImagePull...).
        Running: running since startedAt. Exited: terminated, except that an instance that
        will be restarted and whose restart failed (the back-off) shows waiting with that
        reason, its termination moving to lastState."""
        last = ContainerState(terminated=self.last_terminated)
        if self.container_id is None:
            reason, message = self.reason or (messages.CONTAINER_CREATING, None)
            return ContainerStatus(name=self.name, state=ContainerState(waiting=ContainerStateWaiting(
                reason=reason, message=message)), last_state=last, ready=False, restart_count=self.restart_count,
                image=self.spec_image, image_id="", started=False)
        if self.running is not None:
            state = ContainerState(running=self.running)
        elif self.reason is not None and self.should_restart(restart_policy):
            state = ContainerState(waiting=ContainerStateWaiting(reason=self.reason[0], message=self.reason[1]))
            last = ContainerState(terminated=self.terminated)
        else:
            state = ContainerState(terminated=self.terminated)
        return ContainerStatus(name=self.name, state=state, last_state=last, ready=self.ready,
                               restart_count=self.restart_count, image=self.image, image_id=self.image_id,
                               container_id=self.container_id, started=self.running is not None)


@dataclass
class Sandbox:
    """A pod on this node: its sandbox and its containers, in spec order."""

    uid: str
    containers: dict[str, ContainerRecord]
    first_seen: datetime  # the pod worker's start: status.startTime, and the probe workers' start
    ip: str | None = None
    ready: bool = False  # the sandbox runs: PodReadyToStartContainers
    step: Timer | None = None  # the pod worker's operation in flight (sandbox, pull, start)
    retry: Timer | None = None  # the worker's requeue after a failed sync
    terminating: bool = False
    written: str | None = None  # resourceVersion of our last status write
    volumes: dict[str, Any] | None = None  # name -> kubecourse.node.volumes.PodVolume, once set up
    mount_backoff: float = 0.0  # seconds the volume reconciler waits after a failed SetUp
    mount_due: datetime | None = None  # when it may try again
    held: set[str] = field(default_factory=set)  # failed to start in this sync: wait for the requeue

    def cancel_timers(self) -> None:
        for timer in (self.step, self.retry):
            if timer is not None:
                timer.cancel()
        self.step = self.retry = None
        for record in self.containers.values():
            record.cancel_timers()

    @property
    def stopped(self) -> bool:
        return all(r.running is None for r in self.containers.values())


@dataclass
class Runtime:
    """The node's container runtime: its pods, its images, its pod IP pool."""

    node: str
    host_ip: str
    pod_cidr: str
    images: dict[str, int] = field(default_factory=dict)  # present image name -> size in bytes
    pods: dict[Key, Sandbox] = field(default_factory=dict)
    pull_free_at: datetime | None = None  # serialized pulls: when the puller is free again
    pulling: dict[str, None] = field(default_factory=dict)  # images a queued pull will bring
    disks: dict[str, Any] = field(default_factory=dict)  # hostPath and claim trees, which outlive pods
    _ips: dict[str, None] = field(default_factory=dict)  # in use
    _last_ip: int = 1  # host-local's last reserved address (offset in the range)

    def allocate_ip(self) -> str | None:
        """host-local IPAM, as kindnet configures it: the range is the podCIDR without its
        network, gateway (.1) and broadcast addresses; each allocation takes the next free
        address after the last one handed out, wrapping around, so a freed IP is not reused
        at once. The first pod on kind-worker gets 10.244.1.2."""
        net = ipaddress.ip_network(self.pod_cidr)
        first, last = 2, net.num_addresses - 2
        offset = self._last_ip
        for _ in range(last - first + 1):
            offset = offset + 1 if offset < last else first
            ip = str(net[offset])
            if ip not in self._ips:
                self._ips[ip] = None
                self._last_ip = offset
                return ip
        return None  # every address is taken: the CNI ADD fails

    def ip_range(self) -> str:
        """host-local's range set as its errors print it: 10.244.1.1-10.244.1.254."""
        net = ipaddress.ip_network(self.pod_cidr)
        return f"{net[1]}-{net[-2]}"

    def release_ip(self, ip: str | None) -> None:
        if ip is not None:
            self._ips.pop(ip, None)

    def remove(self, key: Key) -> None:
        sandbox = self.pods.pop(key, None)
        if sandbox is not None:
            sandbox.cancel_timers()
            if sandbox.ip != self.host_ip:
                self.release_ip(sandbox.ip)

    def queue_pull(self, now: datetime, seconds: float) -> datetime:
        """Serialized image pulls (the kubelet's default, kept by kind): a pull starts when
        the one before it has finished. Returns when this one ends."""
        start = max(now, self.pull_free_at or now)
        self.pull_free_at = start + timedelta(seconds=seconds)
        return self.pull_free_at
