"""Readiness probes, modelled by their outcome.

Models kubernetes/kubernetes: pkg/kubelet/prober/worker.go (run, doProbe) and
prober_manager.go UpdatePodStatus. Facts: kubernetes-behavior.md §9.4.

What the source says: a probe worker starts with the pod worker and ticks every
periodSeconds from then on; when the status first shows the container running it is also
triggered at once. A tick before the container has run for initialDelaySeconds does not
probe, and the result stays at its initial value (readiness: failure). successThreshold
consecutive successes make the container ready.

Here a probe's answer depends only on the image: an httpGet, tcpSocket or grpc probe
succeeds when the image listens on the port, an exec probe is assumed to succeed. So the
outcome is known when the container starts, and the kubelet sets one timer for the tick
that first makes it ready instead of ticking forever. A probe that fails keeps the
container unready; its `Unhealthy` events, liveness and startup probes belong to the
container-runtime issue, which replaces `succeeds` with real requests into the image.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from kubecourse.api.models.core import Container, Probe
from kubecourse.node.images import Image

DEFAULT_PERIOD = 10  # pkg/apis/core/v1/defaults.go SetDefaults_Probe


def port_number(container: Container, port: int | str) -> int | None:
    """A probe's port: a number, or the name of one of the container's ports."""
    if isinstance(port, int):
        return port
    if port.isdigit():
        return int(port)
    return next((p.container_port for p in container.ports or () if p.name == port), None)


def succeeds(image: Image | None, container: Container, probe: Probe) -> bool:
    """Whether the probe gets a success from this image (the hook the runtime replaces)."""
    if probe.exec is not None:
        return True
    action = probe.http_get or probe.tcp_socket or probe.grpc
    if action is None or image is None:
        return False
    return port_number(container, action.port) in image.ports


def first_success(probe: Probe, *, worker_start: datetime, started_at: datetime) -> datetime:
    """When the readiness worker first reports success. Ticks fall at worker_start + k *
    period, plus one at started_at; the first that is initialDelaySeconds or more after
    started_at probes. With initialDelaySeconds 5, period 10, a worker started at 0 and a
    container started at 3: ticks 3 (too early), 10 -> ready at 10."""
    delay = probe.initial_delay_seconds or 0
    period = probe.period_seconds or DEFAULT_PERIOD
    earliest = started_at + timedelta(seconds=delay)
    if delay == 0:
        first = started_at
    else:
        ticks = math.ceil((earliest - worker_start).total_seconds() / period)
        first = worker_start + timedelta(seconds=max(0, ticks) * period)
    return first + timedelta(seconds=((probe.success_threshold or 1) - 1) * period)
