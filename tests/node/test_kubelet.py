"""The kubelet: start-up, image pulls and their back-off, crash loops, probes, termination.

Pods are created already bound (spec.nodeName) so that the node, its IPs and its draws do not
depend on the scheduler. Times come from the cluster's own records (event timestamps, the
history), and the assertions check how they relate: exact modelled durations and orders.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from support.runtimefixtures import apply, start_times
from support.runtimefixtures import pod as manifest

import kubecourse
from kubecourse.clock import EPOCH
from kubecourse.node import kubelet, messages

NODE = "kind-worker"


def pod_manifest(name: str, image: str, *, node: str = NODE, restart: str | None = None, **container) -> dict:
    spec = {"nodeName": node, "containers": [{"name": name.split("-")[0], "image": image, **container}]}
    if restart:
        spec["restartPolicy"] = restart
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"}, "spec": spec}


def create(cluster: kubecourse.Cluster, *args, **kwargs):
    pod = cluster.api.create(pod_manifest(*args, **kwargs))
    cluster.manager.settle()
    return pod


def pod(cluster, name):
    return cluster.api.try_get("Pod", name, "default")


def events(cluster, name):
    """(reason, message, first time) of the pod's events, in the order they were recorded."""
    return [(e.obj.reason, e.obj.message, e.obj.first_timestamp) for e in cluster.api.history
            if e.kind == "Event" and e.type == "ADDED" and e.obj.involved_object.name == name]


def intervals(ts) -> list[float]:
    return [(b - a).total_seconds() for a, b in itertools.pairwise(ts)]


def container_status(cluster, name):
    return pod(cluster, name).status.container_statuses[0]


def conditions(p):
    return [(c.type, c.status, c.reason, c.message) for c in p.status.conditions]


def status_writes(cluster, name):
    return [e for e in cluster.api.history if e.kind == "Pod" and e.obj.metadata.name == name
            and e.type == "MODIFIED" and e.old.status != e.obj.status]


# --- start-up ------------------------------------------------------------------------------------


def test_a_bound_pod_is_pending_with_container_creating_at_once(cluster):
    create(cluster, "kubia", "luksa/kubia")
    p = pod(cluster, "kubia")
    assert p.status.phase == "Pending"
    assert p.status.start_time == EPOCH
    assert (p.status.host_ip, [i.ip for i in p.status.host_ips]) == ("172.18.0.3", ["172.18.0.3"])
    assert p.status.pod_ip is None  # the sandbox is still being created
    cs = container_status(cluster, "kubia")
    assert (cs.state.waiting.reason, cs.ready, cs.started, cs.image, cs.image_id) == (
        "ContainerCreating", False, False, "luksa/kubia", "")
    assert conditions(p) == [
        ("PodReadyToStartContainers", "False", None, None),
        ("Initialized", "True", None, None),
        ("Ready", "False", "ContainersNotReady", "containers with unready status: [kubia]"),
        ("ContainersReady", "False", "ContainersNotReady", "containers with unready status: [kubia]"),
        ("PodScheduled", "True", None, None),
    ]


