"""The kubelet of one node: it runs the pods bound to its node and reports their status.

Models kubernetes/kubernetes: pkg/kubelet/kubelet.go SyncPod / SyncTerminatingPod, the pod
workers (pkg/kubelet/pod_workers.go), kuberuntime_manager.go SyncPod / computePodActions /
doBackOff, kuberuntime_container.go startContainer / killContainer, the image manager
(pkg/kubelet/images/image_manager.go EnsureImageExists) and the status manager
(pkg/kubelet/status/status_manager.go).

It is a controller whose keys are the pods bound to its node. One pod worker per pod, as
upstream: a sync first writes the status as the runtime reports it (only when it changed),
then acts to close the gap, one operation at a time:

1. No sandbox yet: create it (a short modelled time); it gets the next IP of the node's
   podCIDR, or the node's IP for a hostNetwork pod.
2. For each container in spec order that is not running and should run: a container that
   exited and is in its crash back-off is skipped (`CrashLoopBackOff`); otherwise its image
   is made present per imagePullPolicy (a pull takes modelled time, one pull at a time per
   node, and may fail: `ErrImagePull`, then `ImagePullBackOff` while the pull back-off
   lasts), then the container is created and started.
3. A sync that could not start everything is retried after 10-15 s (the pod worker's
   backOffPeriod with jitter 0.5), which is when `CrashLoopBackOff` and `ImagePullBackOff`
   first show: upstream the reason of a failed start appears in the status of the next sync.

Every operation ends in a timer (a bound method with its arguments) that updates the runtime
and syncs again, as upstream the runtime's events (PLEG) wake the pod worker. A deleted pod
(deletionTimestamp) is terminated instead: `Killing` each running container, which exits at
once on SIGTERM or is killed when the grace period runs out; then the kubelet deletes the
pod with grace period 0 and it is gone.

Inside the containers (the container-runtime issue): the pod's volumes are set up before
its first container starts (`FailedMount` while a ConfigMap or Secret is missing, tried again
on the volume operation's back-off: 0.5 s doubling to 2m2s); each container gets its
environment (`CreateContainerConfigError`, tried again at the worker's requeue 10-15 s later),
its files and its main process
(kubecourse.node.container), whose sleeps are timers here; probe workers tick on the virtual
clock (prober.py), a readiness change wakes the pod worker, a failed liveness or startup
probe kills the container, which then restarts with the crash back-off. A changed ConfigMap
or Secret reaches the volumes of this node's pods at their next volume resync, 0-60 s later.

Not modelled: init containers (a pod's initContainers are ignored), restarting a container
whose spec changed, the 60 s resync of everything else, and the node's own heartbeats and
Lease.
"""

from __future__ import annotations

import base64
import contextlib
import json
import zlib
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from kubecourse import clock, events
from kubecourse.api import errors
from kubecourse.api.models.core import Container, Pod
from kubecourse.api.server import DELETED, APIServer, WatchEvent, key_of
from kubecourse.clock import Clock
from kubecourse.controllers import base
from kubecourse.network import Network
from kubecourse.node import container as containers
from kubecourse.node import envvars, messages, prober, runtime, status, volumes
from kubecourse.rand import Generator
from kubecourse.shell.process import FOREVER, Outcome
from kubecourse.userland import images, registry

SANDBOX_SECONDS = (0.3, 0.8)  # RunPodSandbox + CNI ADD
CACHED_PULL_SECONDS = (0.3, 0.9)  # imagePullPolicy Always, image present: only the manifest is fetched
FAILED_PULL_SECONDS = (0.5, 1.5)  # the registry's answer to an image it does not have
RETRY_SECONDS = (10.0, 15.0)  # pod_workers.go: wait.Jitter(backOffPeriod 10 s, 0.5)
# pkg/util/goroutinemap/exponentialbackoff: the volume operation's back-off after a failure
MOUNT_BACKOFF_INITIAL, MOUNT_BACKOFF_MAX = 0.5, 122.0  # initialDurationBeforeRetry, maxDurationBeforeRetry
MIN_GRACE_SECONDS = 2  # kuberuntime_container.go minimumGracePeriodInSeconds
PLEG_RELIST_SECONDS = 1.0  # kubelet.go plegRelistPeriod: how often the runtime is relisted
SIGKILL_EXIT_CODE = 137
START_ERROR_EXIT_CODE = 128
VOLUME_RESYNC_SECONDS = 60.0  # syncFrequency: when a changed ConfigMap/Secret reaches the files
DEFAULT_GRACE_SECONDS = 30


