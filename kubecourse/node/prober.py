"""Startup, liveness and readiness probes: when they tick and what one probe answers.

Models kubernetes/kubernetes: pkg/kubelet/prober/worker.go (run, doProbe: ticks every
periodSeconds from the worker's start, one more at once when the container is first seen
running; no probe before initialDelaySeconds, and then the result keeps its initial value;
failureThreshold/successThreshold consecutive results flip it; while the startup probe has
not succeeded the other two do not run) and prober/prober.go (runProbe and the failure
texts).

* httpGet goes to the pod IP from the node (the pod network's gateway, `10.244.1.1`, is
  what the server sees as the client); 200-399 is a success, anything else
  `HTTP probe failed with statuscode: 500`; nothing listening:
  `Get "http://10.244.1.5:8080/": dial tcp 10.244.1.5:8080: connect: connection refused`.
* tcpSocket succeeds when something listens; exec runs the command in the container
  (exit 0 is a success, the failure message is the command's output).
* Initial results: readiness failure, liveness and startup success (worker.go).
* timeoutSeconds (default 1): an httpGet whose handler takes longer fails with Go's
  http.Client error as DoHTTPProbe passes it on (pkg/probe/http/http.go: `err.Error()`),
  `Get "http://10.244.1.2:80/delay/3": context deadline exceeded (Client.Timeout exceeded
  while awaiting headers)`; an exec probe still running is stopped with the CRI's timeout
  error as pkg/probe/exec/exec.go reports it, `command "sleep 5" timed out`. The probe itself
  takes no virtual time: its result is what it would be at the timeout.

Probe requests count as requests: kubia:v3's 5th answer is a 500 whoever asked.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import datetime, timedelta
from typing import Any

from kubecourse.api.models.core import Container, Probe
from kubecourse.userland.apps import Request

DEFAULT_PERIOD, DEFAULT_THRESHOLD, DEFAULT_TIMEOUT = 10, 3, 1  # pkg/apis/core/v1/defaults.go SetDefaults_Probe
KINDS = ("startup", "liveness", "readiness")
LABELS = {"startup": "Startup", "liveness": "Liveness", "readiness": "Readiness"}
INITIAL = {"startup": False, "liveness": True, "readiness": False}


def probe_of(container: Container, kind: str) -> Probe | None:
    return getattr(container, f"{kind}_probe")


def period(probe: Probe) -> float:
    return float(probe.period_seconds or DEFAULT_PERIOD)


def port_number(container: Container, port: int | str) -> int | None:
    """A probe's port: a number, or the name of one of the container's ports."""
    if isinstance(port, int):
        return port
    if port.isdigit():
        return int(port)
    return next((p.container_port for p in container.ports or () if p.name == port), None)


def next_tick(probe: Probe, *, worker_start: datetime, now: datetime) -> datetime:
    """The first tick of the worker's period grid after `now`."""
    step = period(probe)
    ticks = math.floor((now - worker_start).total_seconds() / step) + 1
    return worker_start + timedelta(seconds=ticks * step)


def too_early(probe: Probe, *, started_at: datetime, now: datetime) -> bool:
    return (now - started_at).total_seconds() < (probe.initial_delay_seconds or 0)


def gateway(pod_cidr: str) -> str:
    """The node's address on its pod network: the source of the kubelet's probes."""
    return str(ipaddress.ip_network(pod_cidr)[1])


def run(probe: Probe, *, container: Container, instance: Any, pod_ip: str, source: str, net: Any,
        exec_probe: Any) -> tuple[bool, str]:
    """One probe: (success, the failure message)."""
    timeout = float(probe.timeout_seconds or DEFAULT_TIMEOUT)
    if probe.exec is not None:
        command = list(probe.exec.command or ())
        code, output = exec_probe(instance, command, timeout)
        if code is None:
            return False, f'command "{" ".join(command)}" timed out'
        return code == 0, output.rstrip("\n") if output else f"command {probe.exec.command!r} exited with {code}"
    action = probe.http_get or probe.tcp_socket or probe.grpc
    port = port_number(container, action.port) if action is not None else None
    listening = instance is not None and port in instance.listening()
    host = getattr(action, "host", None) or pod_ip
    if probe.http_get is not None:
        scheme = (probe.http_get.scheme or "HTTP").lower()
        path = probe.http_get.path or "/"
        url = f"{scheme}://{host}:{port}{path}"
        if not listening:
            return False, f'Get "{url}": dial tcp {host}:{port}: connect: connection refused'
        headers = (("Host", f"{host}:{port}"), ("User-Agent", "kube-probe/1.32"), ("Accept", "*/*"),
                   *((h.name, h.value) for h in probe.http_get.http_headers or ()))
        response = instance.handle(Request("GET", path, source, f"{host}:{port}", headers), net)
        if response.seconds >= timeout:
            return False, f'Get "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
        if 200 <= response.status < 400:
            return True, ""
        return False, f"HTTP probe failed with statuscode: {response.status}"
    if not listening:
        return False, f"dial tcp {host}:{port}: connect: connection refused"
    return True, ""


def threshold(probe: Probe, success: bool) -> int:
    return (probe.success_threshold or 1) if success else (probe.failure_threshold or DEFAULT_THRESHOLD)