def test_start_up_pulls_creates_starts_and_is_ready(cluster):
    create(cluster, "kubia", "luksa/kubia")
    cluster.advance(20)
    recorded = events(cluster, "kubia")
    assert [r for r, _, _ in recorded] == ["Pulling", "Pulled", "Created", "Started"]
    (_, pulling, t_pull), (_, pulled, t_pulled), (_, created, t_created), (_, started, t_started) = recorded
    assert pulling == 'Pulling image "luksa/kubia"'
    seconds = (t_pulled - t_pull).total_seconds()
    assert 3.0 <= seconds <= 6.0  # the catalogue's pull time for luksa/kubia
    took = messages.go_duration(int(seconds * 1000) / 1000)
    assert pulled == (f'Successfully pulled image "luksa/kubia" in {took} ({took} including waiting). '
                      "Image size: 239621034 bytes.")
    assert (created, started) == ("Created container kubia", "Started container kubia")
    assert t_created == t_started and 0.1 <= (t_started - t_pulled).total_seconds() <= 0.4
    p = pod(cluster, "kubia")
    cs = p.status.container_statuses[0]
    assert (p.status.phase, p.status.pod_ip, [i.ip for i in p.status.pod_ips]) == ("Running", "10.244.1.2",
                                                                                    ["10.244.1.2"])
    assert (cs.ready, cs.started, cs.restart_count, cs.state.running.started_at) == (True, True, 0, t_started)
    assert cs.image == "docker.io/luksa/kubia:latest"
    assert cs.image_id.startswith("docker.io/luksa/kubia@sha256:") and cs.container_id.startswith("containerd://")
    assert [c[:2] for c in conditions(p)] == [("PodReadyToStartContainers", "True"), ("Initialized", "True"),
                                             ("Ready", "True"), ("ContainersReady", "True"), ("PodScheduled", "True")]
    # Running and Ready were written at the PLEG's first relist after the container started
    # (every second, at the node's own phase), and the Ready condition dates from that sync.
    became_running = next(e for e in status_writes(cluster, "kubia") if e.obj.status.phase == "Running")
    assert 0 <= (became_running.time - t_started).total_seconds() < kubelet.PLEG_RELIST_SECONDS
    ready = next(c for c in p.status.conditions if c.type == "Ready")
    assert ready.last_transition_time == became_running.time


def test_status_is_written_only_when_it_changes(cluster):
    create(cluster, "kubia", "luksa/kubia")
    cluster.advance(60)
    writes = status_writes(cluster, "kubia")
    assert [(w.obj.status.phase, w.obj.status.pod_ip is not None) for w in writes] == [
        ("Pending", False), ("Pending", True), ("Running", True)]
    before = len(cluster.api.history)
    cluster.manager.settle()
    cluster.advance(600)
    assert len(cluster.api.history) == before


def test_an_image_already_on_the_node_is_not_pulled_again(cluster):
    create(cluster, "kubia-a", "luksa/kubia:v1")
    cluster.advance(10)
    create(cluster, "kubia-b", "luksa/kubia:v1")  # tagged: imagePullPolicy IfNotPresent
    create(cluster, "kubia-c", "luksa/kubia:v1", imagePullPolicy="Always")  # pulled, but only the manifest
    cluster.advance(10)
    assert [r for r, _, _ in events(cluster, "kubia-b")] == ["Pulled", "Created", "Started"]
    assert events(cluster, "kubia-b")[0][1] == 'Container image "luksa/kubia:v1" already present on machine'
    (_, _, t0), (_, _, t1) = events(cluster, "kubia-c")[:2]
    assert 0.3 <= (t1 - t0).total_seconds() <= 0.9


def test_pulls_on_a_node_are_serialized(cluster):
    create(cluster, "kubia", "luksa/kubia")
    create(cluster, "nginx", "nginx")
    cluster.advance(20)
    first, second = sorted((events(cluster, n)[:2] for n in ("kubia", "nginx")), key=lambda e: e[1][2])
    (_, _, pulling_at), (_, message, pulled_at) = second
    own = (pulled_at - first[1][2]).total_seconds()  # it started when the puller was free
    total = (pulled_at - pulling_at).total_seconds()
    assert total > own >= 2.0
    assert f"in {messages.go_duration(int(own * 1000) / 1000)} " in message
    assert f"({messages.go_duration(int(total * 1000) / 1000)} including waiting)" in message


def test_pod_ips_are_handed_out_in_order_and_not_reused_at_once(cluster):
    for name in ("a", "b", "c"):
        create(cluster, name, "nginx:1.27")
    cluster.advance(10)
    # in the order their sandboxes were ready
    assert sorted(pod(cluster, n).status.pod_ip for n in "abc") == ["10.244.1.2", "10.244.1.3", "10.244.1.4"]
    cluster.api.delete("Pod", "a", "default")
    cluster.advance(5)
    assert pod(cluster, "a") is None
    create(cluster, "d", "nginx:1.27")
    cluster.advance(5)
    assert pod(cluster, "d").status.pod_ip == "10.244.1.5"