def field_path(container: Container) -> str:
    return f"spec.containers{{{container.name}}}"


class Kubelet(base.Controller):
    # ConfigMap and Secret: volume resyncs of the pods using them; PersistentVolume: a deleted
    # local-path volume's directory goes (the provisioner's teardown helper pod)
    watches = ("Pod", "ConfigMap", "Secret", "PersistentVolume")
    for_kind = "Pod"

    def __init__(self, api: APIServer, clock: Clock, rng: Generator, *, node: str,
                 network: Network | None = None) -> None:
        super().__init__(api, clock, rng)
        self.name = f"kubelet/{node}"  # type: ignore[misc]  # one per node, each its own queue key
        self.node = node
        self.partition = node  # the manager offers it only its own node's pods
        spec, node_status = api.get("Node", node).spec, api.get("Node", node).status
        host_ip = next(a.address for a in node_status.addresses if a.type == "InternalIP")
        preloaded = {f"{i.repository}:{t}": i.size for i in images.CATALOGUE if i.preloaded for t in i.tags}
        self.runtime = runtime.Runtime(node, host_ip, spec.pod_cidr, images=preloaded)
        self.recorder = events.Recorder(api, "kubelet", host=node)
        self.network = network if network is not None else Network(api, rng)
        self.network.attach(self.runtime)
        # The PLEG relists the runtime every second; what changed since the last relist wakes
        # those pods' workers together. Every node relists on the whole second: real kubelets
        # each keep a phase of their own, but a shared one lets the controllers react to all
        # nodes' reports in one pass, which keeps large rollouts fast (docs/architecture.md,
        # Performance budget).
        self._woken: dict[base.Key, None] = {}
        self._relist: Any = None

    @classmethod
    def partitions_of(cls, event: WatchEvent) -> tuple[str, ...] | None:
        if event.kind == "PersistentVolume":
            return tuple(volumes.local_path_node(event.obj))
        if event.kind != "Pod":
            return None  # ConfigMaps and Secrets: every node may mount them
        return tuple(p.spec.node_name for p in (event.old, event.obj) if p is not None and p.spec and p.spec.node_name)

    def keys_for(self, event: WatchEvent) -> Iterable[base.Key]:
        if event.kind == "Pod" and event.obj.spec is not None and event.obj.spec.node_name == self.node:
            yield key_of(event.obj)
        elif event.kind in ("ConfigMap", "Secret"):
            self.schedule_volume_resync(event.kind, event.obj.metadata.namespace, event.obj.metadata.name)
        elif event.kind == "PersistentVolume" and event.type == DELETED:
            volumes.teardown(event.obj, self.runtime.disks)

    # --- the pod worker ---------------------------------------------------------------------

    def reconcile(self, key: base.Key) -> base.Result | None:
        pod = self.api.try_get("Pod", key[1], key[0])
        sandbox = self.runtime.pods.get(key)
        if pod is None or (sandbox is not None and sandbox.uid != pod.metadata.uid):
            self.runtime.remove(key)  # force-deleted, or removed by us: nothing left to run
            sandbox = None
        if pod is None:
            return None
        if sandbox is None:
            if pod.status is not None and pod.status.phase in status.TERMINAL:
                return None  # finished before this kubelet knew it (a loaded cluster's history)
            sandbox = self.admit(pod)
        elif sandbox.written == pod.metadata.resource_version:
            return None  # our own status write coming back: nothing new to act on
        self.sync(key)
        return None

    def admit(self, pod: Pod) -> runtime.Sandbox:
        sandbox = runtime.Sandbox(uid=pod.metadata.uid, first_seen=self.clock.now, containers={
            c.name: runtime.ContainerRecord(c.name, c.image or "") for c in pod.spec.containers})
        self.runtime.pods[key_of(pod)] = sandbox
        return sandbox

    def sync(self, key: base.Key) -> None:
        """One pass of the pod worker: SyncPod, or SyncTerminatingPod for a deleted pod."""
        pod = self.api.try_get("Pod", key[1], key[0])
        sandbox = self.runtime.pods.get(key)
        if pod is None or sandbox is None or sandbox.uid != pod.metadata.uid:
            return
        deleted = pod.metadata.deletion_timestamp is not None
        if sandbox.step is not None:
            if not deleted:
                return  # busy: the operation in flight syncs again when it ends
            sandbox.step.cancel()  # a kill cancels the sync in flight (and its pull)
            sandbox.step = None
        if deleted:
            self.terminate(pod, sandbox)
            return
        pod = self.write_status(pod, sandbox)
        failed = self.start_pod(pod, sandbox)
        if failed:
            self.schedule_retry(key, sandbox)

    def schedule_retry(self, key: base.Key, sandbox: runtime.Sandbox) -> None:
        """A sync that failed is done again 10-15 s later."""
        if sandbox.step is None and sandbox.retry is None:
            sandbox.retry = self.clock.call_later(self.rng.uniform(*RETRY_SECONDS), self.retry, key,
                                                  sandbox.uid, why=f"kubelet {self.node}: sync {_name(key)} again")

    @clock.callback
    def retry(self, key: base.Key, uid: str) -> None:
        sandbox = self._sandbox(key, uid)
        if sandbox is not None:
            sandbox.retry = None
            sandbox.held.clear()
            self.sync(key)

    # --- SyncPod: sandbox, then containers in order -----------------------------------------

    def start_pod(self, pod: Pod, sandbox: runtime.Sandbox) -> bool:
        """computePodActions + SyncPod. Returns whether a container could not be started."""
        key = key_of(pod)
        if not sandbox.ready:
            sandbox.step = self.clock.call_later(self.rng.uniform(*SANDBOX_SECONDS), self.sandbox_created, key,
                                                 sandbox.uid, why=f"kubelet {self.node}: sandbox for {_name(key)}")
            return False
        if pod.status.phase in status.TERMINAL:
            return False
        if sandbox.volumes is None and not self.mount_volumes(pod, sandbox):
            return True
        self.check_pull_secrets(pod)
        failed = False
        policy = pod.spec.restart_policy or "Always"
        for container in pod.spec.containers:
            record = sandbox.containers[container.name]
            if record.running is not None:
                continue
            if container.name in sandbox.held:
                failed = True
                continue
            if record.container_id is not None:
                if not record.should_restart(policy):
                    continue
                if self.in_crash_back_off(pod, container, record):
                    failed = True
                    continue
            if self.ensure_image(pod, container, record, sandbox):
                return failed  # an operation is in flight; the rest follow when it ends
            failed = True
        return failed

    def in_crash_back_off(self, pod: Pod, container: Container, record: runtime.ContainerRecord) -> bool:
        """doBackOff: the first restart is immediate; then each waits out a doubling delay
        counted from the last exit (10 s, 20 s, ... 5 min)."""
        finished = record.terminated.finished_at
        if not record.crash.in_backoff_since(finished, self.clock.now):
            record.crash.next(finished)
            return False
        ref = messages.pod_ref(pod.metadata.name, pod.metadata.namespace, pod.metadata.uid)
        self.recorder.event(pod, events.WARNING, messages.BACK_OFF,
                            messages.crash_back_off_event(container.name, ref), field_path=field_path(container))
        record.reason = (messages.CRASH_LOOP_BACK_OFF,
                         messages.crash_back_off_waiting(record.crash.seconds, container.name, ref))
        return True

    def ensure_image(self, pod: Pod, container: Container, record: runtime.ContainerRecord,
                     sandbox: runtime.Sandbox) -> bool:
        """EnsureImageExists, then the start. Returns whether an operation is now in flight
        (False: this container cannot start now, its reason says why)."""
        key, image_name = key_of(pod), container.image or ""
        ref = images.parse(image_name)
        present = ref.name in self.runtime.images
        policy = container.image_pull_policy or "IfNotPresent"
        path = field_path(container)
        if policy == "Never" or (policy == "IfNotPresent" and present):
            if not present:
                message = messages.never_pull(image_name)
                self.recorder.event(pod, events.WARNING, messages.ERR_IMAGE_NEVER_PULL, message, field_path=path)
                return self.start_failed(pod, container, record, messages.ERR_IMAGE_NEVER_PULL, message)
            self.recorder.event(pod, events.NORMAL, messages.PULLED, messages.already_present(image_name),
                                field_path=path)
            self.begin_start(key, sandbox, container)
            return True
        if record.pull.in_backoff_since_update(self.clock.now):
            self.recorder.event(pod, events.NORMAL, messages.BACK_OFF, messages.pull_back_off(image_name),
                                field_path=path)
            return self.start_failed(pod, container, record, messages.IMAGE_PULL_BACK_OFF,
                                     messages.pull_back_off_waiting(image_name, record.pull_error))
        self.recorder.event(pod, events.NORMAL, messages.PULLING, messages.pulling(image_name), field_path=path)
        image = images.lookup(ref)
        if image is None:
            seconds = self.rng.uniform(*FAILED_PULL_SECONDS)
        else:
            # pulls are serialized: an earlier pull of this image in the queue will have
            # brought its layers by the time this one runs
            cached = present or ref.name in self.runtime.pulling
            seconds = self.rng.uniform(*(CACHED_PULL_SECONDS if cached else image.pull_seconds))
            self.runtime.pulling[ref.name] = None
        done = self.runtime.queue_pull(self.clock.now, seconds)
        waited = (done - self.clock.now).total_seconds()
        sandbox.step = self.clock.call_at(done, self.pulled, key, sandbox.uid, container.name, seconds, waited,
                                          why=f"kubelet {self.node}: pull {image_name} for {_name(key)}")
        return True

    def start_failed(self, pod: Pod, container: Container, record: runtime.ContainerRecord,
                     reason: str, message: str) -> bool:
        """startContainer's failure: `Error: <reason>`, and the reason kept for the next status."""
        self.recorder.event(pod, events.WARNING, messages.FAILED, messages.start_error(reason),
                            field_path=field_path(container))
        record.reason = (reason, message)
        return False

    def begin_start(self, key: base.Key, sandbox: runtime.Sandbox, container: Container) -> None:
        image = images.lookup(images.parse(container.image or ""))  # present, so in the catalogue
        seconds = self.rng.uniform(*image.start_seconds)
        sandbox.step = self.clock.call_later(seconds, self.container_started, key, sandbox.uid, container.name,
                                             why=f"kubelet {self.node}: start {container.name} in {_name(key)}")

    # --- what the runtime reports (PLEG): each wakes the pod worker at the next relist ------

    def wake(self, key: base.Key) -> None:
        """A container or sandbox changed state: the PLEG sees it at its next relist (Models
        pkg/kubelet/pleg/generic.go Relist) and only then does the pod worker sync and report
        it. So status writes come in batches per node and second, as on a real node, and the
        controllers watching pods react once per batch instead of once per pod."""
        self._woken[key] = None
        if self._relist is None:
            wait = -self.clock.now.timestamp() % PLEG_RELIST_SECONDS
            self._relist = self.clock.call_later(wait, self.relist, why=f"kubelet {self.node}: PLEG relist")

    @clock.callback
    def relist(self) -> None:
        woken, self._woken, self._relist = list(self._woken), {}, None
        for key in woken:
            self.sync(key)

    @clock.callback
    def sandbox_created(self, key: base.Key, uid: str) -> None:
        sandbox, pod = self._sandbox(key, uid), self._pod(key, uid)
        if sandbox is None or pod is None:
            return
        sandbox.step = None
        sandbox.ip = self.runtime.host_ip if pod.spec.host_network else self.runtime.allocate_ip()
        if sandbox.ip is None:
            self.recorder.event(pod, events.WARNING, messages.FAILED_CREATE_POD_SANDBOX, messages.sandbox_failed(
                f"{self.rng.randrange(1 << 256):064x}", self.runtime.ip_range()))
            self.schedule_retry(key, sandbox)
            return
        sandbox.ready = True
        self.wake(key)

    @clock.callback
    def pulled(self, key: base.Key, uid: str, name: str, seconds: float, waited: float) -> None:
        sandbox, pod = self._sandbox(key, uid), self._pod(key, uid)
        if sandbox is None or pod is None:
            return
        sandbox.step = None
        container, record = _container(pod, name), sandbox.containers[name]
        ref = images.parse(container.image or "")
        image = images.lookup(ref)
        if image is None or not images.authorized(image, self.pull_credentials(pod)):
            error = registry.pull_error(ref, denied=image is not None)
            self.recorder.event(pod, events.WARNING, messages.FAILED,
                                messages.pull_failed(container.image or "", error), field_path=field_path(container))
            record.pull.next(self.clock.now)
            record.pull_error = error
            self.start_failed(pod, container, record, messages.ERR_IMAGE_PULL, error)
            self.wake(key)
            return
        self.recorder.event(pod, events.NORMAL, messages.PULLED,
                            messages.pulled(container.image or "", seconds, waited, image.size),
                            field_path=field_path(container))
        self.note_image(ref, image)
        self.begin_start(key, sandbox, container)

    @clock.callback
    def container_started(self, key: base.Key, uid: str, name: str) -> None:
        """CreateContainer + StartContainer: its environment (a missing ConfigMap/Secret fails
        the start), its files, its main process and its probe workers."""
        sandbox, pod = self._sandbox(key, uid), self._pod(key, uid)
        if sandbox is None or pod is None:
            return
        sandbox.step = None
        container, record = _container(pod, name), sandbox.containers[name]
        ref = images.parse(container.image or "")
        image = images.lookup(ref)
        try:
            env, skipped = envvars.build(self.api, pod, container)
        except envvars.ConfigError as e:
            self.recorder.event(pod, events.WARNING, messages.FAILED, messages.start_error(str(e)),
                                field_path=field_path(container))
            record.reason = (messages.CREATE_CONTAINER_CONFIG_ERROR, str(e))
            sandbox.held.add(name)  # tried again at the worker's requeue, not at this wake
            self.wake(key)
            self.schedule_retry(key, sandbox)
            return
        for kind, source, keys in skipped:
            self.recorder.event(pod, events.WARNING, messages.INVALID_ENV_NAMES,
                                messages.invalid_env_names(keys, kind, source))
        container_id = self.new_container_id()
        record.start(container_id=container_id, image=ref.name, image_id=images.image_id(ref, image),
                     now=self.clock.now, ready=container.readiness_probe is None)
        record.instance = containers.create(api=self.api, pod=pod, container=container, image=image, ref=ref,
                                            container_id=container_id, pod_volumes=sandbox.volumes or {},
                                            env=env, clock=self.clock, ip=sandbox.ip or "")
        self.recorder.event(pod, events.NORMAL, messages.CREATED, messages.created(name),
                            field_path=field_path(container))
        missing = containers.missing_executable(record.instance)
        if missing is not None:
            error = messages.start_failed_executable(missing)
            self.recorder.event(pod, events.WARNING, messages.FAILED, messages.start_error(error),
                                field_path=field_path(container))
            record.exit(exit_code=START_ERROR_EXIT_CODE, now=self.clock.now, reason="StartError", message=error)
            record.reason = (messages.RUN_CONTAINER_ERROR, error)
            self.wake(key)
            return
        self.recorder.event(pod, events.NORMAL, messages.STARTED, messages.started(name),
                            field_path=field_path(container))
        self.follow(key, sandbox, record, containers.start(record.instance, self.network, self.rng))
        if record.running is not None:
            self.start_probes(key, sandbox, container, record)
        self.wake(key)

    # --- the main process -------------------------------------------------------------------

    def follow(self, key: base.Key, sandbox: runtime.Sandbox, record: runtime.ContainerRecord,
               outcome: Outcome) -> None:
        """What the process does next: wake up after a sleep, run on, or exit."""
        if outcome.exit is not None:
            record.exit(exit_code=outcome.exit, now=self.clock.now)
            self.wake(key)
        elif outcome.sleep != FOREVER:
            record.timers.append(self.clock.call_later(
                outcome.sleep, self.process_woke, key, sandbox.uid, record.name, record.container_id,
                why=f"kubelet {self.node}: {record.name} in {_name(key)} wakes up"))

    @clock.callback
    def process_woke(self, key: base.Key, uid: str, name: str, container_id: str) -> None:
        sandbox, record = self._running(key, uid, name, container_id)
        if record is not None:
            self.follow(key, sandbox, record, containers.resume(record.instance, self.network, self.rng))

    # --- probes -----------------------------------------------------------------------------

    def start_probes(self, key: base.Key, sandbox: runtime.Sandbox, container: Container,
                     record: runtime.ContainerRecord) -> None:
        """One worker per probe; each first ticks now, as the worker is triggered when the
        container is first seen running."""
        for kind in prober.KINDS:
            if prober.probe_of(container, kind) is not None:
                record.probes[kind] = runtime.ProbeState(prober.INITIAL[kind])
                record.timers.append(self.clock.call_later(
                    0, self.probe_tick, key, sandbox.uid, container.name, record.container_id, kind,
                    why=f"kubelet {self.node}: {kind} probe of {container.name} in {_name(key)}"))

    @clock.callback
    def probe_tick(self, key: base.Key, uid: str, name: str, container_id: str, kind: str) -> None:
        """doProbe: probe unless it is too early (or the startup probe still runs), count
        consecutive results, act when a threshold is reached, and tick again a period later."""
        sandbox, record = self._running(key, uid, name, container_id)
        pod = self._pod(key, uid)
        if record is None or pod is None or record.killing:
            return
        container = _container(pod, name)
        probe, state = prober.probe_of(container, kind), record.probes[kind]
        startup = record.probes.get("startup")
        waiting = kind != "startup" and startup is not None and not startup.result
        if not waiting and not prober.too_early(probe, started_at=record.running.started_at, now=self.clock.now):
            ok, message = prober.run(probe, container=container, instance=record.instance, pod_ip=sandbox.ip or "",
                                     source=prober.gateway(self.runtime.pod_cidr), net=self.network,
                                     exec_probe=containers.exec_probe)
            state.successes, state.failures = (state.successes + 1, 0) if ok else (0, state.failures + 1)
            if not ok:
                self.recorder.event(pod, events.WARNING, messages.UNHEALTHY,
                                    messages.probe_failed(prober.LABELS[kind], message),
                                    field_path=field_path(container))
            if state.failures >= prober.threshold(probe, False) and kind != "readiness":
                self.kill_for_probe(pod, container, sandbox, record, kind)
                return
            reached = state.successes if ok else state.failures
            if ok != state.result and reached >= prober.threshold(probe, ok):
                state.result = ok
                if kind == "readiness":
                    record.ready = ok
                    self.wake(key)
                elif kind == "startup":
                    return  # done: liveness and readiness take over
        due = prober.next_tick(probe, worker_start=sandbox.first_seen, now=self.clock.now)
        record.timers.append(self.clock.call_at(
            due, self.probe_tick, key, uid, name, container_id, kind,
            why=f"kubelet {self.node}: {kind} probe of {name} in {_name(key)}"))

    def kill_for_probe(self, pod: Pod, container: Container, sandbox: runtime.Sandbox,
                       record: runtime.ContainerRecord, kind: str) -> None:
        """A failed liveness or startup probe: kill the container (SIGTERM, SIGKILL after the
        grace period); the pod worker restarts it under the restart policy."""
        record.killing = True
        record.cancel_timers()
        self.recorder.event(pod, events.NORMAL, messages.KILLING, messages.probe_kill(container.name, kind),
                            field_path=field_path(container))
        probe = prober.probe_of(container, kind)
        grace = probe.termination_grace_period_seconds or pod.spec.termination_grace_period_seconds
        self.schedule_stop(key_of(pod), sandbox, container, record,
                           DEFAULT_GRACE_SECONDS if grace is None else max(grace, MIN_GRACE_SECONDS))

    def schedule_stop(self, key: base.Key, sandbox: runtime.Sandbox, container: Container,
                      record: runtime.ContainerRecord, grace: float) -> None:
        """SIGTERM: an image that honours it exits soon; one that ignores it is killed when the
        grace period runs out (137)."""
        image = images.lookup(images.parse(container.image or ""))
        if image is not None and image.exits_on_sigterm:
            seconds, code = min(self.rng.uniform(*image.sigterm_seconds), grace), image.sigterm_exit_code
        else:
            seconds, code = grace, SIGKILL_EXIT_CODE
        record.timers.append(self.clock.call_later(
            seconds, self.container_exited, key, sandbox.uid, container.name, record.container_id, code,
            why=f"kubelet {self.node}: stop {container.name} in {_name(key)}"))

    # --- volumes ----------------------------------------------------------------------------

    def mount_volumes(self, pod: Pod, sandbox: runtime.Sandbox) -> bool:
        """The volume manager's WaitForAttachAndMount: every volume set up, or a `FailedMount`.
        A failed SetUp is tried again when its exponential back-off (0.5 s doubling to 2m2s)
        has run out, not at every sync (the reconciler's nestedpendingoperations)."""
        if sandbox.mount_due is not None and self.clock.now < sandbox.mount_due:
            return False
        try:
            sandbox.volumes = volumes.setup(self.api, pod, self.runtime.disks, self.writer_stamp(pod.metadata.uid))
        except volumes.MountError as e:
            self.recorder.event(pod, events.WARNING, messages.FAILED_MOUNT, str(e))
            sandbox.mount_backoff = min(sandbox.mount_backoff * 2, MOUNT_BACKOFF_MAX) or MOUNT_BACKOFF_INITIAL
            sandbox.mount_due = self.clock.now + timedelta(seconds=sandbox.mount_backoff)
            self.clock.call_at(sandbox.mount_due, self.mount_again, key_of(pod), sandbox.uid,
                               why=f"kubelet {self.node}: mount the volumes of {_name(key_of(pod))} again")
            return False
        return True

    @clock.callback
    def mount_again(self, key: base.Key, uid: str) -> None:
        sandbox = self._sandbox(key, uid)
        if sandbox is not None and sandbox.volumes is None:
            self.sync(key)

    def check_pull_secrets(self, pod: Pod) -> None:
        """getPullSecretsForPod, at every sync: a missing imagePullSecret is an event, and the
        pull goes on without it."""
        missing = [ref.name for ref in pod.spec.image_pull_secrets or ()
                   if ref.name and self.api.try_get("Secret", ref.name, pod.metadata.namespace) is None]
        if missing:
            self.recorder.event(pod, events.WARNING, messages.FAILED_TO_RETRIEVE_PULL_SECRET,
                                messages.pull_secrets_missing(missing))

    def writer_stamp(self, uid: str) -> str:
        """The atomic writer's directory name: the time and a number (upstream the nanoseconds;
        computed from the pod and the time here, so mounting draws nothing from the generator)."""
        now = self.clock.now
        return f"{now:%Y_%m_%d_%H_%M_%S}.{zlib.crc32(f'{uid}{now.isoformat()}'.encode()) % 10**9:09d}"

    def schedule_volume_resync(self, kind: str, namespace: str, name: str) -> None:
        for key, sandbox in self.runtime.pods.items():
            pod = self.api.try_get("Pod", key[1], key[0])
            if key[0] == namespace and pod is not None and sandbox.volumes and volumes.uses(pod, kind, name):
                # the pod's next resync: a phase of its own (from its uid, so nothing is drawn)
                phase = zlib.crc32(sandbox.uid.encode()) % 1000 / 1000 * VOLUME_RESYNC_SECONDS
                wait = (phase - self.clock.now.timestamp()) % VOLUME_RESYNC_SECONDS
                self.clock.call_later(wait, self.resync_volumes, key, sandbox.uid,
                                      why=f"kubelet {self.node}: volumes of {_name(key)}")

    @clock.callback
    def resync_volumes(self, key: base.Key, uid: str) -> None:
        sandbox, pod = self._sandbox(key, uid), self._pod(key, uid)
        if sandbox is not None and pod is not None and sandbox.volumes is not None:
            volumes.refresh(self.api, pod, sandbox.volumes, self.writer_stamp(pod.metadata.uid))

    @clock.callback
    def container_exited(self, key: base.Key, uid: str, name: str, container_id: str, exit_code: int) -> None:
        sandbox = self._sandbox(key, uid)
        record = sandbox.containers[name] if sandbox is not None else None
        if record is None or record.container_id != container_id or record.running is None:
            return
        record.exit(exit_code=exit_code, now=self.clock.now)
        self.wake(key)

    # --- termination ------------------------------------------------------------------------

    def terminate(self, pod: Pod, sandbox: runtime.Sandbox) -> None:
        """SyncTerminatingPod: stop every running container within the grace period; once all
        have stopped, write the final status and delete the pod (grace period 0)."""
        key = key_of(pod)
        if not sandbox.terminating:
            sandbox.terminating = True
            sandbox.cancel_timers()
            grace = max(pod.metadata.deletion_grace_period_seconds or 0, MIN_GRACE_SECONDS)
            for container in pod.spec.containers:
                record = sandbox.containers[container.name]
                if record.running is None:
                    continue
                self.recorder.event(pod, events.NORMAL, messages.KILLING, messages.stopping(container.name),
                                    field_path=field_path(container))
                self.schedule_stop(key, sandbox, container, record, grace)
        if not sandbox.stopped:
            return
        self.stop_sandbox(sandbox)
        pod = self.write_status(pod, sandbox, terminal=True)
        with contextlib.suppress(errors.StatusError):  # already gone, or replaced by a pod of the same name
            self.api.delete("Pod", pod.metadata.name, pod.metadata.namespace, grace_period=0, uid=pod.metadata.uid)
        self.runtime.remove(key)

    def stop_sandbox(self, sandbox: runtime.Sandbox) -> None:
        if sandbox.ready and sandbox.ip != self.runtime.host_ip:
            self.runtime.release_ip(sandbox.ip)
        sandbox.ready = False

    # --- the status manager -----------------------------------------------------------------

    def write_status(self, pod: Pod, sandbox: runtime.Sandbox, *, terminal: bool = False) -> Pod:
        """Write the status the runtime reports, when it differs from the API's. A pod that
        just finished (Succeeded/Failed) also loses its sandbox."""
        policy = pod.spec.restart_policy or "Always"
        statuses = [r.api_status(policy) for r in sandbox.containers.values()]
        new = self._generate(pod, sandbox, statuses, terminal)
        if new.phase in status.TERMINAL and sandbox.ready:
            self.stop_sandbox(sandbox)
            new = self._generate(pod, sandbox, statuses, terminal)
        if new == pod.status:
            return pod
        written = self.api.update_status(pod.with_(status=new))
        sandbox.written = written.metadata.resource_version
        return written

    def _generate(self, pod: Pod, sandbox: runtime.Sandbox, statuses: list, terminal: bool) -> Any:
        return status.generate(pod, statuses, host_ip=self.runtime.host_ip, pod_ip=sandbox.ip,
                               sandbox_ready=sandbox.ready, start_time=sandbox.first_seen, terminal=terminal,
                               now=self.clock.now)

    def pull_credentials(self, pod: Pod) -> list[dict]:
        """The `auths` of the pod's imagePullSecrets (kubernetes.io/dockerconfigjson)."""
        found = []
        for ref in pod.spec.image_pull_secrets or ():
            secret = self.api.try_get("Secret", ref.name or "", pod.metadata.namespace)
            raw = (secret.data or {}).get(".dockerconfigjson") if secret is not None else None
            with contextlib.suppress(ValueError):
                found.append(json.loads(base64.b64decode(raw or "")).get("auths", {}))
        return found

    def note_image(self, ref: images.Reference, image: images.Image) -> None:
        """A newly pulled image appears in the node's status.images (largest first)."""
        self.runtime.pulling.pop(ref.name, None)
        if ref.name in self.runtime.images:
            return
        self.runtime.images[ref.name] = image.size
        node = self.api.get("Node", self.node)
        listed = [*(node.status.images or ()), {"names": [f"{ref.repository}@{images.digest(ref)}", ref.name],
                                                 "sizeBytes": image.size}]
        listed.sort(key=lambda i: (-i["sizeBytes"], i["names"][0]))
        self.api.update_status(node.with_(status=node.status.with_(images=listed)))

    # --- bootstrap --------------------------------------------------------------------------

    def adopt_running(self, pod: Pod) -> Pod:
        """Take over a pod whose containers already run, as a restarted kubelet finds them in
        the runtime: no events, every container running and ready since the pod's creation.
        The bootstrap uses it for the pods a fresh kind cluster already runs."""
        sandbox = self.admit(pod)
        sandbox.ip = self.runtime.host_ip if pod.spec.host_network else self.runtime.allocate_ip()
        sandbox.ready = sandbox.ip is not None
        sandbox.volumes = {}
        with contextlib.suppress(volumes.MountError):  # a kind add-on's ConfigMap may come later
            sandbox.volumes = volumes.setup(self.api, pod, self.runtime.disks, self.writer_stamp(pod.metadata.uid))
        for container in pod.spec.containers:
            ref = images.parse(container.image or "")
            image = images.lookup(ref)
            record = sandbox.containers[container.name]
            container_id = self.new_container_id()
            record.start(container_id=container_id, image=ref.name, image_id=images.image_id(ref, image),
                         now=pod.metadata.creation_timestamp, ready=True)
            env = {}
            with contextlib.suppress(envvars.ConfigError):
                env = envvars.build(self.api, pod, container)[0]
            record.instance = containers.create(api=self.api, pod=pod, container=container, image=image, ref=ref,
                                                container_id=container_id, pod_volumes=sandbox.volumes, env=env,
                                                clock=self.clock, ip=sandbox.ip or "")
            containers.start(record.instance, self.network, self.rng)
        return self.write_status(pod, sandbox)

    # --- helpers ----------------------------------------------------------------------------

    def new_container_id(self) -> str:
        return f"containerd://{self.rng.randrange(1 << 256):064x}"

    def _sandbox(self, key: base.Key, uid: str) -> runtime.Sandbox | None:
        sandbox = self.runtime.pods.get(key)
        return sandbox if sandbox is not None and sandbox.uid == uid else None

    def _running(self, key: base.Key, uid: str, name: str, container_id: str
                 ) -> tuple[runtime.Sandbox | None, runtime.ContainerRecord | None]:
        """The sandbox and record of a container instance that still runs."""
        sandbox = self._sandbox(key, uid)
        record = sandbox.containers.get(name) if sandbox is not None else None
        if record is None or record.container_id != container_id or record.running is None:
            return None, None
        return sandbox, record

    def _pod(self, key: base.Key, uid: str) -> Pod | None:
        pod = self.api.try_get("Pod", key[1], key[0])
        return pod if pod is not None and pod.metadata.uid == uid else None


def _container(pod: Pod, name: str) -> Container:
    return next(c for c in pod.spec.containers if c.name == name)


def _name(key: base.Key) -> str:
    return "/".join(filter(None, key))
