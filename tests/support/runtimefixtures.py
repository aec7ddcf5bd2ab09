"""Helpers for the container-runtime tests: pods from short manifests, kubectl shorthands."""

from __future__ import annotations

from datetime import datetime

import kubecourse


def apply(cluster: kubecourse.Cluster, manifest: str) -> None:
    r = cluster.kubectl("apply -f -", stdin=manifest)
    assert r.returncode == 0, r.stderr


def pod(name: str, image: str, *, node: str | None = "kind-worker", extra: str = "", container: str = "",
        spec: str = "") -> str:
    """A one-container pod; `container` and `spec` are YAML lines indented for their place."""
    node_line = f"  nodeName: {node}\n" if node else ""
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n{extra}spec:\n{node_line}{spec}"
            f"  containers:\n  - name: {name.split('-')[0]}\n    image: {image}\n{container}")


def run(cluster: kubecourse.Cluster, line: str) -> tuple[str, str, int]:
    r = cluster.kubectl(line)
    return r.stdout, r.stderr, r.returncode


def out(cluster: kubecourse.Cluster, line: str) -> str:
    r = cluster.kubectl(line)
    assert r.returncode == 0, (line, r.stderr)
    return r.stdout


def events(cluster: kubecourse.Cluster, name: str) -> list[tuple[str, str]]:
    return [(e.obj.reason, e.obj.message) for e in cluster.api.history
            if e.kind == "Event" and e.type == "ADDED" and e.obj.involved_object.name == name]


def start_times(cluster: kubecourse.Cluster, name: str) -> list[datetime]:
    """When the pod's first container started, each time, from the startedAt of its running and
    terminated states in the pod's status writes. The kubelet's `Started` events are no clock
    for this: the event spam filter passes 25 events per pod, then one every 5 minutes."""
    starts = set()
    for e in cluster.api.history:
        if e.kind == "Pod" and e.obj.metadata.name == name and e.obj.status and e.obj.status.container_statuses:
            cs = e.obj.status.container_statuses[0]
            for state in (cs.state.running, cs.state.terminated, cs.last_state and cs.last_state.terminated):
                if state is not None and state.started_at is not None:
                    starts.add(state.started_at)
    return sorted(starts)


def status(cluster: kubecourse.Cluster, name: str):
    return cluster.api.get("Pod", name, "default").status.container_statuses[0]