def test_host_network_pods_take_the_node_ip(cluster):
    manifest = pod_manifest("hostnet", "nginx:1.27")
    manifest["spec"]["hostNetwork"] = True
    cluster.api.create(manifest)
    cluster.advance(10)
    assert pod(cluster, "hostnet").status.pod_ip == "172.18.0.3"


# --- image pull failures -------------------------------------------------------------------------

NGINXX_ERROR = ('failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference '
                '"docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require '
                "authorization: server message: insufficient_scope: authorization failed")


def test_an_unknown_image_fails_to_pull_then_backs_off(cluster):
    create(cluster, "web", "nginxx")
    cluster.advance(3)
    assert [(r, m) for r, m, _ in events(cluster, "web")] == [
        ("Pulling", 'Pulling image "nginxx"'),
        ("Failed", f'Failed to pull image "nginxx": {NGINXX_ERROR}'),
        ("Failed", "Error: ErrImagePull"),
        ("BackOff", 'Back-off pulling image "nginxx"'),
        ("Failed", "Error: ImagePullBackOff"),
    ]
    cs = container_status(cluster, "web")
    assert (cs.state.waiting.reason, cs.state.waiting.message) == ("ErrImagePull", NGINXX_ERROR)
    assert pod(cluster, "web").status.phase == "Pending"
    assert pod(cluster, "web").status.pod_ip == "10.244.1.2"
    cluster.advance(14)  # the pod worker syncs again 10-15 s after the failed pull at 2 s
    cs = container_status(cluster, "web")
    assert cs.state.waiting.reason in ("ImagePullBackOff", "ErrImagePull")
    seen = {e.obj.status.container_statuses[0].state.waiting.message for e in status_writes(cluster, "web")
            if e.obj.status.container_statuses[0].state.waiting.reason == "ImagePullBackOff"}
    assert seen == {f'Back-off pulling image "nginxx": ErrImagePull: {NGINXX_ERROR}'}


def pull_failures(cluster, name) -> list:
    """When each pull failed: the status writes that turn the container's waiting reason into
    ErrImagePull. (The `Pulling` events thin out: the spam filter passes 25 events per pod.)"""
    def reason(p):
        statuses = p.status.container_statuses if p.status else None
        return statuses[0].state.waiting.reason if statuses and statuses[0].state.waiting else None
    return [e.time for e in status_writes(cluster, name)
            if reason(e.obj) == messages.ERR_IMAGE_PULL and reason(e.old) != messages.ERR_IMAGE_PULL]


def test_the_pull_back_off_doubles_up_to_five_minutes(cluster):
    create(cluster, "web", "nginxx")
    cluster.advance(1800)
    gaps = intervals(pull_failures(cluster, "web"))
    backoffs = [10, 20, 40, 80, 160, 300, 300]
    assert len(gaps) >= len(backoffs)
    for gap, backoff in zip(gaps, backoffs, strict=False):
        # a retry comes 10-15 s after each sync, so a pull follows the back-off by up to 15 s;
        # each failure comes 0.5-1.5 s after its pull began, reported on the second
        assert backoff - 2 <= gap <= backoff + 15 + 4, gaps


def test_an_unknown_tag_is_not_found(cluster):
    create(cluster, "web", "nginx:1.99")
    cluster.advance(3)
    assert events(cluster, "web")[1][1] == (
        'Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image '
        '"docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": '
        "docker.io/library/nginx:1.99: not found")


def test_pull_policy_never_without_the_image(cluster):
    create(cluster, "web", "nginx:1.27", imagePullPolicy="Never")
    cluster.advance(3)
    assert [(r, m) for r, m, _ in events(cluster, "web")][:2] == [
        ("ErrImageNeverPull", 'Container image "nginx:1.27" is not present with pull policy of Never'),
        ("Failed", "Error: ErrImageNeverPull")]


# --- containers that exit ------------------------------------------------------------------------


