"""describe for ResourceQuotas and LimitRanges, and the two sections describe namespace adds.

Models kubernetes/kubectl: pkg/describe/describe.go describeQuota, helpTextForResourceQuotaScope,
describeLimitRange, describeLimitRangeSpec, DescribeResourceQuotas, DescribeLimitRanges.

What we learned from the source:
- A quota's rows come from status.hard, not spec.hard: the quota controller copies spec.hard
  there and counts status.used. Nothing in kubecourse counts usage yet, so a quota a learner
  creates shows its header and no rows, as on a cluster whose quota controller has not run.
  A resource not counted is used `0`; rows are sorted by resource name.
- Scopes print sorted and comma-joined, each with its help text when it has one.
- describe quota's table rules are `--------  ----  ----`; the namespace's are `---` wide.
- A limit range prints one row per resource of each limit item; the resources come from a Go
  map (random order upstream), so we sort them. A missing value is `-`.
- Neither kind has an Events section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kubecourse.api.models import LimitRange, ResourceQuota
from kubecourse.kubectl.describe import quantity
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import LEVEL_0, LEVEL_1, PrefixWriter

SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node "
                   "before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long "
                      "running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort "
                  "quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a "
                     "burstable or guaranteed quality of service.",
}
LIMIT_HEADER = "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n"
LIMIT_RULE = "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n"


def describe_resource_quota(rq: ResourceQuota, view: View) -> str:
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{rq.metadata.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{rq.metadata.namespace}\n")
    _quota(w, LEVEL_0, rq, bullet=" * ", rule="----")
    return w.text()


def describe_limit_range(lr: LimitRange, view: View) -> str:
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{lr.metadata.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{lr.metadata.namespace}\n")
    w.write(LEVEL_0, LIMIT_HEADER)
    w.write(LEVEL_0, LIMIT_RULE)
    _limit_rows(w, lr, "")
    return w.text()


def quotas_section(w: PrefixWriter, quotas: Sequence[ResourceQuota]) -> None:
    """DescribeResourceQuotas: every quota of a namespace, by name."""
    if not quotas:
        w.write(LEVEL_0, "No resource quota.\n")
        return
    w.write(LEVEL_0, "Resource Quotas\n")
    for rq in sorted(quotas, key=lambda q: q.metadata.name):
        w.write(LEVEL_1, f"Name:\t{rq.metadata.name}\n")
        _quota(w, LEVEL_1, rq, bullet="* ", rule="---")


def limit_ranges_section(w: PrefixWriter, limit_ranges: Sequence[LimitRange]) -> None:
    """DescribeLimitRanges: every limit range of a namespace in one table, in list order."""
    if not limit_ranges:
        w.write(LEVEL_0, "No LimitRange resource.\n")
        return
    w.write(LEVEL_0, f"Resource Limits\n {LIMIT_HEADER}")
    w.write(LEVEL_0, f" {LIMIT_RULE}")
    for lr in limit_ranges:
        _limit_rows(w, lr, " ")


def quota_rows(rq: ResourceQuota) -> list[tuple[str, str, str]]:
    status = rq.status
    hard, used = (status.hard or {}, status.used or {}) if status else ({}, {})
    return [(name, quantity.canonical(used.get(name, 0)), quantity.canonical(hard[name])) for name in sorted(hard)]


def _quota(w: PrefixWriter, level: int, rq: ResourceQuota, *, bullet: str, rule: str) -> None:
    """The scopes with their help texts, then the Resource/Used/Hard table."""
    scopes = sorted((rq.spec.scopes if rq.spec else None) or ())
    if scopes:
        w.write(level, f"Scopes:\t{', '.join(scopes)}\n")
    for scope in scopes:
        if scope in SCOPE_HELP:
            w.write(level, f"{bullet}{SCOPE_HELP[scope]}\n")
    w.write(level, "Resource\tUsed\tHard\n")
    w.write(level, f"--------\t{rule}\t{rule}\n")
    for name, used, hard in quota_rows(rq):
        w.write(level, f"{name}\t{used}\t{hard}\n")


def _limit_rows(w: PrefixWriter, lr: LimitRange, prefix: str) -> None:
    """describeLimitRangeSpec: per item, one row per resource named in any of its five maps."""
    for item in (lr.spec.limits if lr.spec else None) or ():
        columns: list[dict[str, Any]] = [item.min or {}, item.max or {}, item.default_request or {},
                                         item.default or {}, item.max_limit_request_ratio or {}]
        for name in sorted({name for values in columns for name in values}):
            cells = [quantity.canonical(values[name]) if name in values else "-" for values in columns]
            w.write(LEVEL_0, "\t".join([f"{prefix}{item.type}", name, *cells]) + "\n")
