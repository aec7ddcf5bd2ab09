"""`%cluster status`: a short account of the session cluster. Pure functions of its state."""

from __future__ import annotations

from datetime import datetime

from kubecourse.api import kinds
from kubecourse.api.columns import human_duration
from kubecourse.cluster import Cluster

SHOWN_TIMERS = 5


def format_time(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S UTC")


def summary(cluster: Cluster) -> str:
    api = cluster.api
    lines = [f"virtual time: {format_time(cluster.now)}"]
    lines.append("nodes: " + ", ".join(n.metadata.name for n in api.list("Node")))
    counts = [(k.plural, len(api.list(k.kind))) for k in kinds.KINDS if k.kind not in ("Node", "Event")]
    lines.append("objects: " + ", ".join(f"{n} {p}" for p, n in counts if n))
    timers = cluster.clock.pending()
    lines.append(f"pending: {len(timers)} timer(s)")
    for t in timers[:SHOWN_TIMERS]:
        lines.append(f"  in {human_duration((t.due - cluster.now).total_seconds())}: {t.why}")
    return "\n".join(lines) + "\n"
