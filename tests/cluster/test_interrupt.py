"""An interrupted advance (Ctrl-C, Jupyter's stop button) stops at an instant it completed
(kubecourse/clock.py interrupts_between_instants): every write whole, controllers working."""

from __future__ import annotations

import os
import signal

import pytest

import kubecourse
from kubecourse.clock import callback


@pytest.fixture(autouse=True)
def python_handles_sigint():
    """What a kernel runs a cell with (ipykernel's pre_handler_hook); other tests may have
    changed the handler."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


class Interrupter:
    """A timer callback that sends this process SIGINT, as the kernel's stop button does."""

    @callback
    def fire(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)


def test_an_interrupt_stops_advance_at_the_instant_it_came_and_the_cluster_goes_on():
    cluster = kubecourse.Cluster()
    cluster.kubectl("create deployment kubia --image=luksa/kubia:v1 --replicas=3")
    start = cluster.clock.now
    cluster.clock.call_later(7, Interrupter().fire, why="the stop button")
    with pytest.raises(KeyboardInterrupt):
        cluster.advance(3600)
    assert (cluster.clock.now - start).total_seconds() == 7
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    written = {e.obj.metadata.name: e.type for e in cluster.api.history if e.kind == "Pod"}
    assert {p.metadata.name for p in cluster.api.list("Pod", "default")} == {
        name for name, last in written.items() if last != "DELETED" and name.startswith("kubia-")}
    cluster.kubectl("scale deployment kubia --replicas=5")
    r = cluster.kubectl("rollout status deployment/kubia --timeout=5m")
    assert r.returncode == 0, r.stderr
    assert cluster.kubectl("get deploy kubia").stdout.split("\n")[1].split()[1] == "5/5"


def test_an_interrupt_in_the_last_instant_of_a_run_is_not_lost():
    cluster = kubecourse.Cluster()
    cluster.clock.call_later(10, Interrupter().fire, why="the stop button")
    with pytest.raises(KeyboardInterrupt):
        cluster.advance(10)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