def test_a_container_that_completes_crash_loops_with_a_growing_back_off(cluster):
    p = create(cluster, "bb", "busybox")
    cluster.advance(5)
    cs = container_status(cluster, "bb")
    # first exit: restarted at once; the second exit waits out 10 s
    assert cs.restart_count == 1
    assert (cs.last_state.terminated.reason, cs.last_state.terminated.exit_code) == ("Completed", 0)
    cluster.advance(20)
    ref = f"bb_default({p.metadata.uid})"
    waiting = {e.obj.status.container_statuses[0].state.waiting.message for e in status_writes(cluster, "bb")
               if e.obj.status.container_statuses[0].state.waiting is not None
               and e.obj.status.container_statuses[0].state.waiting.reason == "CrashLoopBackOff"}
    assert f"back-off 10s restarting failed container=bb pod={ref}" in waiting
    assert ("BackOff", f"Back-off restarting failed container bb in pod {ref}") in [
        (r, m) for r, m, _ in events(cluster, "bb")]
    cluster.advance(600)
    starts = start_times(cluster, "bb")
    gaps = intervals(starts)
    assert gaps[0] < kubelet.PLEG_RELIST_SECONDS + 0.5  # the first restart: at the next relist
    for gap, backoff in zip(gaps[1:], [10, 20, 40, 80, 160], strict=False):
        assert backoff <= gap <= backoff + 15 + 1, gaps
    assert pod(cluster, "bb").status.phase == "Running"
    assert container_status(cluster, "bb").restart_count == len(starts) - 1


def test_a_failing_command_shows_error_then_crash_loop_back_off(cluster):
    create(cluster, "bb", "busybox", command=["sh", "-c", "exit 1"])
    cluster.advance(3 + kubelet.PLEG_RELIST_SECONDS)
    history = [e.obj.status.container_statuses[0] for e in status_writes(cluster, "bb")]
    terminated = [cs.state.terminated for cs in history if cs.state.terminated is not None]
    assert (terminated[0].reason, terminated[0].exit_code) == ("Error", 1)
    cluster.advance(30)
    reasons = [cs.state.waiting.reason for cs in (e.obj.status.container_statuses[0]
                                                  for e in status_writes(cluster, "bb")) if cs.state.waiting]
    assert "CrashLoopBackOff" in reasons


@pytest.mark.parametrize(("restart", "command", "phase", "reason"), [
    ("Never", ["true"], "Succeeded", "PodCompleted"),
    ("Never", ["false"], "Failed", "PodFailed"),
    ("OnFailure", ["sh", "-c", "exit 0"], "Succeeded", "PodCompleted"),
])
def test_restart_policy_decides_the_final_phase(cluster, restart, command, phase, reason):
    create(cluster, "job", "busybox", restart=restart, command=command)
    cluster.advance(30)
    p = pod(cluster, "job")
    assert p.status.phase == phase
    assert p.status.container_statuses[0].restart_count == 0
    assert conditions(p)[0][:2] == ("PodReadyToStartContainers", "False")  # the sandbox is gone
    assert [c[1:3] for c in conditions(p) if c[0] in ("Ready", "ContainersReady")] == [("False", reason)] * 2


def test_on_failure_restarts_a_failed_container(cluster):
    create(cluster, "job", "busybox", restart="OnFailure", command=["false"])
    cluster.advance(30)
    p = pod(cluster, "job")
    assert p.status.phase == "Running"
    assert p.status.container_statuses[0].restart_count >= 2


def test_sleep_exits_after_its_time(cluster):
    create(cluster, "sleeper", "busybox", restart="Never", command=["sleep", "30"])
    cluster.advance(10)
    started = container_status(cluster, "sleeper").state.running.started_at
    cluster.advance(30)
    term = container_status(cluster, "sleeper").state.terminated
    assert (term.reason, term.finished_at - started) == ("Completed", timedelta(seconds=30))


# --- readiness probes ----------------------------------------------------------------------------


