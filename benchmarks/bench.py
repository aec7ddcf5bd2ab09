"""Benchmarks for the performance budget in docs/architecture.md. Prints figures; asserts nothing.

    make bench                     # or: .venv/bin/python benchmarks/bench.py [--replicas 1000 10000]

Targets: `import kubecourse` + `Cluster()` well under a second; `kubectl get pods` over 1,000
pods in milliseconds; a full rolling update of a 1,000-replica Deployment under a second of
wall time, and 10,000 replicas scaling linearly; a widget on a 1,000-replica Deployment
redrawing in under 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def deployment(replicas: int, image: str) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "kubia"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "kubia"}},
                     "template": {"metadata": {"labels": {"app": "kubia"}},
                                  "spec": {"containers": [{"name": "kubia", "image": image}]}}}}


def time_import_and_cluster() -> float:
    code = "import time; t = time.perf_counter(); import kubecourse; kubecourse.Cluster(); print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def rollout_done(cluster, replicas: int) -> bool:
    d = cluster.api.get("Deployment", "kubia", "default")
    s = d.status
    return bool(s and s.observed_generation == d.metadata.generation and s.updated_replicas == replicas
                and s.replicas == replicas and s.available_replicas == replicas)


def bench_rollout(replicas: int) -> None:
    import kubecourse

    # A kind node runs at most 110 pods (two of them kindnet and kube-proxy): size the cluster
    # for the rollout's surge (25 %), as an operator would, so no pod waits for room.
    cluster = kubecourse.Cluster(workers=max(3, -(-replicas * 13 // 1000)))
    t0 = time.perf_counter()
    cluster.api.create(deployment(replicas, "luksa/kubia:v1"))
    ok = cluster.wait(lambda: rollout_done(cluster, replicas), timeout=3600)
    t1 = time.perf_counter()
    writes_before = len(cluster.api.history)
    r = cluster.kubectl("get pods")
    t2 = time.perf_counter()
    d = cluster.api.get("Deployment", "kubia", "default")
    new_spec = d.spec.with_(template=d.spec.template.with_(spec=d.spec.template.spec.with_(
        containers=[d.spec.template.spec.containers[0].with_(image="luksa/kubia:v2")])))
    cluster.api.update(d.with_(spec=new_spec))
    ok2 = cluster.wait(lambda: rollout_done(cluster, replicas), timeout=3600)
    t3 = time.perf_counter()
    writes = len(cluster.api.history) - writes_before
    print(f"replicas={replicas:>6}  create+start: {t1 - t0:7.3f} s ({'done' if ok else 'NOT DONE'})  "
          f"get pods: {(t2 - t1) * 1000:7.1f} ms ({len(r.stdout.splitlines()) - 1} rows)  "
          f"rolling update: {t3 - t2:7.3f} s ({'done' if ok2 else 'NOT DONE'}, {writes} writes, "
          f"{(t3 - t2) / max(writes, 1) * 1e6:.0f} µs/write)")


def bench_widgets(replicas: int, seconds: int = 10) -> None:
    """RevisionGraph and ServiceMap during the rolling update of `replicas`: each redraw (typed
    reads, the picture, dot's SVG) after every second of virtual time, as after a cell."""
    import kubecourse
    from kubecourse.widgets import RevisionGraph, ServiceMap

    cluster = kubecourse.Cluster(workers=max(3, -(-replicas * 13 // 1000)))
    cluster.api.create(deployment(replicas, "luksa/kubia:v1"))
    cluster.kubectl("expose deployment kubia --port=80 --target-port=8080")
    cluster.wait(lambda: rollout_done(cluster, replicas), timeout=3600)
    t0 = time.perf_counter()
    widgets = [RevisionGraph(cluster, "deploy/kubia"), ServiceMap(cluster, "svc/kubia")]
    created = time.perf_counter() - t0
    cluster.kubectl("set image deployment/kubia kubia=luksa/kubia:v2")
    redraws: list[list[float]] = [[] for _ in widgets]
    for _ in range(seconds):
        cluster.advance(1)
        for widget, times in zip(widgets, redraws, strict=True):
            t = time.perf_counter()
            widget.refresh()
            times.append((time.perf_counter() - t) * 1000)
    print(f"widgets on {replicas} replicas: both created in {created * 1000:.0f} ms; redraw during the rollout " +
          ", ".join(f"{type(w).__name__} median {statistics.median(ts):.0f} ms, max {max(ts):.0f} ms"
                    for w, ts in zip(widgets, redraws, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, nargs="*", default=[100, 1000])
    args = parser.parse_args()
    print(f"import kubecourse + Cluster(): {time_import_and_cluster():.3f} s")
    for n in args.replicas:
        bench_rollout(n)
    bench_widgets(1000)


if __name__ == "__main__":
    main()
