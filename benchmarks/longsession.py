"""The long-session memory figure: one 10-replica Deployment updated every 10 virtual minutes.

    .venv/bin/python benchmarks/longsession.py [--hours 24]

Events expire after an hour and the history keeps one virtual hour (kubecourse/api/server.py
EVENT_TTL, HISTORY_HORIZON), so RSS growth and the save file's size stay bounded however long
the session runs. Target: under 100 MB of growth over 24 virtual hours, a save under a few MB.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LongSession:
    hours: float
    rss_start_mb: float
    rss_end_mb: float
    save_bytes: int
    events: int
    history: int

    def __str__(self) -> str:
        return (f"long session {self.hours:g} virtual h: RSS {self.rss_start_mb:.0f} -> {self.rss_end_mb:.0f} MB "
                f"(+{self.rss_end_mb - self.rss_start_mb:.0f} MB), save {self.save_bytes / 1e6:.1f} MB, "
                f"{self.events} Events, {self.history} history entries")


def rss_mb() -> float:
    """This process's resident set now (Linux /proc), else its peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(hours: float = 24, every: float = 600, replicas: int = 10) -> LongSession:
    """Create the Deployment, change its pod template every `every` virtual seconds for
    `hours`, and measure."""
    import kubecourse

    cluster = kubecourse.Cluster()
    cluster.kubectl(f"create deployment kubia --image=luksa/kubia:v1 --replicas={replicas}")
    cluster.advance(60)
    start = rss_mb()
    for step in range(int(hours * 3600 // every)):
        cluster.kubectl(f"set env deployment/kubia STEP={step}")
        cluster.advance(every)
    end = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "session.kubecourse"
        cluster.save(path)
        size = path.stat().st_size
    return LongSession(hours, start, end, size, len(cluster.api.list("Event")), len(cluster.api.history))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24)
    print(run(parser.parse_args().hours))