def test_a_readiness_probe_makes_the_container_ready_at_the_first_tick_after_the_delay(cluster):
    probe = {"httpGet": {"path": "/", "port": 8080}, "initialDelaySeconds": 5, "periodSeconds": 10}
    create(cluster, "kubia", "luksa/kubia", readinessProbe=probe)
    cluster.advance(40)
    started = container_status(cluster, "kubia").state.running.started_at
    ready = next(c for c in pod(cluster, "kubia").status.conditions if c.type == "Ready")
    # the probe worker ticks every 10 s from the pod's start (0 s); the first tick at least 5 s
    # after the container started probes and succeeds
    delay = (started - EPOCH).total_seconds() + 5
    expected = EPOCH + timedelta(seconds=10 * -(-delay // 10))
    assert (ready.status, ready.last_transition_time) == ("True", expected)
    assert pod(cluster, "kubia").status.container_statuses[0].ready


def test_a_probe_the_image_does_not_answer_keeps_the_pod_unready(cluster):
    create(cluster, "kubia", "luksa/kubia", readinessProbe={"httpGet": {"path": "/", "port": 9999}})
    cluster.advance(120)
    p = pod(cluster, "kubia")
    assert (p.status.phase, p.status.container_statuses[0].ready) == ("Running", False)
    assert conditions(p)[2] == ("Ready", "False", "ContainersNotReady", "containers with unready status: [kubia]")


# --- termination ---------------------------------------------------------------------------------


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period(cluster):
    create(cluster, "kubia", "luksa/kubia")
    cluster.advance(10)
    cluster.api.delete("Pod", "kubia", "default")
    cluster.manager.settle()
    deleted_at = cluster.now
    assert events(cluster, "kubia")[-1][:2] == ("Killing", "Stopping container kubia")
    cluster.advance(29.9)
    assert pod(cluster, "kubia") is not None
    cluster.advance(0.1 + kubelet.PLEG_RELIST_SECONDS)
    assert pod(cluster, "kubia") is None
    # SIGKILL at the end of the grace period; the PLEG's next relist sees the container gone
    gone = next(e for e in cluster.api.history if e.type == "DELETED" and e.obj.metadata.name == "kubia")
    assert 30 <= (gone.time - deleted_at).total_seconds() < 30 + kubelet.PLEG_RELIST_SECONDS
    final = gone.old.status
    assert final.phase == "Failed"
    assert final.container_statuses[0].state.terminated.exit_code == 137


def test_a_process_that_exits_on_sigterm_goes_quickly(cluster):
    create(cluster, "web", "nginx:1.27")
    cluster.advance(10)
    cluster.api.delete("Pod", "web", "default")
    cluster.advance(0.5 + kubelet.PLEG_RELIST_SECONDS)
    assert pod(cluster, "web") is None


def test_the_grace_period_is_at_least_two_seconds(cluster):
    create(cluster, "kubia", "luksa/kubia")
    cluster.advance(10)
    cluster.api.delete("Pod", "kubia", "default", grace_period=1)
    cluster.advance(1.9)
    assert pod(cluster, "kubia") is not None
    cluster.advance(0.1 + kubelet.PLEG_RELIST_SECONDS)
    assert pod(cluster, "kubia") is None


def test_a_pod_with_no_running_container_is_removed_at_once(cluster):
    create(cluster, "web", "nginxx")
    cluster.advance(5)
    cluster.api.delete("Pod", "web", "default")
    cluster.manager.settle()
    assert pod(cluster, "web") is None


def test_a_deleted_pod_cancels_its_pull(cluster):
    create(cluster, "kubia", "luksa/kubia")
    cluster.advance(1)
    cluster.api.delete("Pod", "kubia", "default")
    cluster.manager.settle()
    assert pod(cluster, "kubia") is None
    cluster.advance(30)
    assert "Pulled" not in [r for r, _, _ in events(cluster, "kubia")]


# --- determinism ---------------------------------------------------------------------------------


def test_two_clusters_make_the_same_history():
    def run() -> list:
        c = kubecourse.Cluster()
        create(c, "kubia", "luksa/kubia")
        create(c, "bb", "busybox")
        create(c, "web", "nginxx")
        c.advance(120)
        c.api.delete("Pod", "kubia", "default")
        c.advance(60)
        return [(e.type, e.kind, e.time, e.obj.to_wire()) for e in c.api.history]

    assert run() == run()


def test_go_durations():
    assert [messages.go_duration(s) for s in (0.523, 3.2, 10, 80, 300, 1.234, 3600)] == [
        "523ms", "3.2s", "10s", "1m20s", "5m0s", "1.234s", "1h0m0s"]


def test_a_node_without_free_pod_ips_cannot_create_sandboxes(cluster):
    cluster.manager.controllers[f"kubelet/{NODE}"].runtime.pod_cidr = "10.244.1.0/29"  # room for .2 - .6
    for i in range(6):
        create(cluster, f"web-{i}", "nginx:1.27")
    cluster.advance(30)
    ips = sorted(p.status.pod_ip for p in cluster.api.list("Pod", "default") if p.status.pod_ip)
    assert ips == [f"10.244.1.{i}" for i in range(2, 7)]
    stuck = next(p for p in cluster.api.list("Pod", "default") if not p.status.pod_ip)
    assert stuck.status.container_statuses[0].state.waiting.reason == "ContainerCreating"
    reason, message, _ = events(cluster, stuck.metadata.name)[0]
    assert reason == "FailedCreatePodSandBox"
    assert message.startswith("Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup "
                              'network for sandbox "')
    assert message.endswith('": plugin type="ptp" failed (add): failed to allocate for range 0: '
                            "no IP addresses available in range set: 10.244.1.1-10.244.1.6")
    running = next(p for p in cluster.api.list("Pod", "default") if p.status.pod_ip)
    cluster.api.delete("Pod", running.metadata.name, "default")
    cluster.advance(30)  # a retry finds the freed address
    assert cluster.api.get("Pod", stuck.metadata.name, "default").status.phase == "Running"


def _attempts(cluster, name: str, reason: str) -> list:
    """When the kubelet recorded `reason` for a pod, one time per occurrence (the correlator
    counts repeats on one Event, so each write of it is one more)."""
    return [e.obj.last_timestamp for e in cluster.api.history
            if e.kind == "Event" and e.obj.involved_object.name == name and e.obj.reason == reason]


def test_a_missing_configmap_is_retried_on_the_pod_workers_back_off(cluster):
    apply(cluster, manifest("kubia", "luksa/kubia", container=(
        "    env: [{name: X, valueFrom: {configMapKeyRef: {name: missing, key: k}}}]\n")))
    cluster.advance(120)
    gaps = intervals(_attempts(cluster, "kubia", messages.FAILED))
    assert 6 <= len(gaps) + 1 <= 10 and all(10 <= g <= 17 for g in gaps)
    failed = [e.obj for e in cluster.api.history if e.kind == "Event" and e.obj.reason == messages.FAILED][-1]
    assert failed.message == 'Error: configmap "missing" not found' and failed.count == len(gaps) + 1
    cluster.kubectl("create configmap missing --from-literal=k=v")
    cluster.advance(20)
    assert container_status(cluster, "kubia").state.running is not None


def test_a_missing_volume_source_fails_to_mount_on_an_exponential_back_off(cluster):
    apply(cluster, manifest("vol", "luksa/kubia", spec="  volumes:\n  - name: config\n    configMap: {name: nope}\n",
                            container="    volumeMounts: [{name: config, mountPath: /c}]\n"))
    cluster.advance(600)
    gaps = intervals(_attempts(cluster, "vol", messages.FAILED_MOUNT))
    assert gaps[:5] == [0.5, 1.0, 2.0, 4.0, 8.0] and gaps[-2:] == [122.0, 122.0]


def test_a_missing_image_pull_secret_is_an_event_and_the_pull_goes_on(cluster):
    apply(cluster, manifest("priv", "luksa/kubia", spec="  imagePullSecrets: [{name: regcred}, {name: other}]\n"))
    cluster.advance(30)
    assert container_status(cluster, "priv").state.running is not None
    event = next(e.obj for e in cluster.api.history if e.kind == "Event" and e.obj.reason == (
        messages.FAILED_TO_RETRIEVE_PULL_SECRET))
    assert (event.type, event.message) == ("Warning", "Unable to retrieve some image pull secrets (regcred, other); "
                                                      "attempting to pull the image may not succeed.")
