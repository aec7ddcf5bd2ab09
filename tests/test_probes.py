"""Probes on the virtual clock: readiness drives Ready (and the endpoints), liveness failures
restart the container with events and lastState, tcpSocket and exec probes, the startup
probe holding the others back, and the crash back-off's doubling delays."""

from __future__ import annotations

import itertools

from tests.runtimefixtures import apply, events, out, pod, status


def test_liveness_failure_kills_and_restarts_the_container(cluster):
    apply(cluster, pod("kubia", "luksa/kubia-unhealthy", container=(
        "    livenessProbe:\n      httpGet: {path: /, port: 8080}\n")))
    cluster.advance(150)
    recorded = events(cluster, "kubia")
    assert ("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500") in recorded
    assert ("Killing", "Container kubia failed liveness probe, will be restarted") in recorded
    cs = status(cluster, "kubia")
    assert cs.restart_count == 1
    assert (cs.last_state.terminated.exit_code, cs.last_state.terminated.reason) == (137, "Error")
    described = out(cluster, "describe pod kubia")
    assert "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n" in described
    # the probe's requests are the server's requests: five successes, then 500s
    previous = out(cluster, "logs kubia --previous").splitlines()
    assert previous[0] == "Kubia server starting..."
    assert set(previous[1:]) == {"Received request from ::ffff:10.244.1.1"}


def test_liveness_acts_after_failure_threshold_periods(cluster):
    apply(cluster, pod("kubia", "luksa/kubia-unhealthy", container=(
        "    livenessProbe:\n      httpGet: {path: /, port: 8080}\n      periodSeconds: 5\n      failureThreshold: 2\n")))
    cluster.advance(60)
    unhealthy = [e.time for e in cluster.api.history if e.kind == "Event" and e.obj.reason == "Unhealthy"]
    killing = [e.time for e in cluster.api.history if e.kind == "Event" and e.obj.reason == "Killing"]
    assert (killing[0] - unhealthy[0]).total_seconds() == 5  # the second consecutive failure, a period later


def test_readiness_failure_makes_the_pod_unready_without_restarting(cluster):
    apply(cluster, pod("kubia", "luksa/kubia:v3", container=(
        "    readinessProbe:\n      httpGet: {path: /, port: 8080}\n      periodSeconds: 1\n")))
    cluster.advance(20)
    cs = status(cluster, "kubia")
    assert (cs.ready, cs.restart_count) == (False, 0)  # its 5th request (a probe) answered 500
    ready = cluster.api.get("Pod", "kubia", "default").status.conditions
    assert [c.status for c in ready if c.type == "Ready"] == ["False"]
    assert ("Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 500") in events(cluster, "kubia")


def test_readiness_initial_delay(cluster):
    apply(cluster, pod("kubia", "luksa/kubia", container=(
        "    readinessProbe:\n      httpGet: {path: /, port: 8080}\n      initialDelaySeconds: 15\n")))
    cluster.advance(12)
    assert status(cluster, "kubia").ready is False
    cluster.advance(20)
    assert status(cluster, "kubia").ready is True


def test_tcp_socket_probe_on_a_port_nothing_listens_on(cluster):
    apply(cluster, pod("kubia", "luksa/kubia", container=(
        "    readinessProbe:\n      tcpSocket: {port: 9999}\n")))
    cluster.advance(40)
    assert status(cluster, "kubia").ready is False
    ip = cluster.api.get("Pod", "kubia", "default").status.pod_ip
    assert ("Unhealthy", f"Readiness probe failed: dial tcp {ip}:9999: connect: connection refused") in events(
        cluster, "kubia")


def test_exec_probe_runs_in_the_container(cluster):
    apply(cluster, pod("bb", "busybox", container=(
        "    command: [sh, -c, 'sleep 20; touch /tmp/healthy; sleep 3600']\n"
        "    readinessProbe:\n      exec: {command: [cat, /tmp/healthy]}\n      periodSeconds: 5\n")))
    cluster.advance(15)
    assert status(cluster, "bb").ready is False
    assert ("Unhealthy", "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory") in events(
        cluster, "bb")
    cluster.advance(20)
    assert status(cluster, "bb").ready is True


def test_startup_probe_failing_restarts_and_holds_liveness_back(cluster):
    apply(cluster, pod("kubia", "luksa/kubia", container=(
        "    startupProbe:\n      tcpSocket: {port: 9999}\n      periodSeconds: 5\n      failureThreshold: 3\n"
        "    livenessProbe:\n      tcpSocket: {port: 9999}\n")))
    cluster.advance(45)
    recorded = events(cluster, "kubia")
    assert ("Killing", "Container kubia failed startup probe, will be restarted") in recorded
    assert not any(m.startswith("Liveness") for _, m in recorded)


def test_crash_back_off_doubles(cluster):
    apply(cluster, pod("crash", "busybox", container="    command: [sh, -c, 'exit 1']\n"))
    cluster.advance(200)
    starts = [e.time for e in cluster.api.history if e.kind == "Event" and e.obj.reason == "Started"
              and e.obj.involved_object.name == "crash"]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(starts)]
    # the first restart is immediate (at the next PLEG relist); then each waits out its back-off,
    # 10 s, 20 s, 40 s, 80 s, and starts at the pod worker's next sync (10-15 s retries)
    assert gaps[0] <= 2
    assert [d <= g < d + 16 for g, d in zip(gaps[1:5], (10, 20, 40, 80), strict=True)] == [True] * 4
    waiting = [e.obj.status.container_statuses[0].state.waiting.message for e in cluster.api.history
               if e.kind == "Pod" and e.obj.metadata.name == "crash" and e.obj.status.container_statuses
               and (w := e.obj.status.container_statuses[0].state.waiting) is not None
               and w.reason == "CrashLoopBackOff"]
    uid = cluster.api.get("Pod", "crash", "default").metadata.uid
    assert waiting == [f"back-off {d} restarting failed container=crash pod=crash_default({uid})"
                       for d in ("10s", "20s", "40s", "1m20s", "2m40s")]
