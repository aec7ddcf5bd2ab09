"""`%cluster images`: the simulated images as a table, for planning a lesson around them."""

from __future__ import annotations

from kubecourse.userland import images


def table(rows: list[images.Listed]) -> str:
    """kubectl's table layout (columns three spaces apart): image, its tags, what it runs."""
    lines = [("IMAGE", "TAGS", "WHAT IT RUNS"), *((r.repository, ",".join(r.tags), r.summary) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(2)]
    return "".join(f"{a:<{widths[0]}}   {b:<{widths[1]}}   {c}\n" for a, b, c in lines)
