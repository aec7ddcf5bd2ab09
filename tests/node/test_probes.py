"""Probes on the virtual clock: readiness drives Ready (and the endpoints), liveness failures
restart the container with events and lastState, tcpSocket and exec probes, the startup
probe holding the others back, and the crash back-off's doubling delays."""

from __future__ import annotations

import itertools

from support.runtimefixtures import apply, events, out, pod, start_times, status


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


def readiness_after(cluster, seconds: float, main: str, probe: str) -> tuple[bool, list[str]]:
    """A busybox pod running `main` with a readiness `probe`: (ready?, its Unhealthy messages)."""
    apply(cluster, pod("bb", "busybox", container=f"    command: {main}\n    readinessProbe:\n{probe}"))
    cluster.advance(seconds)
    return status(cluster, "bb").ready, [m for r, m in events(cluster, "bb") if r == "Unhealthy"]


def test_exec_probe_runs_in_the_container(cluster):
    ready, unhealthy = readiness_after(cluster, 15, "[sh, -c, 'sleep 20; touch /tmp/healthy; sleep 3600']",
                                       "      exec: {command: [cat, /tmp/healthy]}\n      periodSeconds: 5\n")
    assert ready is False
    assert "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory" in unhealthy
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
    starts = start_times(cluster, "crash")
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


def test_an_http_handler_slower_than_timeout_seconds_fails(cluster):
    apply(cluster, pod("httpbin", "kennethreitz/httpbin", container=(
        "    livenessProbe:\n      httpGet: {path: /delay/3, port: 80}\n      periodSeconds: 5\n")))
    cluster.advance(40)
    recorded = events(cluster, "httpbin")
    message = ('Liveness probe failed: Get "http://10.244.1.2:80/delay/3": context deadline exceeded '
               "(Client.Timeout exceeded while awaiting headers)")
    assert ("Unhealthy", message) in recorded
    assert ("Killing", "Container httpbin failed liveness probe, will be restarted") in recorded


def test_a_timeout_longer_than_the_handler_passes(cluster):
    apply(cluster, pod("httpbin", "kennethreitz/httpbin", container=(
        "    livenessProbe:\n      httpGet: {path: /delay/3, port: 80}\n      timeoutSeconds: 4\n")))
    cluster.advance(60)
    assert [r for r, _ in events(cluster, "httpbin") if r in ("Unhealthy", "Killing")] == []
    assert status(cluster, "httpbin").restart_count == 0


def test_an_exec_probe_running_past_its_timeout_fails(cluster):
    ready, unhealthy = readiness_after(cluster, 15, "[sleep, '3600']",
                                       "      exec: {command: [sh, -c, 'sleep 2; true']}\n      timeoutSeconds: 2\n")
    assert ready is False
    assert 'Readiness probe failed: command "sh -c sleep 2; true" timed out' in unhealthy


def test_readiness_waits_for_success_threshold_consecutive_successes(cluster):
    apply(cluster, pod("kubia", "luksa/kubia", container=(
        "    readinessProbe:\n      httpGet: {path: /, port: 8080}\n      periodSeconds: 5\n"
        "      successThreshold: 3\n")))
    cluster.advance(40)
    kubelet = cluster.manager.controllers["kubelet/kind-worker"]
    logs = kubelet.runtime.pods[("default", "kubia")].containers["kubia"].instance.logs
    probes = [when for when, _, text in logs if text.startswith("Received request")]
    conditions = cluster.api.get("Pod", "kubia", "default").status.conditions
    ready = next(c.last_transition_time for c in conditions if c.type == "Ready")
    # the first probe runs as the container starts, the next on the worker's 5 s grid: ready
    # after the third, its status written at the PLEG's next relist
    assert (probes[2] - probes[1]).total_seconds() == 5
    assert 0 <= (ready - probes[2]).total_seconds() < 1
