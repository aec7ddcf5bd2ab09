"""The performance targets, measured: prints one JSON object of figures, each beside its target.

    make bench                                  # everything but the 10,000-replica runs (--quick)
    .venv/bin/python benchmarks/bench.py        # everything (the 10,000 runs take minutes)
    .venv/bin/python benchmarks/bench.py --only start rollout --replicas 100 1000

Every figure is measured in a fresh process, so one run's memory and imports do not colour
the next. Wall seconds depend on what else the machine runs; CPU seconds (time.process_time)
and API writes do not, so compare those between two builds.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("start", "get", "rollout", "memory", "session", "widgets", "notebooks")
TARGETS: dict[str, Any] = {
    "start.import_and_cluster_s": 0.25,
    "start.load_ext_s": 1.0,
    "get.pods_1000_ms": 10,
    "get.pods_10000_ms": 100,
    "rollout.1000.wall_s": 1.0,
    "rollout.10000.wall_s": 10.0,
    "rollout.ratio_10000_to_1000_cpu": 12,
    "memory.rss_10000_pods_mb": 300,
    "session.rss_growth_mb": 100,
    "session.save_s": 1.0,
    "session.save_mb": 5,
    "widgets.redraw_ms": 100,
    "notebooks.wall_s": 60,
}


def deployment(replicas: int, image: str) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "kubia"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "kubia"}},
                     "template": {"metadata": {"labels": {"app": "kubia"}},
                                  "spec": {"containers": [{"name": "kubia", "image": image}]}}}}


def rss_mb() -> float:
    """This process's peak resident set size (ru_maxrss is in KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def sized_cluster(replicas: int) -> Any:
    """A cluster with room for `replicas` and the rollout's surge (25 %): a kind node runs at
    most 110 pods, two of them kindnet and kube-proxy, as an operator would size it."""
    import kubecourse

    return kubecourse.Cluster(workers=max(3, -(-replicas * 13 // 1000)))


def rolled_out(replicas: int) -> Any:
    """A cluster whose Deployment `kubia` runs `replicas` ready pods of luksa/kubia:v1."""
    cluster = sized_cluster(replicas)
    cluster.api.create(deployment(replicas, "luksa/kubia:v1"))
    cluster.kubectl("rollout status deployment/kubia")
    return cluster


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, fn's value)."""
    w, c = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - w, time.process_time() - c, value


# --- what a child process measures ---------------------------------------------------------------

def child_start() -> dict:
    w, c, _ = timed(lambda: __import__("kubecourse").Cluster())
    heavy = [m for m in ("ipywidgets", "graphviz", "IPython") if m in sys.modules]
    return {"import_and_cluster_s": round(w, 3), "import_and_cluster_cpu_s": round(c, 3),
            "import_pulls_in": heavy}


def child_load_ext() -> dict:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    w, c, _ = timed(lambda: shell.run_line_magic("load_ext", "kubecourse"))
    return {"load_ext_s": round(w, 3), "load_ext_cpu_s": round(c, 3)}


def child_get(replicas: int) -> dict:
    cluster = rolled_out(replicas)
    out: dict[str, Any] = {}
    for args, label in (("get pods", f"pods_{replicas}"), ("get pods -o wide", f"pods_wide_{replicas}")):
        runs = [timed(lambda a=args: cluster.kubectl(a)) for _ in range(5)]
        rows = len(runs[0][2].stdout.splitlines()) - 1
        out[f"{label}_ms"] = round(statistics.median(w for w, _, _ in runs) * 1000, 1)
        out[f"{label}_cpu_ms"] = round(statistics.median(c for _, c, _ in runs) * 1000, 1)
        out[f"{label}_rows"] = rows
    return out


def child_rollout(replicas: int) -> dict:
    """A complete RollingUpdate (25 %/25 %) after an image change, to `successfully rolled out`."""
    cluster = rolled_out(replicas)
    before = len(cluster.api.history)

    def roll() -> str:
        cluster.kubectl("set image deployment/kubia kubia=luksa/kubia:v2")
        return cluster.kubectl("rollout status deployment/kubia").stdout

    wall, cpu, printed = timed(roll)
    writes = len(cluster.api.history) - before
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "api_writes": writes,
            "writes_per_s": round(writes / cpu), "us_per_write": round(cpu / writes * 1e6),
            "done": "successfully rolled out" in printed, "peak_rss_mb": rss_mb()}


def child_memory(replicas: int) -> dict:
    rolled_out(replicas)
    return {f"rss_{replicas}_pods_mb": rss_mb()}


def child_session(hours: int) -> dict:
    """A 10-replica Deployment rolled every 10 virtual minutes for `hours` virtual hours."""
    cluster = rolled_out(10)
    start = rss_mb()
    for i in range(hours * 6):
        cluster.kubectl(f"set image deployment/kubia kubia=luksa/kubia:v{2 + i % 2}")
        cluster.advance(600)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "session.kc"
        wall, _, _ = timed(lambda: cluster.save(path))
        size = path.stat().st_size
    return {"rollouts": hours * 6, "history_writes": len(cluster.api.history),
            "rss_growth_mb": round(rss_mb() - start, 1), "save_s": round(wall, 3),
            "save_mb": round(size / 2**20, 2)}


def child_widgets(replicas: int, seconds: int = 10) -> dict:
    """RevisionGraph and ServiceMap during the rolling update of `replicas`: each redraw (typed
    reads, the picture, dot's SVG) after every second of virtual time, as after a cell."""
    from kubecourse.widgets import RevisionGraph, ServiceMap

    cluster = rolled_out(replicas)
    cluster.kubectl("expose deployment kubia --port=80 --target-port=8080")
    created, _, widgets = timed(lambda: [RevisionGraph(cluster, "deploy/kubia"), ServiceMap(cluster, "svc/kubia")])
    cluster.kubectl("set image deployment/kubia kubia=luksa/kubia:v2")
    redraws: list[list[float]] = [[] for _ in widgets]
    for _ in range(seconds):
        cluster.advance(1)
        for widget, times in zip(widgets, redraws, strict=True):
            times.append(timed(widget.refresh)[0] * 1000)
    out: dict[str, Any] = {"replicas": replicas, "created_ms": round(created * 1000)}
    for widget, times in zip(widgets, redraws, strict=True):
        out[type(widget).__name__] = {"median_ms": round(statistics.median(times)),
                                      "max_ms": round(max(times))}
    return out


def child_notebooks() -> dict:
    import nbformat
    from nbclient import NotebookClient

    per: dict[str, float] = {}
    total = time.perf_counter()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        t = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        per[path.name] = round(time.perf_counter() - t, 2)
    return {"wall_s": round(time.perf_counter() - total, 2), "per_notebook_s": per}


CHILDREN: dict[str, Callable[..., dict]] = {
    "start": child_start, "load_ext": child_load_ext, "get": child_get, "rollout": child_rollout,
    "memory": child_memory, "session": child_session, "widgets": child_widgets, "notebooks": child_notebooks,
}


def measure(name: str, *args: int) -> dict:
    """Run CHILDREN[name](*args) in a fresh interpreter; its JSON."""
    cmd = [sys.executable, __file__, "--child", name, *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=SECTIONS, default=list(SECTIONS),
                        help="the sections to run (default: all)")
    parser.add_argument("--replicas", type=int, nargs="*", default=[100, 1000, 10000],
                        help="the rolling updates' sizes")
    parser.add_argument("--quick", action="store_true", help="skip every 10,000-pod figure")
    parser.add_argument("--hours", type=int, default=24, help="the long session's virtual hours")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        print(json.dumps(CHILDREN[name](*map(int, rest))))
        return
    big = 10_000
    sizes = [n for n in args.replicas if not (args.quick and n >= big)]
    report: dict[str, Any] = {"quick": args.quick}
    for section in args.only:
        if section == "start":
            report["start"] = {**min((measure("start") for _ in range(3)), key=lambda r: r.get("import_and_cluster_s", 0)),
                               **measure("load_ext")}
        elif section == "get":
            report["get"] = {k: v for n in (1000, big) if not (args.quick and n >= big) for k, v in measure("get", n).items()}
        elif section == "rollout":
            report["rollout"] = {str(n): measure("rollout", n) for n in sizes}
            rolls = report["rollout"]
            if "cpu_s" in rolls.get("1000", {}) and "cpu_s" in rolls.get(str(big), {}):
                rolls["ratio_10000_to_1000_cpu"] = round(rolls[str(big)]["cpu_s"] / rolls["1000"]["cpu_s"], 1)
        elif section == "memory" and not args.quick:
            report["memory"] = measure("memory", big)
        elif section == "session":
            report["session"] = measure("session", args.hours)
        elif section == "widgets":
            report["widgets"] = measure("widgets", 1000)
        elif section == "notebooks":
            report["notebooks"] = measure("notebooks")
    report["targets"] = TARGETS
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
